"""Model → response dict for the providers API, with status labels and the requesting user's allowed actions."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from smedt.providers import selectors as sel
from smedt.providers import workflow
from smedt.providers.models import DeploymentMode, Product, ProviderPoolMember
from smedt.reviews.api.publicity import dict_labels


def pool_out(m: ProviderPoolMember, user: Any) -> dict[str, Any]:
    return {
        **m.__dict__,
        "org_name": m.org.name,
        "region_name": m.region.name,
        "status_label": m.get_status_display(),
        "allowed_actions": sel.pool_actions(user=user, member=m),
    }


def product_out(p: Product, user: Any) -> dict[str, Any]:
    """`user` None for the public catalogue: no actions."""
    return {
        **p.__dict__,
        "org_name": p.org.name,
        "status_label": workflow.LABELS.get(p.status, p.status),
        "allowed_actions": sel.product_actions(user=user, product=p),
    }


KIND_LABELS = {"product": "产品", "solution": "解决方案"}
CENT = Decimal("0.01")


def pilot_price(list_price: Decimal, discount_pct: Decimal) -> Decimal:
    """试点企业优惠价: the list price less the pilot discount, to the cent (exact Decimal, half up)."""
    return (list_price * (Decimal(100) - discount_pct) / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


def catalogue_detail_out(p: Product, others: list[Product], scenario_names: dict[str, str]) -> dict[str, Any]:
    """The public detail of a published product (org, its region and pool membership select_related)."""
    labels = dict_labels("pilot_sub_industry", "provider_type")
    member = _pool_member(p)
    provider_type = member.provider_type if member is not None else ""
    xkqz = p.xkqz if isinstance(p.xkqz, dict) else {}
    return {
        "id": p.pk,
        "name": p.name,
        "kind": p.kind,
        "kind_label": KIND_LABELS.get(p.kind, p.kind),
        "org_name": p.org.name,
        "region_name": p.org.region.name,
        "provider_type": provider_type,
        "provider_type_label": labels["provider_type"].get(provider_type, provider_type),
        "summary": p.summary,
        "xkqz": {k: str(xkqz.get(k) or "") for k in ("small", "fast", "light", "precise")},
        "sub_industries": p.sub_industries,
        "sub_industry_labels": [labels["pilot_sub_industry"].get(v, v) for v in p.sub_industries],
        "scenarios": [{"id": sid, "name": scenario_names.get(sid, sid)} for sid in p.scenarios],
        "deployment_mode": p.deployment_mode,
        "deployment_mode_label": _deployment_label(p.deployment_mode),
        "list_price": p.list_price,
        "pilot_discount_pct": p.pilot_discount_pct,
        "pilot_price": pilot_price(p.list_price, p.pilot_discount_pct),
        "subsidy_share_pct": p.subsidy_share_pct,
        "published_at": p.published_at,
        "other_products": [
            {
                "id": o.pk,
                "name": o.name,
                "kind": o.kind,
                "kind_label": KIND_LABELS.get(o.kind, o.kind),
                "list_price": o.list_price,
                "published_at": o.published_at,
            }
            for o in others
        ],
    }


def _pool_member(p: Product) -> ProviderPoolMember | None:
    """The provider's pool membership (reverse one-to-one, select_related: no query), None when it has none."""
    try:
        return p.org.provider_pool
    except ProviderPoolMember.DoesNotExist:
        return None


def _deployment_label(mode: str) -> str:
    try:
        return str(DeploymentMode(mode).label)
    except ValueError:
        return mode
