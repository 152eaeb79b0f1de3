"""Writes on supply–demand (供需对接): needs and offers, city review, contacts, closing with an outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied
from smedt.notify.services import message_send
from smedt.orgs.models import OrgKind
from smedt.portal import workflow
from smedt.portal.errors import PortalErrorCode
from smedt.portal.models import Need, NeedContact, Offer
from smedt.portal.services import common
from smedt.portal.services.search_index import index_need, index_offer
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require

NEED_PROCESS = "supply_demand_publication"
OFFER_PROCESS = "supply_demand_offer_publication"
POST_NEED = "portal.post_need"
POST_OFFER = "portal.post_offer"
REVIEW = "portal.review_supply_demand"


def need_snapshot(n: Need) -> dict[str, Any]:
    return {
        "title": n.title,
        "status": n.status,
        "scenario": n.scenario_code,
        "sub_industry": n.sub_industry,
        "budget": [n.budget_min, n.budget_max],
        "deadline": n.deadline,
        "outcome": n.outcome,
    }


def offer_snapshot(o: Offer) -> dict[str, Any]:
    return {
        "title": o.title,
        "status": o.status,
        "product_id": o.product_id,
        "scenarios": o.scenario_codes,
        "sub_industries": o.sub_industries,
    }


def _need_fields(n: Need, changes: dict[str, Any]) -> list[str]:
    fields: list[str] = []
    if "title" in changes:
        n.title = common.check_title(changes["title"])
        fields.append("title")
    if "problem" in changes:
        problem = (changes["problem"] or "").strip()
        if not problem:
            raise common.fail("portal.problem_required", "problem", "请描述需要解决的问题")
        n.problem = problem
        fields.append("problem")
    if "scenario_code" in changes:
        n.scenario_code = common.check_scenarios(
            [changes["scenario_code"] or ""], field="scenario_code", required=True
        )[0]
        fields.append("scenario_code")
    if "sub_industry" in changes:
        n.sub_industry = common.check_sub_industry(changes["sub_industry"] or "")
        fields.append("sub_industry")
    for name in ("budget_min", "budget_max"):
        if name in changes:
            setattr(n, name, common.check_money(changes[name], name))
            fields.append(name)
    if n.budget_min is not None and n.budget_max is not None and n.budget_min > n.budget_max:
        raise common.fail(PortalErrorCode.INVALID_BUDGET, "budget_max", "预算上限不能低于下限")
    if "deadline" in changes:
        deadline: date | None = changes["deadline"]
        if deadline is not None and deadline < timezone.localdate():
            raise common.fail("portal.invalid_deadline", "deadline", "截止日期不能早于今天")
        n.deadline = deadline
        fields.append("deadline")
    return fields


@transaction.atomic
def need_create(
    *,
    actor: Any,
    org_id: int,
    title: str,
    problem: str,
    scenario_code: str,
    sub_industry: str = "",
    budget_min: Decimal | None = None,
    budget_max: Decimal | None = None,
    deadline: date | None = None,
) -> Need:
    require(actor, POST_NEED, org_id=org_id)
    org = common.org_of_kind(org_id, OrgKind.ENTERPRISE, field="org_id")
    assert org is not None
    n = Need(org=org, region=org.region, created_by=actor)
    _need_fields(
        n,
        {
            "title": title,
            "problem": problem,
            "scenario_code": scenario_code,
            "sub_industry": sub_industry,
            "budget_min": budget_min,
            "budget_max": budget_max,
            "deadline": deadline,
        },
    )
    n.save()
    audit_record(actor=actor, action="portal.need_create", target=n, after=need_snapshot(n))
    return n


def _lock_need(n: Need) -> Need:
    return Need.objects.select_for_update().select_related("region", "org").get(pk=n.pk)


@transaction.atomic
def need_update(*, actor: Any, need: Need, changes: dict[str, Any]) -> Need:
    n = _lock_need(need)
    require(actor, POST_NEED, org_id=n.org_id)
    if n.status not in workflow.SUPPLY_DEMAND_EDITABLE:
        raise Conflict(code=PortalErrorCode.NOT_EDITABLE, message="只有草稿状态的需求可以修改")
    before = need_snapshot(n)
    fields = _need_fields(n, changes)
    if fields:
        n.save(update_fields=fields)
    audit_record(actor=actor, action="portal.need_update", target=n, before=before, after=need_snapshot(n))
    return n


@transaction.atomic
def need_submit(*, actor: Any, need: Need) -> Need:
    from smedt.reviews.services.requests import review_submit

    n = _lock_need(need)
    require(actor, POST_NEED, org_id=n.org_id)
    before = need_snapshot(n)
    n.status = workflow.SUPPLY_DEMAND.transition(n.status, workflow.SUBMIT)
    n.save(update_fields=["status"])
    review_submit(
        process_key=NEED_PROCESS,
        target=n,
        title=f"需求发布审核：{n.title}",
        region=n.region,
        org=n.org,
        submitted_by=actor,
    )
    audit_record(actor=actor, action="portal.need_submit", target=n, before=before, after=need_snapshot(n))
    return n


def _review_move(model: Any, target: Any, actor: Any, action: str, index: Any, snap: Any) -> None:
    obj = model.objects.select_for_update().select_related("region").get(pk=target.pk)
    require(actor, workflow.SUPPLY_DEMAND.permission(obj.status, action), region_path=obj.region.path)
    before = snap(obj)
    obj.status = workflow.SUPPLY_DEMAND.transition(obj.status, action)
    fields = ["status"]
    if obj.status == workflow.PUBLISHED:
        obj.published_at = timezone.now()
        fields.append("published_at")
    obj.save(update_fields=fields)
    index(obj)
    name = model._meta.model_name
    audit_record(actor=actor, action=f"portal.{name}_{action}", target=obj, before=before, after=snap(obj))


def need_on_approved(target: Need, request: Any, actor: Any) -> None:
    _review_move(Need, target, actor, workflow.APPROVE, index_need, need_snapshot)


def need_on_returned(target: Need, request: Any, actor: Any) -> None:
    _review_move(Need, target, actor, workflow.RETURN, index_need, need_snapshot)


def offer_on_approved(target: Offer, request: Any, actor: Any) -> None:
    _review_move(Offer, target, actor, workflow.APPROVE, index_offer, offer_snapshot)


def offer_on_returned(target: Offer, request: Any, actor: Any) -> None:
    _review_move(Offer, target, actor, workflow.RETURN, index_offer, offer_snapshot)


def _recall(model: Any, target: Any, actor: Any, owner_permission: str, process: str, snap: Any) -> Any:
    from smedt.portal.services.reviews import open_review_withdraw

    obj = model.objects.select_for_update().select_related("region", "org").get(pk=target.pk)
    require(actor, owner_permission, org_id=obj.org_id)
    before = snap(obj)
    obj.status = workflow.SUPPLY_DEMAND.transition(obj.status, workflow.RECALL)
    obj.save(update_fields=["status"])
    open_review_withdraw(target=obj, process_keys=[process], actor=actor)
    audit_record(
        actor=actor, action=f"portal.{model._meta.model_name}_recall", target=obj, before=before, after=snap(obj)
    )
    return obj


@transaction.atomic
def need_recall(*, actor: Any, need: Need) -> Need:
    """The enterprise takes a need back from review (back to draft)."""
    found: Need = _recall(Need, need, actor, POST_NEED, NEED_PROCESS, need_snapshot)
    return found


@transaction.atomic
def offer_recall(*, actor: Any, offer: Offer) -> Offer:
    """The provider takes an offer back from review (back to draft)."""
    found: Offer = _recall(Offer, offer, actor, POST_OFFER, OFFER_PROCESS, offer_snapshot)
    return found


def _may_close(actor: Any, n: Need) -> bool:
    grants = user_grants(actor)
    if n.org_id in grants.grant(POST_NEED).org_ids or grants.grant(POST_NEED).is_global:
        return True
    if grants.grant(REVIEW).covers(region_path=n.region.path):
        return True
    provider_orgs = grants.grant(POST_OFFER).org_ids
    return bool(provider_orgs) and NeedContact.objects.filter(need=n, provider_id__in=sorted(provider_orgs)).exists()


@transaction.atomic
def need_close(*, actor: Any, need: Need, outcome: str, note: str = "") -> Need:
    """The enterprise, a provider that contacted it, or the city closes the need with an outcome."""
    n = _lock_need(need)
    if not _may_close(actor, n):
        raise PermissionDenied("只有发布需求的企业、联系过该需求的服务商或审核部门可以关闭需求")
    if outcome not in workflow.OUTCOME_LABELS:
        raise common.fail(PortalErrorCode.INVALID_OUTCOME, "outcome", "请选择对接结果")
    before = need_snapshot(n)
    n.status = workflow.SUPPLY_DEMAND.transition(n.status, workflow.CLOSE)
    n.outcome = outcome
    n.outcome_note = (note or "").strip()[:500]
    n.closed_at = timezone.now()
    n.closed_by = actor
    n.save(update_fields=["status", "outcome", "outcome_note", "closed_at", "closed_by"])
    index_need(n)
    audit_record(actor=actor, action="portal.need_close", target=n, before=before, after=need_snapshot(n))
    return n


@transaction.atomic
def need_contact(*, actor: Any, need: Need, provider_id: int, message: str, offer_id: int | None = None) -> NeedContact:
    """A provider tells the enterprise it can help: platform messages to the enterprise's users."""
    from smedt.rbac.models import RoleAssignment

    require(actor, POST_OFFER, org_id=provider_id)
    provider = common.org_of_kind(provider_id, OrgKind.PROVIDER, field="provider_id")
    assert provider is not None
    n = _lock_need(need)
    if n.status != workflow.PUBLISHED:
        raise Conflict(code=PortalErrorCode.NOT_PUBLISHED, message="该需求未发布或已关闭")
    text = (message or "").strip()
    if not text:
        raise common.fail("portal.message_required", "message", "请填写留言")
    offer = None
    if offer_id is not None:
        offer = Offer.objects.filter(pk=offer_id, org_id=provider.pk, status=workflow.PUBLISHED).first()
        if offer is None:
            raise common.fail("portal.invalid_offer", "offer_id", "只能关联本单位已发布的供给")
    contact = NeedContact.objects.create(need=n, provider=provider, offer=offer, message=text[:2000], sent_by=actor)
    recipients = RoleAssignment.objects.filter(org_id=n.org_id).values_list("user_id", flat=True)
    message_send(
        recipient_ids=list(recipients),
        title=f"服务商“{provider.name}”希望对接您的需求：{n.title}",
        body=text[:2000],
        link=f"/portal/needs/{n.pk}",
        category="portal",
        dedupe_key=f"portal.need_contact:{contact.pk}",
    )
    audit_record(
        actor=actor,
        action="portal.need_contact",
        target=n,
        org_id=provider.pk,
        after={"provider": provider.name, "offer": offer.pk if offer else None, "message": text[:200]},
    )
    return contact


# ---- offers -------------------------------------------------------------------------------------------


def _offer_fields(o: Offer, changes: dict[str, Any]) -> list[str]:
    fields: list[str] = []
    if "title" in changes:
        o.title = common.check_title(changes["title"])
        fields.append("title")
    if "description" in changes:
        text = (changes["description"] or "").strip()
        if not text:
            raise common.fail("portal.description_required", "description", "请填写供给说明")
        o.description = text
        fields.append("description")
    if "product_id" in changes:
        o.product_id = changes["product_id"]
        fields.append("product_id")
    if "product_name" in changes:
        o.product_name = (changes["product_name"] or "").strip()
        fields.append("product_name")
    if "scenario_codes" in changes:
        o.scenario_codes = common.check_scenarios(changes["scenario_codes"] or [], required=True)
        fields.append("scenario_codes")
    if "sub_industries" in changes:
        o.sub_industries = common.check_sub_industries(changes["sub_industries"] or [])
        fields.append("sub_industries")
    return fields


@transaction.atomic
def offer_create(
    *,
    actor: Any,
    org_id: int,
    title: str,
    description: str,
    scenario_codes: Sequence[str],
    sub_industries: Sequence[str] = (),
    product_id: int | None = None,
    product_name: str = "",
) -> Offer:
    require(actor, POST_OFFER, org_id=org_id)
    org = common.org_of_kind(org_id, OrgKind.PROVIDER, field="org_id")
    assert org is not None
    o = Offer(org=org, region=org.region, created_by=actor)
    _offer_fields(
        o,
        {
            "title": title,
            "description": description,
            "scenario_codes": list(scenario_codes),
            "sub_industries": list(sub_industries),
            "product_id": product_id,
            "product_name": product_name,
        },
    )
    o.save()
    audit_record(actor=actor, action="portal.offer_create", target=o, after=offer_snapshot(o))
    return o


def _lock_offer(o: Offer) -> Offer:
    return Offer.objects.select_for_update().select_related("region", "org").get(pk=o.pk)


@transaction.atomic
def offer_update(*, actor: Any, offer: Offer, changes: dict[str, Any]) -> Offer:
    o = _lock_offer(offer)
    require(actor, POST_OFFER, org_id=o.org_id)
    if o.status not in workflow.SUPPLY_DEMAND_EDITABLE:
        raise Conflict(code=PortalErrorCode.NOT_EDITABLE, message="只有草稿状态的供给可以修改")
    before = offer_snapshot(o)
    fields = _offer_fields(o, changes)
    if fields:
        o.save(update_fields=fields)
    audit_record(actor=actor, action="portal.offer_update", target=o, before=before, after=offer_snapshot(o))
    return o


@transaction.atomic
def offer_submit(*, actor: Any, offer: Offer) -> Offer:
    from smedt.reviews.services.requests import review_submit

    o = _lock_offer(offer)
    require(actor, POST_OFFER, org_id=o.org_id)
    before = offer_snapshot(o)
    o.status = workflow.SUPPLY_DEMAND.transition(o.status, workflow.SUBMIT)
    o.save(update_fields=["status"])
    review_submit(
        process_key=OFFER_PROCESS,
        target=o,
        title=f"供给发布审核：{o.title}",
        region=o.region,
        org=o.org,
        submitted_by=actor,
    )
    audit_record(actor=actor, action="portal.offer_submit", target=o, before=before, after=offer_snapshot(o))
    return o


@transaction.atomic
def offer_close(*, actor: Any, offer: Offer) -> Offer:
    o = _lock_offer(offer)
    grants = user_grants(actor)
    if o.org_id not in grants.grant(POST_OFFER).org_ids and not grants.grant(REVIEW).covers(region_path=o.region.path):
        raise PermissionDenied("只有发布单位或审核部门可以关闭供给")
    before = offer_snapshot(o)
    o.status = workflow.SUPPLY_DEMAND.transition(o.status, workflow.CLOSE)
    o.save(update_fields=["status"])
    index_offer(o)
    audit_record(actor=actor, action="portal.offer_close", target=o, before=before, after=offer_snapshot(o))
    return o
