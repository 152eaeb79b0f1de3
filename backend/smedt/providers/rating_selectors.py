"""Rating reads (scorecards, appeals, complaints), each starting from the user's scope, plus the scorecard view."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from smedt.core.errors import NotFound
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.orgs.selectors import org_name_q
from smedt.providers import rating
from smedt.providers.models import (
    PoolStatus,
    ProviderComplaint,
    ProviderPoolMember,
    ProviderRating,
    RatingAppeal,
    RatingScheme,
)
from smedt.providers.ratings import scheme_active, scheme_of
from smedt.rbac.grants import user_grants


def _open_appeal() -> Exists:
    return Exists(RatingAppeal.objects.filter(rating_id=OuterRef("pk"), status="open"))


def rating_list(*, user: Any, filters: Any) -> QuerySet[ProviderRating]:
    qs = (
        ProviderRating.objects.visible_to(user, "view")
        .select_related("org__region", "scheme")
        .annotate(has_open_appeal=_open_appeal())
    )
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.org_id:
        qs = qs.filter(org_id=filters.org_id)
    if filters.grade:
        qs = qs.filter(grade=filters.grade)
    if filters.q:
        qs = qs.filter(org_name_q(filters.q, "org"))
    return qs


def rating_get(*, user: Any, rating_id: int, action: str = "view") -> ProviderRating:
    r = (
        ProviderRating.objects.visible_to(user, action)
        .select_related("org__region", "scheme")
        .annotate(has_open_appeal=_open_appeal())
        .filter(pk=rating_id)
        .first()
    )
    if r is None:
        raise NotFound("评级不存在或无权访问")
    return r


def appeal_list(*, user: Any, filters: Any) -> QuerySet[RatingAppeal]:
    qs = RatingAppeal.objects.visible_to(user, "view").select_related("rating__org__region", "rating__scheme")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(rating__year=filters.year)
    return qs


def appeal_get(*, user: Any, appeal_id: int, action: str = "view") -> RatingAppeal:
    a = (
        RatingAppeal.objects.visible_to(user, action)
        .select_related("rating__org__region", "rating__scheme")
        .filter(pk=appeal_id)
        .first()
    )
    if a is None:
        raise NotFound("申诉不存在或无权访问")
    return a


def complaint_list(*, user: Any, filters: Any) -> QuerySet[ProviderComplaint]:
    qs = ProviderComplaint.objects.visible_to(user, "view").select_related("enterprise", "provider__region")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(created_at__year=filters.year)
    if filters.provider_id:
        qs = qs.filter(provider_id=filters.provider_id)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | org_name_q(filters.q, "provider"))
    return qs


def complaint_get(*, user: Any, complaint_id: int) -> ProviderComplaint:
    c = (
        ProviderComplaint.objects.visible_to(user, "view")
        .select_related("enterprise", "provider__region")
        .filter(pk=complaint_id)
        .first()
    )
    if c is None:
        raise NotFound("投诉不存在或无权访问")
    return c


def complaint_options(*, user: Any) -> dict[str, list[dict[str, Any]]]:
    """What an enterprise may complain about: pool providers, and its own projects with their provider."""
    from smedt.projects.models import Project

    org_ids = sorted(user_grants(user).grant("providers.file_complaint").org_ids)
    if not org_ids:
        return {"providers": [], "projects": []}
    projects: list[dict[str, Any]] = [
        dict(p)
        for p in Project.objects.dangerously_unscoped()
        .filter(enterprise_id__in=org_ids)
        .order_by("-id")
        .values("id", "title", "provider_id")[:500]
    ]
    in_pool = ProviderPoolMember.objects.exclude(status=PoolStatus.EXITED).values("org_id")
    providers: list[dict[str, Any]] = [
        dict(o)
        for o in Organization.objects.filter(kind=OrgKind.PROVIDER, status=OrgStatus.ACTIVE)
        .filter(Q(pk__in=in_pool) | Q(pk__in=[p["provider_id"] for p in projects]))
        .order_by("name")
        .values("id", "name")
    ]
    return {"providers": providers, "projects": projects}


def scheme_list() -> QuerySet[RatingScheme]:
    scheme_active()  # seeds the first version
    return RatingScheme.objects.all()


# --- the scorecard as shown --------------------------------------------------------------------------------


def scorecard_dimensions(
    r: ProviderRating, fallback: rating.Scheme, parsed: dict[int, rating.Scheme] | None = None
) -> list[dict[str, Any]]:
    """One entry per dimension of the scheme the rating was computed with: score or 无数据, weights, evidence.
    `parsed` caches the parsed schemes across the rows of one page (a saved scheme version never changes)."""
    if r.scheme is None:
        scheme = fallback
    elif parsed is not None and r.scheme.pk in parsed:
        scheme = parsed[r.scheme.pk]
    else:
        scheme = scheme_of(r.scheme)
        if parsed is not None:
            parsed[r.scheme.pk] = scheme
    evidence = r.evidence if isinstance(r.evidence, dict) else {}
    out = []
    for d in scheme.dimensions:
        e = dict(evidence.get(d.key) or {})
        score = e.pop("score", r.components.get(d.key))
        effective = e.pop("effective_weight", None)
        out.append(
            {
                "key": d.key,
                "name": d.name,
                "source": d.source,
                "source_label": rating.SOURCES[d.source][0],
                "weight": d.weight,
                "effective_weight": effective,
                "score": score,
                "evidence": e,
            }
        )
    return out


def rating_actions(user: Any, r: ProviderRating) -> list[str]:
    g = user_grants(user)
    actions = []
    if g.grant("providers.rate_provider").covers(region_path=r.org.region.path):
        actions.append("rate")
    if not getattr(r, "has_open_appeal", False) and g.grant("providers.appeal_rating").covers(org_id=r.org_id):
        actions.append("appeal")
    return actions
