"""Provider reads, starting from the user's scope (the public catalogue reads published products only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from smedt.core.errors import NotFound
from smedt.providers import workflow
from smedt.providers.models import (
    Product,
    ProviderApplication,
    ProviderBatch,
    ProviderExpertScore,
    ProviderObjection,
    ProviderPoolMember,
)
from smedt.rbac.grants import user_grants
from smedt.reviews import publicity
from smedt.reviews.publicity import ObjectionStatus


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


def _with_action_facts(qs: QuerySet[ProviderApplication], user: Any) -> QuerySet[ProviderApplication]:
    """What allowed_actions needs beyond the row, in the same query: an open objection, my expert score."""
    return qs.select_related("review").annotate(
        has_open_objection=Exists(
            ProviderObjection.objects.filter(application=OuterRef("pk"), status=ObjectionStatus.OPEN)
        ),
        scored_by_me=Exists(ProviderExpertScore.objects.filter(application=OuterRef("pk"), expert_id=user.pk)),
    )


def application_list(*, user: Any, filters: Any) -> QuerySet[ProviderApplication]:
    qs = _with_action_facts(
        ProviderApplication.objects.visible_to(user, "view").select_related("org", "region", "batch"), user
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.batch_id:
        qs = qs.filter(batch_id=filters.batch_id)
    return qs


def application_get(*, user: Any, application_id: int) -> ProviderApplication:
    app = (
        _with_action_facts(ProviderApplication.objects.visible_to(user, "view"), user)
        .select_related("org", "region", "batch", "review")
        .filter(pk=application_id)
        .first()
    )
    if app is None:
        raise NotFound("入库申请不存在或无权访问")
    return app


# --- publicity and objections -----------------------------------------------------------------------------


def publicity_list() -> QuerySet[ProviderApplication]:
    """服务商入库公示: a public notice (anyone, signed in or not, may read it; objecting needs a login)."""
    return ProviderApplication.objects.filter(publicity.running_q()).select_related("org", "region", "batch")


def publicity_get(*, application_id: int) -> ProviderApplication:
    app = ProviderApplication.objects.filter(pk=application_id, status=workflow.PUBLICITY).first()
    if app is None:
        raise NotFound("公示信息不存在")
    return app


def objection_list(*, user: Any, filters: Any) -> QuerySet[ProviderObjection]:
    """异议处理台账: objections on applications the user may finalize (the city over their region)."""
    apps = ProviderApplication.objects.visible_to(user, "manage").values("pk")
    qs = ProviderObjection.objects.filter(application__in=apps).select_related("application__org")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def objection_get(*, user: Any, objection_id: int) -> ProviderObjection:
    apps = ProviderApplication.objects.visible_to(user, "manage").values("pk")
    obj = ProviderObjection.objects.select_related("application").filter(pk=objection_id, application__in=apps).first()
    if obj is None:
        raise NotFound("异议不存在或无权访问")
    return obj


# --- allowed actions (per requesting user; no query when the row carries the selectors' facts) ------------


def _holds(user: Any, code: str, *, region_path: str | None = None, org_id: int | None = None) -> bool:
    grant = user_grants(user).grant(code)
    return not grant.empty and grant.covers(region_path=region_path, org_id=org_id)


def application_actions(*, user: Any, app: ProviderApplication) -> list[str]:
    roles = workflow.Roles(
        owner=_holds(user, "providers.apply", org_id=app.org_id),
        city=_holds(user, "providers.manage_pool", region_path=app.region.path),
        expert=_holds(user, "providers.score_application", region_path=app.region.path),
    )
    open_objection = getattr(app, "has_open_objection", None)
    if open_objection is None:
        open_objection = roles.city and app.objections.filter(status=ObjectionStatus.OPEN).exists()
    scored = getattr(app, "scored_by_me", None)
    if scored is None:
        scored = roles.expert and app.scores.filter(expert_id=user.pk).exists()
    review = app.review if roles.expert and app.review_id else None
    now = timezone.now()
    return workflow.application_actions(
        app.status,
        roles=roles,
        batch_open=app.batch.status == "open" and app.batch.deadline > now,
        expert_step=review is not None and review.current_step == 0 and review.status == "pending",
        scored=bool(scored),
        publicity_over=publicity.publicity_over(app.status, app.publicity_ends_at, now),
        open_objection=bool(open_objection),
    )


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
