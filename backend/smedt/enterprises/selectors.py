"""Reads of the enterprise registries, always starting from the user's scope."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from smedt.core.errors import NotFound
from smedt.enterprises import sizing
from smedt.enterprises.models import (
    EnterpriseProfile,
    EnterpriseYearFigure,
    FactRecord,
    FactSource,
    ImportJob,
    PilotEnterprise,
    PostStatus,
    RecruitmentPost,
)
from smedt.enterprises.services.profile import FIGURE_FIELDS, PROFILE_FIELDS
from smedt.orgs.models import Organization, OrgKind
from smedt.orgs.selectors import org_name_q, org_search_q, phone_masked
from smedt.rbac.grants import user_grants
from smedt.regions.models import Region

# --- profiles ------------------------------------------------------------------------------------------------


def profile_list(*, user: Any, filters: Any) -> QuerySet[EnterpriseProfile]:
    qs = (
        EnterpriseProfile.objects.visible_to(user, "view")
        .select_related("org__region")
        .prefetch_related(Prefetch("figures", queryset=EnterpriseYearFigure.objects.order_by("-year")))
    )
    if filters.q:
        qs = qs.filter(org_search_q(filters.q, "org"))
    if filters.region_code:
        qs = qs.filter(org__region__code=filters.region_code)
    if filters.industry_code:
        qs = qs.filter(industry_code__startswith=filters.industry_code.upper())
    if filters.sub_industry:
        # JSON containment is not portable to SQLite; the dictionary values are plain identifiers
        qs = qs.filter(sub_industries__icontains=f'"{filters.sub_industry}"')
    if filters.size_class:
        qs = qs.filter(figures__size_class=filters.size_class).distinct()
    if filters.above_scale is not None:
        qs = qs.filter(above_scale=filters.above_scale)
    return qs


def _size(figure: EnterpriseYearFigure | None) -> dict[str, Any]:
    if figure is None or not figure.size_class:
        return {"size_class": None, "size_label": "无法划型", "size_year": figure.year if figure else None}
    return {"size_class": figure.size_class, "size_label": sizing.LABELS[figure.size_class], "size_year": figure.year}


def profile_row(profile: EnterpriseProfile) -> dict[str, Any]:
    figures = list(profile.figures.all())
    latest = figures[0] if figures else None
    org = profile.org
    return {
        "org_id": org.pk,
        "name": org.name,
        "credit_code": org.credit_code,
        "region": {"code": org.region.code, "name": org.region.name},
        "industry_code": profile.industry_code or org.industry_code,
        "sub_industries": profile.sub_industries,
        "latest_year": latest.year if latest else None,
        "operating_revenue": latest.operating_revenue if latest else None,
        "employees": latest.employees if latest else None,
        **_size(latest),
    }


def profile_scope_org(*, user: Any, org_id: int, action: str = "view") -> Organization:
    """The enterprise if the user may see its record (the record itself may not exist yet)."""
    code = EnterpriseProfile.objects.permission_for(action)
    org = Organization.objects.select_related("region").filter(pk=org_id, kind=OrgKind.ENTERPRISE).first()
    if org is None or not user_grants(user).grant(code).covers(region_path=org.region.path, org_id=org.pk):
        raise NotFound("企业档案不存在或无权访问")
    return org


def profile_get(*, user: Any, org_id: int) -> tuple[Organization, EnterpriseProfile | None]:
    org = profile_scope_org(user=user, org_id=org_id)
    return org, EnterpriseProfile.objects.filter(org=org).first()


def _fact_out(fact: FactRecord | None) -> dict[str, Any] | None:
    if fact is None:
        return None
    return {
        "source": fact.source,
        "source_label": FactSource(fact.source).label,
        "recorded_at": fact.recorded_at,
        "recorded_by": fact.recorded_by_name,
        "evidence": {"id": str(fact.evidence_id), "name": fact.evidence.name}
        if fact.evidence_id and fact.evidence
        else None,
    }


def profile_detail(org: Organization, profile: EnterpriseProfile | None) -> dict[str, Any]:
    facts: dict[tuple[int | None, str], FactRecord] = {}
    figures: list[EnterpriseYearFigure] = []
    if profile is not None:
        for fact in FactRecord.objects.filter(profile=profile, is_current=True).select_related("evidence"):
            facts[(fact.year, fact.field)] = fact
        figures = list(profile.figures.order_by("-year"))

    def fields_of(obj: Any, names: dict[str, str], year: int | None) -> list[dict[str, Any]]:
        out = []
        for key, label in names.items():
            value = getattr(obj, key, None) if obj is not None else None
            if key == "contact_phone":
                value = phone_masked(value)
            out.append({"key": key, "label": label, "value": value, "provenance": _fact_out(facts.get((year, key)))})
        return out

    return {
        "org_id": org.pk,
        "name": org.name,
        "credit_code": org.credit_code,
        "region": {"code": org.region.code, "name": org.region.name},
        "address": org.address,
        "has_profile": profile is not None,
        "fields": fields_of(profile, PROFILE_FIELDS, None),
        "figures": [
            {"year": f.year, **_size(f), "size_version": f.size_version, "fields": fields_of(f, FIGURE_FIELDS, f.year)}
            for f in figures
        ],
    }


# --- imports -------------------------------------------------------------------------------------------------


def import_job_get(*, user: Any, job_id: int) -> ImportJob:
    job = ImportJob.objects.visible_to(user, "view").select_related("file").filter(pk=job_id).first()
    if job is None:
        raise NotFound("导入任务不存在或无权访问")
    return job


def import_job_list(*, user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(user, "view").select_related("file")


# --- pilot library -------------------------------------------------------------------------------------------


def pilot_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[PilotEnterprise]:
    qs = PilotEnterprise.objects.visible_to(user, action).select_related("org", "region", "campaign")
    if filters.q:
        qs = qs.filter(org_search_q(filters.q, "org"))
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    if filters.sub_industry:
        qs = qs.filter(sub_industry=filters.sub_industry)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def pilot_get(*, user: Any, pilot_id: int, action: str = "view") -> PilotEnterprise:
    pilot = (
        PilotEnterprise.objects.visible_to(user, action)
        .select_related("org__region", "region", "campaign", "submission__template_version")
        .filter(pk=pilot_id)
        .first()
    )
    if pilot is None:
        raise NotFound("试点企业不存在或无权访问")
    return pilot


# --- recruitment ---------------------------------------------------------------------------------------------


def post_list(*, user: Any, filters: Any) -> QuerySet[RecruitmentPost]:
    qs = RecruitmentPost.objects.visible_to(user, "view").select_related("org")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | org_name_q(filters.q, "org"))
    return qs


def post_get(*, user: Any, post_id: int) -> RecruitmentPost:
    post = RecruitmentPost.objects.visible_to(user, "view").select_related("org__region").filter(pk=post_id).first()
    if post is None:
        raise NotFound("招聘信息不存在或无权访问")
    return post


def post_public_list(*, q: str | None = None, region_code: str | None = None) -> QuerySet[RecruitmentPost]:
    """招聘信息 on the portal: approved (published) notices still within their validity, for anyone.

    `q` matches the title, the company, the requirements and the position names; `region_code` narrows to the
    company's region and everything under it (an unknown code matches nothing). Neither adds a query.
    """
    qs = RecruitmentPost.objects.filter(
        status=PostStatus.PUBLISHED, valid_until__gte=timezone.localdate()
    ).select_related("org__region")
    if region_code:
        path = Region.objects.filter(code=region_code).values("path")[:1]
        qs = qs.filter(org__region__path__startswith=Subquery(path))
    q = (q or "").strip()
    if q:
        # positions is JSON: PostgreSQL compares its text with the characters themselves, SQLite stores
        # non-ASCII as \uXXXX escapes — match both spellings so one keyword works on either database
        escaped = json.dumps(q)[1:-1]
        qs = qs.filter(
            Q(title__icontains=q)
            | org_name_q(q, "org")
            | Q(requirements__icontains=q)
            | Q(positions__icontains=q)
            | Q(positions__icontains=escaped)
        )
    return qs
