"""Reads of the application engine; every one starts from the user's scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from smedt.applications import workflow
from smedt.applications.facts import fact_catalog
from smedt.applications.kinds import kind_label
from smedt.applications.models import (
    Campaign,
    Submission,
    SubmissionObjection,
    SubmissionScore,
    Template,
    TemplateVersion,
)
from smedt.applications.schema import max_score, restrict_options, schema_fields
from smedt.applications.services.campaigns import campaign_accepting, eligibility_problem
from smedt.core.errors import NotFound
from smedt.orgs.models import Organization
from smedt.orgs.selectors import org_name_q
from smedt.rbac.grants import user_grants
from smedt.reviews import publicity

# --- templates -----------------------------------------------------------------------------------------------


def template_list(*, user: Any, filters: Any) -> QuerySet[Template]:
    qs = Template.objects.visible_to(user, "view").select_related("region").annotate(version_count=Count("versions"))
    if getattr(filters, "q", None):
        qs = qs.filter(name__icontains=filters.q)
    return qs


def template_get(*, user: Any, template_id: int, action: str = "view") -> Template:
    found = Template.objects.visible_to(user, action).select_related("region").filter(pk=template_id).first()
    if found is None:
        raise NotFound("申报模板不存在或无权访问")
    return found


def version_get(*, user: Any, template: Template, version_id: int) -> TemplateVersion:
    found = template.versions.filter(pk=version_id).first()
    if found is None:
        raise NotFound("模板版本不存在")
    return found


def version_out(v: TemplateVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "version": v.version,
        "status": v.status,
        "status_label": workflow.VERSION_LABELS[v.status],
        "published_at": v.published_at,
        "updated_at": v.updated_at,
        "form": v.schema,
        "max_score": str(max_score(v.schema)),
    }


def template_row(t: Template) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "description": t.description,
        "region_name": t.region.name,
        "version_count": getattr(t, "version_count", 0),
        "updated_at": t.updated_at,
    }


def template_detail(t: Template) -> dict[str, Any]:
    versions = list(t.versions.order_by("-version"))
    return {**template_row(t), "version_count": len(versions), "versions": [version_out(v) for v in versions]}


def fact_catalog_out() -> list[dict[str, str]]:
    return [{"key": k, **v} for k, v in sorted(fact_catalog().items())]


# --- campaigns -----------------------------------------------------------------------------------------------


def campaign_list(*, user: Any, filters: Any) -> QuerySet[Any]:
    qs: QuerySet[Any] = Campaign.objects.visible_to(user, "view").select_related("region", "template_version__template")
    qs = qs.defer("template_version__schema").annotate(
        submitted_count=Count("submissions", filter=~Q(submissions__status__in=[workflow.DRAFT, workflow.WITHDRAWN]))
    )
    if getattr(filters, "status", None):
        qs = qs.filter(status=filters.status)
    if getattr(filters, "kind", None):
        qs = qs.filter(kind=filters.kind)
    if getattr(filters, "q", None):
        qs = qs.filter(name__icontains=filters.q)
    return qs


def campaign_get(*, user: Any, campaign_id: int, action: str = "view") -> Campaign:
    found = (
        Campaign.objects.visible_to(user, action)
        .select_related("region", "template_version__template")
        .filter(pk=campaign_id)
        .first()
    )
    if found is None:
        raise NotFound("申报批次不存在或无权访问")
    return found


def campaign_status_label(c: Campaign) -> str:
    if c.status == workflow.C_OPEN and c.closes_at <= timezone.now():
        return "已截止"
    if c.status == workflow.C_OPEN and c.opens_at > timezone.now():
        return "未开始"
    return workflow.CAMPAIGN_LABELS[c.status]


def campaign_row(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "status": c.status,
        "status_label": campaign_status_label(c),
        "accepting": campaign_accepting(c),
        "template_name": c.template_version.template.name,
        "template_id": c.template_version.template_id,
        "template_version_id": c.template_version_id,
        "template_version": c.template_version.version,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "quota": c.quota,
        "submitted_count": getattr(c, "submitted_count", 0),
        "region_name": c.region.name,
        "kind": c.kind,
        "kind_label": kind_label(c.kind),
    }


def campaign_detail(c: Campaign) -> dict[str, Any]:
    return {
        **campaign_row(c),
        "description": c.description,
        "org_kinds": c.org_kinds,
        "region_codes": c.region_codes,
        "eligibility_rule": c.eligibility_rule,
        "eligibility_text": c.eligibility_text,
        "expert_scoring": c.expert_scoring,
        "min_expert_scores": c.min_expert_scores,
        "review_chain": c.review_chain,
        "result_handler": c.result_handler,
        "score_items": c.score_items,
        "field_options": c.field_options,
        "publicity_days": c.publicity_days,
        "remind_days": c.remind_days,
        "form": restrict_options(c.template_version.schema, c.field_options),
        "max_score": str(max_score(c.template_version.schema)),
    }


def applicant_orgs(user: Any) -> list[Organization]:
    ids = sorted(user_grants(user).grant("applications.apply").org_ids)
    return list(Organization.objects.filter(pk__in=ids).select_related("region"))


def campaign_reaches(c: Campaign, org: Organization, region_paths: dict[str, str]) -> bool:
    """Is `org` among those the campaign is addressed to (kind and region)? Others do not see it at all;
    the rule over facts is explained instead (see `eligibility_problem`)."""
    if org.kind not in c.org_kinds:
        return False
    if c.region_codes:
        return any(org.region.path.startswith(region_paths.get(code, "-")) for code in c.region_codes)
    return org.region.path.startswith(c.region.path)


def _region_paths(campaigns: list[Campaign]) -> dict[str, str]:
    from smedt.regions.models import Region

    codes = {code for c in campaigns for code in c.region_codes}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "path")) if codes else {}


def campaign_open_list(*, user: Any) -> list[dict[str, Any]]:
    """For an applicant: campaigns accepting now and addressed to them, whether the rule lets them apply,
    and their own submission."""
    orgs = applicant_orgs(user)
    if not orgs:
        return []
    org = orgs[0]
    now = timezone.now()
    campaigns = list(
        Campaign.objects.dangerously_unscoped()
        .filter(status=workflow.C_OPEN, opens_at__lte=now, closes_at__gt=now)
        .select_related("region", "template_version__template")
        .defer("template_version__schema")
        .order_by("closes_at")[:100]
    )
    paths = _region_paths(campaigns)
    campaigns = [c for c in campaigns if campaign_reaches(c, org, paths)]
    mine = {
        s.campaign_id: s
        for s in Submission.objects.filter(campaign__in=campaigns, org=org).only("id", "campaign_id", "status")
    }
    out = []
    for c in campaigns:
        sub = mine.get(c.pk)
        out.append(
            {
                **campaign_row(c),
                "description": c.description,
                "eligibility_text": c.eligibility_text,
                "eligible_problem": eligibility_problem(c, org),
                "my_submission_id": sub.pk if sub else None,
                "my_submission_status": sub.status if sub else "",
            }
        )
    return out


def campaign_for_applicant(*, user: Any, campaign_id: int) -> Campaign:
    """A published campaign addressed to one of the applicant's organizations (404 otherwise)."""
    found = (
        Campaign.objects.dangerously_unscoped()
        .select_related("template_version__template", "region")
        .filter(pk=campaign_id)
        .exclude(status=workflow.C_DRAFT)
        .first()
    )
    orgs = applicant_orgs(user)
    if found is None or not any(campaign_reaches(found, org, _region_paths([found])) for org in orgs):
        raise NotFound("申报批次不存在或无权访问")
    return found


# --- submissions ---------------------------------------------------------------------------------------------


def submission_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[Submission]:
    qs = (
        Submission.objects.visible_to(user, action)
        .select_related("campaign", "org", "region")
        .defer("data", "facts", "findings")
    )
    if getattr(filters, "campaign_id", None):
        qs = qs.filter(campaign_id=filters.campaign_id)
    if getattr(filters, "kind", None):
        qs = qs.filter(campaign__kind=filters.kind)
    if getattr(user, "is_authenticated", False):
        mine = SubmissionScore.objects.filter(submission=OuterRef("pk"), expert_id=user.pk)
        qs = qs.annotate(scored_by_me=Exists(mine))  # type: ignore[assignment]
        if getattr(filters, "to_score", None):
            qs = qs.filter(status=workflow.REVIEWING, campaign__expert_scoring=True).exclude(Exists(mine))
    if getattr(filters, "status", None):
        qs = qs.filter(status=filters.status)
    elif getattr(filters, "submitted", None):
        qs = qs.exclude(status__in=[workflow.DRAFT, workflow.WITHDRAWN])
    if getattr(filters, "q", None):
        qs = qs.filter(org_name_q(filters.q, "org"))
    return qs


def submission_get(*, user: Any, submission_id: int, action: str = "view") -> Submission:
    found = (
        Submission.objects.visible_to(user, action)
        .select_related("campaign", "org", "region", "template_version__template", "review")
        .filter(pk=submission_id)
        .first()
    )
    if found is None:
        raise NotFound("申报书不存在或无权访问")
    return found


def submission_row(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "campaign": {"id": s.campaign_id, "name": s.campaign.name},
        "org": {"id": s.org_id, "name": s.org.name},
        "region_name": s.region.name,
        "status": s.status,
        "status_label": workflow.SUBMISSION_LABELS[s.status],
        "prereview_score": str(s.prereview_score),
        "max_score": str(sum((Decimal(i["max_points"]) for i in s.indicators), Decimal(0))),
        "findings_count": s.findings_count,
        "submitted_at": s.submitted_at,
        "updated_at": s.updated_at,
        "review_id": s.review_id,
        "template_version_id": s.template_version_id,
        "kind": s.campaign.kind,
        "expert_scoring": s.campaign.expert_scoring,
        "scored_by_me": bool(getattr(s, "scored_by_me", False)),
    }


def submission_detail(s: Submission, user: Any) -> dict[str, Any]:
    from smedt.applications.models import IndicatorOverride

    overrides = IndicatorOverride.objects.filter(submission=s).order_by("id")
    scores = list(s.scores.order_by("id"))
    can_override = (
        s.status == workflow.REVIEWING
        and not user_grants(user).grant("applications.override_indicator").empty
        and user_grants(user).grant("applications.override_indicator").covers(region_path=s.region.path)
    )
    return {
        **submission_row(s),
        "template": {"id": s.template_version.template_id, "name": s.template_version.template.name},
        "template_version": s.template_version.version,
        "form": restrict_options(s.template_version.schema, s.campaign.field_options),
        "data": s.data,
        "facts": s.facts,
        "indicators": [{**r, "override": s.overrides.get(r["key"])} for r in s.indicators],
        "findings": s.findings,
        "publicity_starts_at": s.publicity_starts_at,
        "publicity_ends_at": s.publicity_ends_at,
        "decided_at": s.decided_at,
        "decision_note": s.decision_note,
        "overrides_log": [
            {
                "indicator_key": o.indicator_key,
                "computed_points": str(o.computed_points),
                "points": str(o.points),
                "reason": o.reason,
                "actor_name": o.actor_name,
                "created_at": o.created_at,
            }
            for o in overrides
        ],
        "scores": [
            {
                "expert_name": x.expert_name,
                "total": str(x.total),
                "marks": x.marks,
                "opinion": x.opinion,
                "created_at": x.created_at,
            }
            for x in scores
        ],
        "score_items": s.campaign.score_items,
        "expert_scoring": s.campaign.expert_scoring,
        "editable": s.status in workflow.EDITABLE,
        "can_override": can_override,
        "allowed_actions": workflow.allowed(s.status),
    }


# --- publicity and results (public) --------------------------------------------------------------------------


def publicity_list(*, kind: str | None = None) -> QuerySet[Submission]:
    qs = (
        Submission.objects.dangerously_unscoped()
        .filter(publicity.running_q())
        .select_related("org", "campaign", "region")
        .only(
            "id",
            "org__name",
            "org__credit_code",
            "campaign__name",
            "campaign__kind",
            "campaign__field_options",
            "region__name",
            "publicity_starts_at",
            "publicity_ends_at",
            "prereview_score",
            "decided_at",
            "data",
            "template_version_id",
        )
    )
    return qs.filter(campaign__kind=kind) if kind is not None else qs


def publicity_get(*, submission_id: int) -> Submission:
    found = publicity_list().filter(pk=submission_id).first()
    if found is None:
        raise NotFound("该申报不在公示期内")
    return found


def public_rows(rows: list[Submission]) -> list[dict[str, Any]]:
    """Public rows with the values of the fields the template marks public (labels, never codes); the
    template versions of a page are read in one query."""
    from smedt.applications.report import display_value

    ids = {s.template_version_id for s in rows}
    schemas = dict(TemplateVersion.objects.filter(pk__in=ids).values_list("pk", "schema")) if ids else {}
    out = []
    for s in rows:
        shown = []
        for f in schema_fields(schemas.get(s.template_version_id) or {}):
            if f.get("public") and s.data.get(f["key"]) not in (None, "", []):
                shown.append({"label": f["label"], "value": str(display_value(f, s.data.get(f["key"]), {}))})
        out.append({**public_row(s), "public_fields": shown})
    return out


def public_row(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.campaign.kind,
        "org_name": s.org.name,
        "credit_code": s.org.credit_code,
        "batch_name": s.campaign.name,
        "region_name": s.region.name,
        "publicity_starts_at": s.publicity_starts_at,
        "publicity_ends_at": s.publicity_ends_at,
        "decided_at": s.decided_at,
    }


def result_list(*, campaign_id: int | None = None, kind: str | None = None) -> QuerySet[Submission]:
    qs = (
        Submission.objects.dangerously_unscoped()
        .filter(status=workflow.APPROVED)
        .select_related("org", "campaign", "region")
        .only(
            "id",
            "org__name",
            "org__credit_code",
            "campaign__name",
            "campaign__kind",
            "region__name",
            "publicity_starts_at",
            "publicity_ends_at",
            "decided_at",
            "data",
            "template_version_id",
        )
    )
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if kind is not None:
        qs = qs.filter(campaign__kind=kind)
    return qs


def objection_list(*, user: Any, filters: Any) -> QuerySet[SubmissionObjection]:
    visible = Submission.objects.visible_to(user, "view").values("pk")
    qs = SubmissionObjection.objects.filter(application_id__in=visible).select_related("application__org")
    if user_grants(user).grant("applications.handle_objection").empty:
        qs = qs.none()
    if getattr(filters, "status", None):
        qs = qs.filter(status=filters.status)
    if getattr(filters, "submission_id", None):
        qs = qs.filter(application_id=filters.submission_id)
    return qs


def objection_get(*, user: Any, objection_id: int) -> SubmissionObjection:
    found = objection_list(user=user, filters=None).filter(pk=objection_id).first()
    if found is None:
        raise NotFound("异议不存在或无权访问")
    return found
