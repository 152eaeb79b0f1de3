"""试点企业遴选 moves onto the application engine: every row of the old parallel copy becomes engine data.

    ScoreSheet                 → Campaign.score_items (the sheet's items, copied onto each campaign using it)
    SelectionBatch             → Campaign (kind "pilot", result handler enterprises.pilot_library, the batch's
                                 细分行业 as the campaign's options of the field `sub_industry`)
    batch.required_attachments → a file field per required attachment in the batch's template version
                                 (one version of the template "试点企业申报书" per distinct form)
    PilotApplication           → Submission (data: sub_industry, contact_name, plan_summary, one key per
                                 attachment; facts: the profile snapshot taken at submission, flattened)
    its ReviewRequest          → the same request, re-pointed at the submission (process application_review)
    PilotExpertScore           → SubmissionScore
    PilotObjection             → SubmissionObjection
    PilotEnterprise.application/batch → PilotEnterprise.submission/campaign

Nothing is dropped before it is copied. Going backwards re-creates the old (empty) tables and leaves the data
in the engine, where it stays usable; it is not copied back.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

PILOT_KIND = "pilot"
PILOT_LIBRARY = "enterprises.pilot_library"
TEMPLATE_NAME = "试点企业申报书"
TEMPLATE_DESCRIPTION = "中小企业数字化转型城市试点：试点企业遴选的申报表（由原试点企业申报表迁移而来）。"
SNAPSHOT_SOURCE = "申报时档案快照"
ALL_FILE_TYPES = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "doc", "xls", "zip", "ofd", "txt", "csv"]

# the application form as it was (frozen here: later edits of the shipped template do not change history)
BASE_SECTIONS: list[dict[str, Any]] = [
    {
        "title": "申报信息",
        "fields": [
            {
                "key": "sub_industry",
                "label": "申报细分行业",
                "kind": "select",
                "required": True,
                "dict_code": "pilot_sub_industry",
                "public": True,
            },
            {"key": "contact_name", "label": "联系人", "kind": "text", "required": True, "max_length": 64},
            {"key": "plan_summary", "label": "数字化转型计划", "kind": "textarea", "required": True, "max_length": 5000},
        ],
    },
    {
        "title": "企业档案（自动预填）",
        "fields": [
            {"key": "revenue", "label": "上年度营业收入", "kind": "amount", "unit": "万元", "fact": "enterprise.operating_revenue"},
            {"key": "employees", "label": "从业人员", "kind": "number", "unit": "人", "fact": "enterprise.employees"},
            {
                "key": "legal_representative",
                "label": "法定代表人",
                "kind": "text",
                "max_length": 64,
                "fact": "enterprise.legal_representative",
            },
        ],
    },
]

SNAPSHOT_LABELS = {
    "name": "企业名称",
    "credit_code": "统一社会信用代码",
    "region": "所在区域",
    "address": "地址",
    "industry_code": "所属行业",
    "registered_capital": "注册资本（万元）",
    "founded_on": "成立日期",
    "legal_representative": "法定代表人",
    "sub_industries": "档案细分行业",
    "contact_name": "档案联系人",
    "operating_revenue": "营业收入（万元）",
    "rd_expense": "研发费用（万元）",
    "employees": "从业人员",
    "rd_staff": "研发人员",
    "size_class": "企业规模",
}


def _raw_form(required_attachments: list[dict[str, Any]]) -> dict[str, Any]:
    files = [
        {
            "key": str(a["key"]),
            "label": str(a["name"]),
            "kind": "file",
            "required": True,
            "accept": ALL_FILE_TYPES,
            "max_count": 1,
        }
        for a in required_attachments
        if a.get("key") and a.get("name")
    ]
    if not files:
        files = [{"key": "attachments", "label": "申报材料", "kind": "file", "accept": ALL_FILE_TYPES, "max_count": 10}]
    sections = [*json.loads(json.dumps(BASE_SECTIONS)), {"title": "申报材料", "fields": files}]
    return {"sections": sections, "validations": [], "indicators": [], "checks": []}


def _snapshot_facts(snapshot: dict[str, Any], recorded_at: str) -> dict[str, Any]:
    """The profile snapshot as the engine's facts ({key: {value, label, source_label, recorded_at, year}})."""
    out: dict[str, Any] = {}
    latest = snapshot.get("latest_year") if isinstance(snapshot.get("latest_year"), dict) else {}
    year = latest.get("year") if isinstance(latest.get("year"), int) else None
    items = [(k, v, None) for k, v in snapshot.items() if k != "latest_year"]
    items += [(k, v, year) for k, v in latest.items() if k != "year"]
    for key, value, y in items:
        if value in (None, "", []):
            continue
        shown = "、".join(str(v) for v in value) if isinstance(value, list) else str(value)
        out[f"snapshot.{key}"] = {
            "value": shown,
            "label": SNAPSHOT_LABELS.get(key, key),
            "source_label": SNAPSHOT_SOURCE,
            "recorded_at": recorded_at,
            "year": y,
        }
    return out


def move_pilot_selection(apps: Any, schema_editor: Any) -> None:
    SelectionBatch = apps.get_model("enterprises", "SelectionBatch")
    if not SelectionBatch.objects.exists():
        return
    from smedt.applications.facts import fact_catalog
    from smedt.applications.schema import template_schema_clean

    PilotApplication = apps.get_model("enterprises", "PilotApplication")
    PilotExpertScore = apps.get_model("enterprises", "PilotExpertScore")
    PilotObjection = apps.get_model("enterprises", "PilotObjection")
    PilotEnterprise = apps.get_model("enterprises", "PilotEnterprise")
    Template = apps.get_model("applications", "Template")
    TemplateVersion = apps.get_model("applications", "TemplateVersion")
    Campaign = apps.get_model("applications", "Campaign")
    Submission = apps.get_model("applications", "Submission")
    SubmissionScore = apps.get_model("applications", "SubmissionScore")
    SubmissionObjection = apps.get_model("applications", "SubmissionObjection")
    ReviewRequest = apps.get_model("reviews", "ReviewRequest")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DictItem = apps.get_model("dicts", "DictItem")

    used = set()
    for subs in SelectionBatch.objects.values_list("sub_industries", flat=True):
        used |= {str(v) for v in subs or []}
    used |= set(PilotApplication.objects.values_list("sub_industry", flat=True))
    labels = dict(
        DictItem.objects.filter(dict_type__code="pilot_sub_industry").order_by("sort").values_list("value", "label")
    )
    options = {**labels, **{v: labels.get(v, v) for v in sorted(used) if v}}

    def dict_options(code: str) -> dict[str, str]:
        return options if code == "pilot_sub_industry" else {}

    catalog = fact_catalog()
    submission_ct, _ = ContentType.objects.get_or_create(app_label="applications", model="submission")

    templates: dict[int, Any] = {}  # region id → Template
    versions: dict[tuple[int, str], Any] = {}  # (region id, form json) → TemplateVersion
    campaign_of: dict[int, list[Any]] = {}  # batch id → campaigns (a second one only for a repeated org)
    orgs_in: dict[int, set[int]] = {}  # campaign id → org ids
    submission_of: dict[int, Any] = {}  # application id → Submission

    for batch in SelectionBatch.objects.select_related("score_sheet").order_by("id"):
        form = template_schema_clean(
            _raw_form(list(batch.required_attachments or [])), facts=catalog, dict_options=dict_options
        )
        form_key = json.dumps(form, sort_keys=True, ensure_ascii=False)
        template = templates.get(batch.region_id)
        if template is None:
            template = Template.objects.create(
                name=TEMPLATE_NAME, description=TEMPLATE_DESCRIPTION, region_id=batch.region_id
            )
            templates[batch.region_id] = template
        version = versions.get((batch.region_id, form_key))
        if version is None:
            number = TemplateVersion.objects.filter(template=template).count() + 1
            version = TemplateVersion.objects.create(
                template=template, version=number, status="published", schema=form, published_at=batch.created_at
            )
            versions[(batch.region_id, form_key)] = version
        opens_at = batch.created_at if batch.created_at < batch.deadline else batch.deadline - timedelta(days=1)
        sheet = batch.score_sheet
        campaign = Campaign.objects.create(
            name=batch.name,
            description=batch.description,
            template_version=version,
            region_id=batch.region_id,
            status="open" if batch.status == "open" else "closed",
            opens_at=opens_at,
            closes_at=batch.deadline,
            org_kinds=["enterprise"],
            region_codes=[],
            quota=batch.quota,
            review_chain="application_review",
            result_handler=PILOT_LIBRARY,
            kind=PILOT_KIND,
            field_options={"sub_industry": [v for v in batch.sub_industries or [] if v in options]},
            expert_scoring=sheet is not None,
            min_expert_scores=0,  # scoring stays optional, as it was
            score_items=list(sheet.items) if sheet is not None else [],
            publicity_days=batch.publicity_days,
            remind_days=0,
            created_by_id=batch.created_by_id,
        )
        Campaign.objects.filter(pk=campaign.pk).update(created_at=batch.created_at)
        campaign_of[batch.pk] = [campaign]
        orgs_in[campaign.pk] = set()

    def campaign_for(app: Any) -> Any:
        for campaign in campaign_of[app.batch_id]:
            if app.org_id not in orgs_in[campaign.pk]:
                return campaign
        first = campaign_of[app.batch_id][0]
        extra = Campaign.objects.get(pk=first.pk)
        extra.pk = None
        extra.name = f"{first.name}（历史申报 {len(campaign_of[app.batch_id])}）"[:100]
        extra.status = "closed"
        extra.save()
        campaign_of[app.batch_id].append(extra)
        orgs_in[extra.pk] = set()
        return extra

    # live applications first, so they keep the batch's own campaign
    live_first = sorted(
        PilotApplication.objects.select_related("batch").order_by("id"),
        key=lambda a: (a.status in ("rejected", "withdrawn"), a.pk),
    )
    for app in live_first:
        campaign = campaign_for(app)
        orgs_in[campaign.pk].add(app.org_id)
        snapshot = app.snapshot if isinstance(app.snapshot, dict) else {}
        latest = snapshot.get("latest_year") if isinstance(snapshot.get("latest_year"), dict) else {}
        data: dict[str, Any] = {
            "sub_industry": app.sub_industry,
            "contact_name": app.contact_name,
            "plan_summary": app.plan_summary,
        }
        for key, value in {
            "revenue": latest.get("operating_revenue"),
            "employees": latest.get("employees"),
            "legal_representative": snapshot.get("legal_representative"),
        }.items():
            if value not in (None, ""):
                data[key] = value
        file_keys = {
            f["key"] for s in campaign.template_version.schema["sections"] for f in s["fields"] if f["kind"] == "file"
        }
        for key, att_id in (app.attachments or {}).items():
            if not att_id:
                continue
            target = key if key in file_keys else "attachments"
            data.setdefault(target, []).append(str(att_id))
        recorded = (app.submitted_at or app.created_at).isoformat()
        submission = Submission.objects.create(
            campaign=campaign,
            template_version=campaign.template_version,
            org_id=app.org_id,
            region_id=app.region_id,
            status=app.status,
            data=data,
            facts=_snapshot_facts(snapshot, recorded),
            indicators=[],
            findings=[],
            overrides={},
            prereview_score=0,
            findings_count=0,
            review_id=app.review_id,
            publicity_starts_at=app.publicity_starts_at,
            publicity_ends_at=app.publicity_ends_at,
            submitted_at=app.submitted_at,
            decided_at=app.decided_at,
            decision_note=app.decision_note,
            created_by_id=app.created_by_id,
        )
        Submission.objects.filter(pk=submission.pk).update(created_at=app.created_at, updated_at=app.updated_at)
        submission_of[app.pk] = submission
        if app.review_id:
            ReviewRequest.objects.filter(pk=app.review_id).update(
                process_key="application_review", content_type=submission_ct, object_id=str(submission.pk)
            )

    for score in PilotExpertScore.objects.order_by("id"):
        new = SubmissionScore.objects.create(
            submission=submission_of[score.application_id],
            expert_id=score.expert_id,
            expert_name=score.expert_name,
            marks=score.marks,
            total=score.total,
            opinion=score.opinion,
        )
        SubmissionScore.objects.filter(pk=new.pk).update(created_at=score.created_at)

    for o in PilotObjection.objects.order_by("id"):
        new = SubmissionObjection.objects.create(
            application=submission_of[o.application_id],
            content=o.content,
            filed_by_id=o.filed_by_id,
            evidence_id=o.evidence_id,
            status=o.status,
            resolution=o.resolution,
            handled_by_id=o.handled_by_id,
            handled_at=o.handled_at,
        )
        SubmissionObjection.objects.filter(pk=new.pk).update(created_at=o.created_at)

    for pilot in PilotEnterprise.objects.exclude(application__isnull=True, batch__isnull=True):
        submission = submission_of.get(pilot.application_id) if pilot.application_id else None
        campaign = submission.campaign if submission is not None else None
        if campaign is None and pilot.batch_id in campaign_of:
            campaign = campaign_of[pilot.batch_id][0]
        PilotEnterprise.objects.filter(pk=pilot.pk).update(submission=submission, campaign=campaign)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_campaign_kind_and_field_options"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dicts", "0001_initial"),
        ("enterprises", "0002_profile_above_scale"),
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pilotenterprise",
            name="submission",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="applications.submission",
            ),
        ),
        migrations.AddField(
            model_name="pilotenterprise",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="applications.campaign",
            ),
        ),
        migrations.RunPython(move_pilot_selection, migrations.RunPython.noop),
        migrations.RemoveField(model_name="pilotenterprise", name="application"),
        migrations.RemoveField(model_name="pilotenterprise", name="batch"),
        migrations.DeleteModel(name="PilotExpertScore"),
        migrations.DeleteModel(name="PilotObjection"),
        migrations.DeleteModel(name="PilotApplication"),
        migrations.DeleteModel(name="SelectionBatch"),
        migrations.DeleteModel(name="ScoreSheet"),
    ]
