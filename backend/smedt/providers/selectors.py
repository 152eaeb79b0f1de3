"""Provider reads, starting from the user's scope (the public catalogue reads published products only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from smedt.core.errors import NotFound
from smedt.orgs.selectors import org_name_q
from smedt.providers import workflow
from smedt.providers.models import Product, ProviderPoolMember
from smedt.rbac.grants import user_grants


def _json_has(field: str, value: str) -> Q:
    # JSON containment is not portable to SQLite; list items are plain identifiers
    return Q(**{f"{field}__icontains": f'"{value}"'})


# --- allowed actions (per requesting user; no query when the row carries the selectors' facts) ------------


def _holds(user: Any, code: str, *, region_path: str | None = None, org_id: int | None = None) -> bool:
    grant = user_grants(user).grant(code)
    return not grant.empty and grant.covers(region_path=region_path, org_id=org_id)


def product_actions(*, user: Any, product: Product) -> list[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    roles = workflow.Roles(
        owner=_holds(user, "providers.manage_product", org_id=product.org_id),
        city=_holds(user, "providers.manage_pool", region_path=product.org.region.path),
    )
    in_pool = getattr(product, "org_in_pool", None)
    if in_pool is None:
        in_pool = (
            roles.owner
            and ProviderPoolMember.objects.filter(org_id=product.org_id, status__in=workflow.POOL_CAN_WORK).exists()
        )
    return workflow.product_actions(product.status, roles=roles, in_pool=bool(in_pool))


def pool_actions(*, user: Any, member: ProviderPoolMember) -> list[str]:
    roles = workflow.Roles(city=_holds(user, "providers.manage_pool", region_path=member.region.path))
    return workflow.pool_actions(member.status, roles=roles)


def pool_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[ProviderPoolMember]:
    qs = ProviderPoolMember.objects.visible_to(user, action).select_related("org", "region")
    if filters.q:
        qs = qs.filter(org_name_q(filters.q, "org"))
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
    in_pool = ProviderPoolMember.objects.filter(org_id=OuterRef("org_id"), status__in=workflow.POOL_CAN_WORK)
    qs = Product.objects.visible_to(user, "view").select_related("org__region").annotate(org_in_pool=Exists(in_pool))
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


def catalogue_listed_q(prefix: str = "") -> Q:
    """A product is public while published and its provider is not disabled or exited from the pool.

    A disabled provider's products come back when the city restores it; exiting takes them offline
    (services.pool_member_set_status). A provider with no pool record (never admitted) is not filtered here:
    only pool members can get a product published in the first place.
    """
    return Q(**{f"{prefix}status": workflow.PUBLISHED}) & (
        Q(**{f"{prefix}org__provider_pool__isnull": True})
        | Q(**{f"{prefix}org__provider_pool__status__in": workflow.POOL_CAN_WORK})
    )


def catalogue(*, filters: Any) -> QuerySet[Product]:
    """公开目录: published products and solutions of providers in good standing, searchable, for everyone."""
    qs = Product.objects.filter(catalogue_listed_q()).select_related("org")
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(summary__icontains=filters.q) | org_name_q(filters.q, "org"))
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


def catalogue_get(*, product_id: int) -> Product:
    """公开产品详情: a published product, for everyone; a draft, one under review or offline, or one of a provider
    disabled or exited from the pool is not found."""
    p = (
        Product.objects.filter(catalogue_listed_q(), pk=product_id)
        .select_related("org__region", "org__provider_pool")
        .first()
    )
    if p is None:
        raise NotFound("产品不存在或未发布")
    return p


CATALOGUE_SIBLINGS = 12


def catalogue_siblings(*, product: Product) -> list[Product]:
    """The provider's other published products (newest first, a few), for the detail page."""
    qs = Product.objects.filter(status=workflow.PUBLISHED, org_id=product.org_id).exclude(pk=product.pk)
    return list(qs.order_by("-published_at", "-id")[:CATALOGUE_SIBLINGS])
