"""Provider writes: pool, products (selection into the pool is a campaign of the application engine, see
providers/selection.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied, ValidationFailed
from smedt.notify.services import message_send
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.portal.services.search_index import drop_external, index_external
from smedt.providers import workflow
from smedt.providers.models import DeploymentMode, Product, ProviderPoolMember
from smedt.rbac.grants import user_grants
from smedt.rbac.models import RoleAssignment
from smedt.rbac.services import require
from smedt.reviews.services.requests import review_submit

PRODUCT_PUBLICATION = "product_publication"
SCENARIO_SET = "2024-manufacturing"


def _err(field: str, message: str, code: str = "providers.invalid_field") -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def _dict_values(code: str) -> set[str]:
    from smedt.dicts.models import DictItem

    return set(DictItem.objects.filter(dict_type__code=code, is_active=True).values_list("value", flat=True))


def _clean_list(values: list[str], *, dict_code: str, field: str, label: str) -> list[str]:
    allowed = _dict_values(dict_code)
    out: list[str] = []
    for v in values:
        if v not in allowed:
            raise _err(field, f"{label}“{v}”不在字典中")
        if v not in out:
            out.append(v)
    if not out:
        raise _err(field, f"请至少选择一个{label}")
    return out


def scenario_ids() -> dict[str, str]:
    """The 16 business scenarios of the 2024 indicator set, read from the assessment module."""
    from smedt.assessment.selectors import definition_resolve

    return {s.id: s.name for s in definition_resolve(code=SCENARIO_SET).definition.scenarios}


def notify_org_users(org_id: int, title: str, body: str = "", dedupe_key: str = "") -> None:
    ids = sorted(set(RoleAssignment.objects.filter(org_id=org_id).values_list("user_id", flat=True)))
    message_send(recipient_ids=ids, title=title, body=body, category="providers", dedupe_key=dedupe_key)


def _name(user: Any) -> str:
    return str(getattr(user, "display_name", "") or getattr(user, "username", "系统"))


def _actor_org(actor: Any, code: str, org_id: int | None) -> Organization:
    ids = sorted(user_grants(actor).grant(code).org_ids)
    if org_id is None:
        if len(ids) != 1:
            raise _err("org_id", "请选择服务商")
        org_id = ids[0]
    require(actor, code, org_id=org_id)
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None or org.kind != OrgKind.PROVIDER:
        raise _err("org_id", "只有服务商可以办理该事项", code="providers.not_provider")
    if org.status != OrgStatus.ACTIVE:
        raise _err("org_id", "服务商尚未通过注册认证")
    return org


# --- pool ----------------------------------------------------------------------------------------------------


@transaction.atomic
def pool_member_set_status(*, actor: Any, member: ProviderPoolMember, action: str, reason: str) -> ProviderPoolMember:
    member = ProviderPoolMember.objects.select_for_update(of=("self",)).select_related("region").get(pk=member.pk)
    require(actor, "providers.manage_pool", region_path=member.region.path)
    if action not in workflow.POOL_ACTIONS:
        raise _err("action", "操作不正确")
    if not reason.strip():
        raise _err("reason", "请填写原因")
    if member.status not in workflow.POOL_FROM[action]:
        from smedt.core.errors import InvalidTransition

        raise InvalidTransition(
            current=member.get_status_display(),
            action=workflow.POOL_LABELS[action],
            allowed=[
                workflow.POOL_LABELS[a] for a in workflow.pool_actions(member.status, roles=workflow.Roles(city=True))
            ],
        )
    before = member.status
    member.status, member.status_reason = workflow.POOL_ACTIONS[action], reason.strip()[:255]
    member.save(update_fields=["status", "status_reason", "updated_at"])
    taken_offline: list[int] = []
    if member.status == workflow.POOL_EXITED:
        taken_offline = _pool_exit_products_offline(actor=actor, member=member, reason=member.status_reason)
    else:  # disabled: hidden from the catalogue and search; restored/warned: listed again
        pool_products_search_sync(org_id=member.org_id, listed=member.status in workflow.POOL_CAN_WORK)
    body = reason if not taken_offline else f"{reason}（已下架产品与解决方案 {len(taken_offline)} 项）"
    notify_org_users(
        member.org_id,
        f"服务商库状态变更：{member.get_status_display()}",
        body,
        dedupe_key=f"pool-{member.pk}-{timezone.now().timestamp()}",
    )
    audit_record(
        actor=actor,
        action=f"providers.pool_{action}",
        target=member,
        region=member.region,
        org_id=member.org_id,
        before={"status": before},
        after={"status": member.status, "reason": reason, "products_offline": taken_offline},
    )
    return member


def pool_products_search_sync(*, org_id: int, listed: bool) -> None:
    """Put a provider's published products into the portal search (listed) or take them out (disabled).

    The catalogue itself filters by pool status (selectors.catalogue_listed_q); this keeps the search in step.
    """
    for p in Product.objects.filter(org_id=org_id, status=workflow.PUBLISHED).select_related("org").order_by("pk"):
        product_search_sync(p, listed=listed)


def _pool_exit_products_offline(*, actor: Any, member: ProviderPoolMember, reason: str) -> list[int]:
    """退出服务商库: the provider's published products go offline, each with its own audit entry and the reason."""
    products = list(
        Product.objects.select_for_update(of=("self",))
        .select_related("org__region")
        .filter(org_id=member.org_id, status=workflow.PUBLISHED)
        .order_by("pk")
    )
    note = f"服务商退出服务商库：{reason}"
    for p in products:
        p.status = workflow.next_status(workflow.PRODUCT_TRANSITIONS, p.status, "offline")
        p.save(update_fields=["status", "updated_at"])
        product_search_sync(p)
        audit_record(
            actor=actor,
            action="providers.product_offline",
            target=p,
            region=p.org.region,
            org_id=p.org_id,
            before={"status": workflow.PUBLISHED},
            after={"status": p.status, "reason": note},
        )
    return [p.pk for p in products]


def provider_in_pool(org_id: int) -> bool:
    """For the projects module: a provider may take new projects while active (or warned) in the pool."""
    return ProviderPoolMember.objects.filter(org_id=org_id, status__in=workflow.POOL_CAN_WORK).exists()


# --- products ------------------------------------------------------------------------------------------------


def _pct(value: Any, field: str, label: str) -> Decimal:
    try:
        dec = Decimal(str(value))
    except InvalidOperation:
        raise _err(field, f"{label}应为数字") from None
    if not dec.is_finite() or not 0 <= dec <= 100:
        raise _err(field, f"{label}应在 0 至 100 之间")
    return dec.quantize(Decimal("0.01"))


def _clean_product(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in data or not partial:
        name = str(data.get("name") or "").strip()
        if len(name) < 2:
            raise _err("name", "名称至少 2 个字")
        out["name"] = name
    if "kind" in data:
        if data["kind"] not in ("product", "solution"):
            raise _err("kind", "类别应为产品或解决方案")
        out["kind"] = data["kind"]
    if "summary" in data:
        out["summary"] = str(data["summary"] or "").strip()
    if "xkqz" in data or not partial:
        x = data.get("xkqz") or {}
        keys = {"small": "小", "fast": "快", "light": "轻", "precise": "准"}
        missing = [label for k, label in keys.items() if not str(x.get(k) or "").strip()]
        if missing:
            raise _err("xkqz", f"请说明“{'、'.join(missing)}”方面的特征")
        out["xkqz"] = {k: str(x[k]).strip() for k in keys}
    if "sub_industries" in data or not partial:
        out["sub_industries"] = _clean_list(
            data.get("sub_industries") or [],
            dict_code="pilot_sub_industry",
            field="sub_industries",
            label="适用细分行业",
        )
    if "scenarios" in data or not partial:
        known = scenario_ids()
        scen = list(dict.fromkeys(data.get("scenarios") or []))
        bad = [s for s in scen if s not in known]
        if bad or not scen:
            raise _err("scenarios", f"业务场景不正确：{'、'.join(bad)}" if bad else "请至少选择一个业务场景")
        out["scenarios"] = scen
    if "deployment_mode" in data or not partial:
        if data.get("deployment_mode") not in DeploymentMode.values:
            raise _err("deployment_mode", "部署方式不正确")
        out["deployment_mode"] = data["deployment_mode"]
    if "list_price" in data or not partial:
        try:
            price = Decimal(str(data.get("list_price")))
        except InvalidOperation:
            raise _err("list_price", "标准价格应为数字（元）") from None
        if not price.is_finite() or price < 0 or price > Decimal("999999999999"):
            raise _err("list_price", "标准价格应为不小于 0 的金额（元）")
        out["list_price"] = price.quantize(Decimal("0.01"))
    for key, label in (("pilot_discount_pct", "试点企业优惠比例"), ("subsidy_share_pct", "补贴比例")):
        if key in data:
            out[key] = _pct(data[key], key, label)
    return out


@transaction.atomic
def product_create(*, actor: Any, data: dict[str, Any], org_id: int | None = None) -> Product:
    org = _actor_org(actor, "providers.manage_product", org_id)
    product = Product.objects.create(org=org, **_clean_product(data, partial=False))
    audit_record(
        actor=actor,
        action="providers.product_create",
        target=product,
        region=org.region,
        org_id=org.pk,
        after={"name": product.name},
    )
    return product


def _lock_product(product: Product) -> Product:
    return Product.objects.select_for_update(of=("self",)).select_related("org__region", "review").get(pk=product.pk)


@transaction.atomic
def product_update(*, actor: Any, product: Product, changes: dict[str, Any]) -> Product:
    p = _lock_product(product)
    require(actor, "providers.manage_product", org_id=p.org_id)
    p.status = workflow.next_status(workflow.PRODUCT_TRANSITIONS, p.status, "edit")
    cleaned = _clean_product(changes, partial=True)
    for k, v in cleaned.items():
        setattr(p, k, v)
    p.save(update_fields=[*cleaned, "status", "updated_at"])
    audit_record(
        actor=actor,
        action="providers.product_update",
        target=p,
        region=p.org.region,
        org_id=p.org_id,
        after={k: str(v) for k, v in cleaned.items()},
    )
    return p


@transaction.atomic
def product_submit(*, actor: Any, product: Product) -> Product:
    p = _lock_product(product)
    require(actor, "providers.manage_product", org_id=p.org_id)
    if not provider_in_pool(p.org_id):
        raise Conflict(code="providers.not_in_pool", message="入库服务商方可发布产品与解决方案")
    if p.status == workflow.RETURNED:
        from smedt.reviews.services.requests import review_resubmit

        assert p.review is not None
        review_resubmit(request=p.review, submitted_by=actor)
        p.refresh_from_db(fields=["status"])
        return p
    p.status = workflow.next_status(workflow.PRODUCT_TRANSITIONS, p.status, "submit")
    p.review = review_submit(
        process_key=PRODUCT_PUBLICATION,
        target=p,
        title=f"产品发布：{p.org.name} {p.name}",
        region=p.org.region,
        org=p.org,
        submitted_by=actor,
    )
    p.save(update_fields=["status", "review", "updated_at"])
    audit_record(actor=actor, action="providers.product_submit", target=p, region=p.org.region, org_id=p.org_id)
    return p


@transaction.atomic
def product_offline(*, actor: Any, product: Product, reason: str) -> Product:
    p = _lock_product(product)
    try:
        require(actor, "providers.manage_product", org_id=p.org_id)
    except PermissionDenied:
        require(actor, "providers.manage_pool", region_path=p.org.region.path)
    p.status = workflow.next_status(workflow.PRODUCT_TRANSITIONS, p.status, "offline")
    p.save(update_fields=["status", "updated_at"])
    product_search_sync(p)
    audit_record(
        actor=actor,
        action="providers.product_offline",
        target=p,
        region=p.org.region,
        org_id=p.org_id,
        after={"reason": reason},
    )
    return p


def _on_product(action: str, p: Product, actor: Any) -> None:
    p = _lock_product(p)
    before = p.status
    p.status = workflow.next_status(workflow.PRODUCT_TRANSITIONS, p.status, action)
    fields = ["status", "updated_at"]
    if p.status == workflow.PUBLISHED:
        p.published_at = timezone.now()
        fields.append("published_at")
    p.save(update_fields=fields)
    product_search_sync(p)
    audit_record(
        actor=actor,
        action=f"providers.product_{action}",
        target=p,
        region=p.org.region,
        org_id=p.org_id,
        before={"status": before},
        after={"status": p.status},
    )


SEARCH_KIND_PRODUCT = "product"  # portal SearchKind.PRODUCT


def product_search_text(p: Product) -> str:
    """What the portal's full-text search finds a product by: summary, 小快轻准, scenarios, 细分行业, provider."""
    from smedt.dicts.models import DictItem

    scenarios = scenario_ids()
    labels = dict(
        DictItem.objects.filter(dict_type__code="pilot_sub_industry", value__in=p.sub_industries).values_list(
            "value", "label"
        )
    )
    xkqz = p.xkqz if isinstance(p.xkqz, dict) else {}
    parts = [
        p.summary,
        " ".join(str(xkqz.get(k) or "") for k in ("small", "fast", "light", "precise")),
        " ".join(scenarios.get(s, s) for s in p.scenarios),
        " ".join(labels.get(s, s) for s in p.sub_industries),
        p.org.name,
    ]
    return " ".join(x.strip() for x in parts if x and x.strip())


def product_search_sync(p: Product, *, listed: bool | None = None) -> None:
    """Keep the portal search in step with the product: indexed while published and its provider is not
    disabled or exited from the pool (``listed``; looked up when not given), dropped otherwise.

    Called from every status change of a product and of its provider's pool membership, inside that transaction.
    """
    if listed is None:
        listed = (
            not ProviderPoolMember.objects.filter(org_id=p.org_id).exclude(status__in=workflow.POOL_CAN_WORK).exists()
        )
    if p.status == workflow.PUBLISHED and listed:
        index_external(
            kind=SEARCH_KIND_PRODUCT,
            object_id=p.pk,
            title=p.name,
            text=product_search_text(p),
            published_at=p.published_at,
        )
    else:
        drop_external(kind=SEARCH_KIND_PRODUCT, object_id=p.pk)


def product_on_approved(target: Product, request: Any, actor: Any) -> None:
    _on_product("review_approved", target, actor)


def product_on_rejected(target: Product, request: Any, actor: Any) -> None:
    _on_product("review_rejected", target, actor)


def product_on_returned(target: Product, request: Any, actor: Any) -> None:
    _on_product("review_returned", target, actor)


def product_on_resubmitted(target: Product, request: Any, actor: Any) -> None:
    _on_product("resubmit", target, actor)


def product_summary(p: Product) -> dict[str, str]:
    return {"服务商": p.org.name, "名称": p.name, "标准价格": f"{p.list_price} 元"}


# --- ratings: moved to smedt.providers.ratings; re-exported for callers of the old path ----------------------

from smedt.providers.ratings import provider_rating_add as provider_rating_add  # noqa: E402
