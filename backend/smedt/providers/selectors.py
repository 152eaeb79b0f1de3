"""Provider reads, starting from the user's scope (the public catalogue reads published products only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from smedt.core.errors import NotFound
from smedt.providers.models import (
    Product,
    ProviderApplication,
    ProviderBatch,
    ProviderPoolMember,
    ProviderRating,
    RatingAppeal,
)


def _json_has(field: str, value: str) -> Q:
    # JSON containment is not portable to SQLite; list items are plain identifiers
    return Q(**{f"{field}__icontains": f'"{value}"'})


def batch_list(*, user: Any) -> QuerySet[ProviderBatch]:
    return ProviderBatch.objects.visible_to(user, "view").select_related("region")


def batch_get(*, user: Any, batch_id: int) -> ProviderBatch:
    b = ProviderBatch.objects.visible_to(user, "view").filter(pk=batch_id).first()
    if b is None:
        raise NotFound("遴选批次不存在")
    return b


def application_list(*, user: Any, filters: Any) -> QuerySet[ProviderApplication]:
    qs = ProviderApplication.objects.visible_to(user, "view").select_related("org", "region", "batch")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.batch_id:
        qs = qs.filter(batch_id=filters.batch_id)
    return qs


def application_get(*, user: Any, application_id: int) -> ProviderApplication:
    app = (
        ProviderApplication.objects.visible_to(user, "view")
        .select_related("org", "region", "batch", "review")
        .filter(pk=application_id)
        .first()
    )
    if app is None:
        raise NotFound("入库申请不存在或无权访问")
    return app


def pool_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[ProviderPoolMember]:
    qs = ProviderPoolMember.objects.visible_to(user, action).select_related("org", "region")
    if filters.q:
        qs = qs.filter(org__name__icontains=filters.q)
    if filters.provider_type:
        qs = qs.filter(provider_type=filters.provider_type)
    if filters.sub_industry:
        qs = qs.filter(_json_has("sub_industries", filters.sub_industry))
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def pool_get(*, user: Any, member_id: int, action: str = "view") -> ProviderPoolMember:
    m = ProviderPoolMember.objects.visible_to(user, action).select_related("org", "region").filter(pk=member_id).first()
    if m is None:
        raise NotFound("服务商不存在或无权访问")
    return m


def product_list(*, user: Any, filters: Any) -> QuerySet[Product]:
    qs = Product.objects.visible_to(user, "view").select_related("org")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return qs


def product_get(*, user: Any, product_id: int) -> Product:
    p = Product.objects.visible_to(user, "view").select_related("org__region").filter(pk=product_id).first()
    if p is None:
        raise NotFound("产品不存在或无权访问")
    return p


def catalogue(*, filters: Any) -> QuerySet[Product]:
    """公开目录: published products and solutions, searchable and filterable, for everyone."""
    qs = Product.objects.filter(status="published").select_related("org")
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q) | Q(summary__icontains=filters.q) | Q(org__name__icontains=filters.q)
        )
    if filters.sub_industry:
        qs = qs.filter(_json_has("sub_industries", filters.sub_industry))
    if filters.scenario:
        qs = qs.filter(_json_has("scenarios", filters.scenario))
    if filters.deployment_mode:
        qs = qs.filter(deployment_mode=filters.deployment_mode)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.provider_type:
        qs = qs.filter(org__provider_pool__provider_type=filters.provider_type)
    return qs


def rating_list(*, user: Any, filters: Any) -> QuerySet[ProviderRating]:
    qs = ProviderRating.objects.visible_to(user, "view").select_related("org")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.org_id:
        qs = qs.filter(org_id=filters.org_id)
    return qs


def rating_get(*, user: Any, rating_id: int) -> ProviderRating:
    r = ProviderRating.objects.visible_to(user, "view").select_related("org").filter(pk=rating_id).first()
    if r is None:
        raise NotFound("评级不存在或无权访问")
    return r


def appeal_get(*, user: Any, appeal_id: int) -> RatingAppeal:
    ratings = ProviderRating.objects.visible_to(user, "rate").values("pk")
    a = RatingAppeal.objects.filter(pk=appeal_id, rating__in=ratings).first()
    if a is None:
        raise NotFound("申诉不存在或无权访问")
    return a
