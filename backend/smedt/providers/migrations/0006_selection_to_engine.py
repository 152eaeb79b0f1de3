"""服务商遴选 moves onto the application engine: each ProviderBatch becomes a Campaign of kind ``provider``
(city-only review chain, expert scoring, result handler ``providers.pool``, the batch's 细分行业 scope as the
campaign's ``field_options`` narrowing of the template's ``sub_industries`` field) on the shipped 数字化服务商入库申请书 template, each
ProviderApplication a Submission (its review request re-pointed to the engine's chain), expert scores and
publicity objections move with it, and pool members point at the submission that admitted them. Nothing is
dropped here; 0007 deletes the old tables."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import migrations
from django.utils import timezone

CHAIN_CITY = "application_review_city"
POOL_HANDLER = "providers.pool"
PROVIDER_KIND = "provider"
SCOPE_FIELD = "sub_industries"
OLD_PROCESS = "provider_selection"


def _labels(DictItem: Any, code: str) -> dict[str, str]:
    rows = DictItem.objects.filter(dict_type__code=code, is_active=True).order_by("sort", "id")
    return dict(rows.values_list("value", "label"))


def _schema(DictItem: Any, seen: dict[str, set[str]]) -> dict[str, Any]:
    """The shipped template, cleaned like the designer's payload; options come from the dictionaries, plus any
    value an old application holds that is no longer in them (so every migrated submission stays valid)."""
    from smedt.applications.schema import template_schema_clean
    from smedt.providers.selection import provider_template

    def options(code: str) -> dict[str, str]:
        found = _labels(DictItem, code)
        return {**found, **{v: v for v in sorted(seen.get(code, set())) if v not in found}}

    return template_schema_clean(provider_template()["form"], facts={}, dict_options=options)


def _data(app: Any) -> dict[str, Any]:
    cases = [
        {k: str(c.get(k) or "").strip()[:500] or None for k in ("name", "customer", "year", "summary")}
        for c in app.past_cases or []
        if isinstance(c, dict)
    ]
    return {
        "provider_type": app.provider_type or None,
        "sub_industries": list(app.sub_industries or []),
        "qualifications": app.qualifications or None,
        "staff_count": str(app.staff_count),
        "tech_staff_count": str(app.tech_staff_count),
        "past_cases": cases,
        "attachments": [str(a) for a in app.attachments or []],
    }


def move_selection_to_engine(apps: Any, schema_editor: Any) -> None:
    Batch = apps.get_model("providers", "ProviderBatch")
    App = apps.get_model("providers", "ProviderApplication")
    Score = apps.get_model("providers", "ProviderExpertScore")
    Objection = apps.get_model("providers", "ProviderObjection")
    Member = apps.get_model("providers", "ProviderPoolMember")
    Template = apps.get_model("applications", "Template")
    Version = apps.get_model("applications", "TemplateVersion")
    Campaign = apps.get_model("applications", "Campaign")
    Submission = apps.get_model("applications", "Submission")
    SubmissionScore = apps.get_model("applications", "SubmissionScore")
    SubmissionObjection = apps.get_model("applications", "SubmissionObjection")
    ReviewRequest = apps.get_model("reviews", "ReviewRequest")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DictItem = apps.get_model("dicts", "DictItem")

    batches = list(Batch.objects.order_by("id"))
    if not batches:
        return
    from smedt.providers.selection import provider_template

    seen: dict[str, set[str]] = {"provider_type": set(), "pilot_sub_industry": set()}
    for ptype, subs in App.objects.values_list("provider_type", "sub_industries"):
        if ptype:
            seen["provider_type"].add(ptype)
        seen["pilot_sub_industry"].update(str(s) for s in subs or [])
    for batch in batches:  # a batch's scope is a subset of the template's options, even for a retired code
        seen["pilot_sub_industry"].update(str(s) for s in batch.sub_industries or [])
    doc = provider_template()
    now = timezone.now()
    template = Template.objects.create(name=doc["name"], description=doc["description"], region=batches[0].region)
    version = Version.objects.create(
        template=template, version=1, status="published", schema=_schema(DictItem, seen), published_at=now
    )
    submission_ct, _ = ContentType.objects.get_or_create(app_label="applications", model="submission")

    def campaign_for(batch: Any, name: str, status: str) -> Any:
        scope = list(dict.fromkeys(str(s) for s in batch.sub_industries or []))
        closes_at = batch.deadline if batch.deadline > batch.created_at else batch.created_at + timedelta(seconds=1)
        return Campaign.objects.create(
            name=name[:100],
            kind=PROVIDER_KIND,
            field_options={SCOPE_FIELD: scope} if scope else {},
            template_version=version,
            region=batch.region,
            status=status,
            opens_at=batch.created_at,
            closes_at=closes_at,
            org_kinds=["provider"],
            quota=max(100, App.objects.filter(batch=batch).count()),
            review_chain=CHAIN_CITY,
            result_handler=POOL_HANDLER,
            expert_scoring=True,
            min_expert_scores=max(1, batch.min_experts),
            score_items=list(batch.score_items or []),
            publicity_days=batch.publicity_days,
        )

    for batch in batches:
        main = campaign_for(batch, batch.name, "open" if batch.status == "open" else "closed")
        Campaign.objects.filter(pk=main.pk).update(created_at=batch.created_at)
        history = None  # a provider's earlier (rejected / withdrawn) applications to the same batch
        taken: set[int] = set()
        apps_of_batch = list(App.objects.filter(batch=batch).order_by("id"))
        live = {a.org_id: a.pk for a in apps_of_batch if a.status not in ("rejected", "withdrawn")}
        for app in sorted(apps_of_batch, key=lambda a: (a.pk != live.get(a.org_id), a.pk)):
            campaign = main
            if app.org_id in taken:
                if history is None:
                    history = campaign_for(batch, f"{batch.name}（历史申请）", "closed")
                campaign = history
            taken.add(app.org_id)
            sub = Submission.objects.create(
                campaign=campaign,
                template_version=version,
                org_id=app.org_id,
                region_id=app.region_id,
                status=app.status,
                data=_data(app),
                review_id=app.review_id,
                publicity_starts_at=(
                    app.publicity_ends_at - timedelta(days=batch.publicity_days) if app.publicity_ends_at else None
                ),
                publicity_ends_at=app.publicity_ends_at,
                submitted_at=app.submitted_at,
                decided_at=app.decided_at,
            )
            Submission.objects.filter(pk=sub.pk).update(created_at=app.created_at)
            if app.review_id:
                ReviewRequest.objects.filter(pk=app.review_id).update(
                    process_key=CHAIN_CITY, content_type=submission_ct, object_id=str(sub.pk), current_step=0
                )
            for s in Score.objects.filter(application=app).order_by("id"):
                moved = SubmissionScore.objects.create(
                    submission=sub,
                    expert_id=s.expert_id,
                    expert_name=s.expert_name,
                    marks=s.marks,
                    total=s.total,
                    opinion=s.opinion,
                )
                SubmissionScore.objects.filter(pk=moved.pk).update(created_at=s.created_at)
            for o in Objection.objects.filter(application=app).order_by("id"):
                moved = SubmissionObjection.objects.create(
                    application=sub,
                    content=o.content,
                    filed_by_id=o.filed_by_id,
                    evidence_id=o.evidence_id,
                    status=o.status,
                    resolution=o.resolution,
                    handled_by_id=o.handled_by_id,
                    handled_at=o.handled_at,
                )
                SubmissionObjection.objects.filter(pk=moved.pk).update(created_at=o.created_at)
            Member.objects.filter(application=app).update(submission=sub)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0005_pool_member_submission"),
        ("applications", "0002_campaign_kind_and_field_options"),
        ("reviews", "0001_initial"),
        ("dicts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_selection_to_engine, migrations.RunPython.noop)]
