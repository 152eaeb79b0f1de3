"""/api/providers rating endpoints: scheme, scorecards (compute, manual scores), appeals, complaints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import NotFound
from smedt.orgs.models import Organization
from smedt.providers import rating
from smedt.providers import rating_selectors as sel
from smedt.providers import ratings as services
from smedt.providers.api.rating_schemas import (
    ComplaintFilter,
    ComplaintHandleIn,
    ComplaintIn,
    ComplaintOptionsOut,
    ComplaintOut,
    ProviderAppealDecideIn,
    ProviderAppealDetailOut,
    ProviderAppealFilter,
    ProviderAppealIn,
    ProviderAppealOut,
    ProviderRatingFilter,
    ProviderRatingIn,
    ProviderRatingOut,
    RatingComputeIn,
    RatingComputeOut,
    RatingSchemeIn,
    RatingSchemeOut,
)
from smedt.providers.models import ProviderComplaint, ProviderRating, RatingAppeal, RatingScheme
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require


class RatingRoutes:
    """The rating operations, added to the providers router by `mount` (same URLs under /api/providers).

    Not a nested ninja Router: a child router mounted with an empty prefix gets a malformed path in the exported
    OpenAPI document ("/apiproviders/..."), while operations added to the parent router do not.
    """

    def __init__(self) -> None:
        self.operations: list[tuple[str, str, dict[str, Any], Callable[..., Any]]] = []

    def _add(self, method: str, path: str, response: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(view: Callable[..., Any]) -> Callable[..., Any]:
            self.operations.append((method, path, {"response": response}, view))
            return view

        return register

    def get(self, path: str, *, response: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._add("GET", path, response)

    def post(self, path: str, *, response: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._add("POST", path, response)

    def put(self, path: str, *, response: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._add("PUT", path, response)

    def mount(self, target: Router) -> None:
        for method, path, kwargs, view in self.operations:
            target.add_api_operation(path, [method], view, tags=["服务商评级"], **kwargs)


router = RatingRoutes()

APPEAL_LABELS = {"open": "待处理", "upheld": "申诉成立", "dismissed": "申诉不成立"}


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def scheme_out(row: RatingScheme) -> dict[str, Any]:
    return {
        "id": row.pk,
        "version": row.version,
        "dimensions": row.dimensions,
        "grades": row.grades,
        "is_active": row.is_active,
        "note": row.note,
        "created_at": row.created_at,
        "sources": [{"key": k, "label": label, "params": params} for k, (label, params) in rating.SOURCES.items()],
    }


def _ratings_out(user: Any, rows: list[ProviderRating]) -> list[dict[str, Any]]:
    parsed: dict[int, rating.Scheme] = {}  # one parse per scheme version on the page, not one per row
    return [rating_out(user, r, parsed) for r in rows]


def rating_out(user: Any, r: ProviderRating, parsed: dict[int, rating.Scheme] | None = None) -> dict[str, Any]:
    # a rating from before the scorecard has no scheme row: it was made with the packaged scheme
    return {
        **r.__dict__,
        "org_name": r.org.name,
        "dimensions": sel.scorecard_dimensions(r, rating.packaged_scheme(), parsed),
        "has_open_appeal": bool(getattr(r, "has_open_appeal", False)),
        "my_actions": sel.rating_actions(user, r),
    }


def appeal_out(user: Any, a: RatingAppeal) -> dict[str, Any]:
    r = a.rating
    can_decide = a.status == "open" and user_grants(user).grant("providers.rate_provider").covers(
        region_path=r.org.region.path
    )
    return {
        **a.__dict__,
        "org_id": r.org_id,
        "org_name": r.org.name,
        "year": r.year,
        "total": r.total,
        "grade": r.grade,
        "status_label": APPEAL_LABELS.get(a.status, a.status),
        "my_actions": ["decide"] if can_decide else [],
    }


def complaint_out(user: Any, c: ProviderComplaint) -> dict[str, Any]:
    can_handle = c.status == "pending" and user_grants(user).grant("providers.handle_complaint").covers(
        region_path=c.provider.region.path
    )
    return {
        **c.__dict__,
        "enterprise_name": c.enterprise.name,
        "provider_name": c.provider.name,
        "status_label": c.get_status_display(),
        "my_actions": ["handle"] if can_handle else [],
    }


# --- scheme --------------------------------------------------------------------------------------------------


@router.get("/rating-scheme", response=RatingSchemeOut)
def rating_scheme(request: HttpRequest) -> dict[str, Any]:
    """The active scheme: dimensions, weights, sources and grade bands (the scorecard page reads it)."""
    require(_u(request), "providers.view_rating")
    return scheme_out(services.scheme_active())


@router.get("/rating-schemes", response=list[RatingSchemeOut])
def rating_schemes(request: HttpRequest) -> list[dict[str, Any]]:
    require(_u(request), "providers.configure_rating")
    return [scheme_out(s) for s in sel.scheme_list()]


@router.post("/rating-schemes", response={201: RatingSchemeOut})
def rating_scheme_save(request: HttpRequest, payload: RatingSchemeIn) -> Status[Any]:
    data = payload.dict()
    note = data.pop("note")
    return Status(201, scheme_out(services.scheme_save(actor=_u(request), data=data, note=note)))


# --- scorecards ----------------------------------------------------------------------------------------------


# "/ratings/compute" must be registered before "/ratings/{rating_id}" (same URL pattern otherwise)
@router.get("/ratings", response=Page[ProviderRatingOut])
def ratings(request: HttpRequest, filters: Query[ProviderRatingFilter], page: Query[PageParams]) -> dict[str, Any]:
    user = _u(request)
    qs = sel.rating_list(user=user, filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("total", "year"),
        default_ordering=("-year", "-total", "-pk"),
        transform=lambda rows: _ratings_out(user, rows),
    )


def _org(org_id: int) -> Organization:
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None:
        raise NotFound("服务商不存在")
    return org


@router.put("/ratings", response=ProviderRatingOut)
def rating_set(request: HttpRequest, payload: ProviderRatingIn) -> dict[str, Any]:
    """Manual scores (主管部门与专家评价) for a provider and year, then the scorecard is recomputed."""
    user = _u(request)
    r = services.rating_set(
        actor=user, org=_org(payload.org_id), year=payload.year, components=payload.components, note=payload.note
    )
    return rating_out(user, sel.rating_get(user=user, rating_id=r.pk))


@router.post("/ratings/compute", response=RatingComputeOut)
def rating_compute(request: HttpRequest, payload: RatingComputeIn) -> dict[str, Any]:
    """Compute (or recompute) the scorecards of one provider, or of every pool provider in scope, for a year."""
    user = _u(request)
    if payload.org_id is not None:
        org = _org(payload.org_id)
        services.rating_compute(actor=user, org=org, year=payload.year)
        return {"year": payload.year, "providers": 1, "computed": 1, "skipped": [], "elapsed_ms": 0}
    return services.rating_compute_all(actor=user, year=payload.year)


@router.get("/ratings/{rating_id}", response=ProviderRatingOut)
def rating_detail(request: HttpRequest, rating_id: int) -> dict[str, Any]:
    return rating_out(_u(request), sel.rating_get(user=_u(request), rating_id=rating_id))


# --- appeals -------------------------------------------------------------------------------------------------


@router.post("/ratings/{rating_id}/appeals", response={201: ProviderAppealOut})
def rating_appeal_file(request: HttpRequest, rating_id: int, payload: ProviderAppealIn) -> Status[Any]:
    user = _u(request)
    row = sel.rating_get(user=user, rating_id=rating_id)
    appeal = services.rating_appeal_file(actor=user, rating_row=row, reason=payload.reason)
    return Status(201, appeal_out(user, sel.appeal_get(user=user, appeal_id=appeal.pk)))


@router.get("/appeals", response=Page[ProviderAppealOut])
def appeals(request: HttpRequest, filters: Query[ProviderAppealFilter], page: Query[PageParams]) -> dict[str, Any]:
    user = _u(request)
    return paginate(
        sel.appeal_list(user=user, filters=filters), page, transform=lambda rows: [appeal_out(user, a) for a in rows]
    )


@router.get("/appeals/{appeal_id}", response=ProviderAppealDetailOut)
def appeal_detail(request: HttpRequest, appeal_id: int) -> dict[str, Any]:
    user = _u(request)
    a = sel.appeal_get(user=user, appeal_id=appeal_id)
    r = sel.rating_get(user=user, rating_id=a.rating_id)
    return {**appeal_out(user, a), "rating": rating_out(user, r)}


@router.post("/appeals/{appeal_id}/decide", response=ProviderAppealOut)
def rating_appeal_decide(request: HttpRequest, appeal_id: int, payload: ProviderAppealDecideIn) -> dict[str, Any]:
    user = _u(request)
    appeal = sel.appeal_get(user=user, appeal_id=appeal_id, action="decide")
    services.rating_appeal_decide(
        actor=user, appeal=appeal, upheld=payload.upheld, resolution=payload.resolution, components=payload.components
    )
    return appeal_out(user, sel.appeal_get(user=user, appeal_id=appeal_id))


# --- complaints ----------------------------------------------------------------------------------------------


@router.get("/complaints", response=Page[ComplaintOut])
def complaints(request: HttpRequest, filters: Query[ComplaintFilter], page: Query[PageParams]) -> dict[str, Any]:
    user = _u(request)
    return paginate(
        sel.complaint_list(user=user, filters=filters),
        page,
        transform=lambda rows: [complaint_out(user, c) for c in rows],
    )


@router.get("/complaints/options", response=ComplaintOptionsOut)
def complaint_options(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), "providers.file_complaint")
    return sel.complaint_options(user=_u(request))


@router.post("/complaints", response={201: ComplaintOut})
def complaint_file(request: HttpRequest, payload: ComplaintIn) -> Status[Any]:
    user = _u(request)
    c = services.complaint_file(actor=user, **payload.dict())
    return Status(201, complaint_out(user, sel.complaint_get(user=user, complaint_id=c.pk)))


@router.get("/complaints/{complaint_id}", response=ComplaintOut)
def complaint_detail(request: HttpRequest, complaint_id: int) -> dict[str, Any]:
    user = _u(request)
    return complaint_out(user, sel.complaint_get(user=user, complaint_id=complaint_id))


@router.post("/complaints/{complaint_id}/handle", response=ComplaintOut)
def complaint_handle(request: HttpRequest, complaint_id: int, payload: ComplaintHandleIn) -> dict[str, Any]:
    user = _u(request)
    c = sel.complaint_get(user=user, complaint_id=complaint_id)
    services.complaint_handle(actor=user, complaint=c, upheld=payload.upheld, opinion=payload.opinion)
    return complaint_out(user, sel.complaint_get(user=user, complaint_id=complaint_id))
