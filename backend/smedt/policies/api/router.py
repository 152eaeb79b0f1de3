"""/api/policies: the public policy zone, the city editor's pages (edit, extract, confirm, publish,
sandbox, statistics), and the enterprise's 我的政策."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import NotFound, PermissionDenied
from smedt.files.services import attachment_response
from smedt.policies import selectors as sel
from smedt.policies.api.schemas import (
    AdminPolicyDetailOut,
    AdminPolicyFilter,
    PolicyConditionOut,
    PolicyConditionsIn,
    PolicyCreateIn,
    PolicyDetailOut,
    PolicyExtractIn,
    PolicyFilter,
    PolicyMatchFilter,
    PolicyMatchOut,
    PolicyMetaOut,
    PolicyMineDetailOut,
    PolicyMineFilter,
    PolicyMineOut,
    PolicyOptOutIn,
    PolicyPushIn,
    PolicyPushOut,
    PolicyPushPrefsIn,
    PolicyPushPrefsOut,
    PolicyRowOut,
    PolicyRunOut,
    PolicySandboxIn,
    PolicySandboxOut,
    PolicyStatsOut,
    PolicyUpdateIn,
    PolicyVersionOut,
)
from smedt.policies.models import Policy, PolicyCondition, PolicyStatus
from smedt.policies.services import matching as msvc
from smedt.policies.services import policy as svc
from smedt.rbac.grants import user_grants

router = Router(tags=["惠企政策"])


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def _allowed(user: Any, p: Policy) -> list[str]:
    grants = user_grants(user)
    manage = grants.grant("policies.manage_policy").covers(region_path=p.region.path)
    push = grants.grant("policies.push_policy").covers(region_path=p.region.path)
    out: list[str] = []
    if manage and p.status != PolicyStatus.WITHDRAWN:
        out += ["edit", "extract", "conditions"]
    if manage and p.status == PolicyStatus.DRAFT:
        out += ["publish", "sandbox"]
    if manage and p.status == PolicyStatus.PUBLISHED:
        out += ["withdraw", "rematch", "sandbox"]
    if push and p.status == PolicyStatus.PUBLISHED:
        out.append("push")
    if not grants.grant("policies.view_match").empty:
        out.append("stats")
    return out


def _admin_detail(user: Any, p: Policy) -> dict[str, Any]:
    return {**sel.policy_detail(p), "allowed_actions": _allowed(user, p), "run": sel.run_out(sel.latest_run(p))}


# ---- public zone (anonymous, cached by core.publiccache)


@router.get("/public", response=Page[PolicyRowOut], auth=None)
def public_list(request: HttpRequest, filters: Query[PolicyFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.public_list(filters=filters)
    ordering = ("window_end", "id") if filters.expiring else ("-published_at", "-id")
    return paginate(
        qs,
        page,
        allowed_ordering=("published_at", "window_end", "amount_max"),
        default_ordering=ordering,
        transform=lambda rows: [sel.policy_row(p) for p in rows],
    )


@router.get("/public/meta", response=PolicyMetaOut, auth=None)
def public_meta(request: HttpRequest) -> dict[str, Any]:
    return sel.meta()


@router.get("/public/{policy_id}", response=PolicyDetailOut, auth=None)
def public_detail(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    return sel.policy_detail(sel.public_get(policy_id=policy_id), public=True)


@router.get("/public/{policy_id}/files/{file_id}", auth=None)
def public_file(request: HttpRequest, policy_id: int, file_id: UUID) -> FileResponse:
    p = sel.public_get(policy_id=policy_id)
    att = p.attachments.filter(pk=file_id).first()
    if att is None:
        raise NotFound("附件不存在")
    return attachment_response(att)


# ---- enterprise: 我的政策


@router.get("/mine", response=Page[PolicyMineOut])
def mine(request: HttpRequest, filters: Query[PolicyMineFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.mine_list(user=_u(request), status=filters.status)
    return paginate(
        qs,
        page,
        allowed_ordering=("rank_score",),
        default_ordering=("-rank_score", "-policy__amount_max", "policy_id"),
        transform=sel.matches_out,
    )


@router.post("/mine/opt-out", response={204: None})
def opt_out(request: HttpRequest, payload: PolicyOptOutIn) -> Status[None]:
    from smedt.policies.services.push import opt_out_set

    user = _u(request)
    opt_out_set(actor=user, org_id=_own_org_id(user), channel=payload.channel, opted_out=payload.opted_out)
    return Status(204, None)


def _own_org_id(user: Any) -> int:
    org_ids = sorted(user_grants(user).grant("policies.view_own_match").org_ids)
    if not org_ids:
        raise PermissionDenied()
    return org_ids[0]


@router.get("/mine/preferences", response=PolicyPushPrefsOut)
def push_prefs(request: HttpRequest) -> dict[str, Any]:
    from smedt.policies.services.push import push_prefs_get

    return push_prefs_get(org_id=_own_org_id(_u(request)))


@router.put("/mine/preferences", response=PolicyPushPrefsOut)
def push_prefs_update(request: HttpRequest, payload: PolicyPushPrefsIn) -> dict[str, Any]:
    from smedt.policies.services.push import push_prefs_get, sms_consent_set

    user = _u(request)
    org_id = _own_org_id(user)
    sms_consent_set(actor=user, org_id=org_id, consented=payload.sms_consent)
    return push_prefs_get(org_id=org_id)


@router.get("/mine/{policy_id}", response=PolicyMineDetailOut)
def mine_detail(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    m = sel.mine_get(user=_u(request), policy_id=policy_id)
    from smedt.policies.services.push import delivery_opened

    delivery_opened(org_id=m.org_id, policy_id=m.policy_id)
    return {**sel.match_out(m, with_policy=False), "policy": sel.policy_detail(m.policy, public=True)}


# ---- editor


@router.get("/meta", response=PolicyMetaOut)
def meta(request: HttpRequest) -> dict[str, Any]:
    grants = user_grants(_u(request))
    if all(grants.grant(c).empty for c in ("policies.view_policy", "policies.view_own_match")):
        raise PermissionDenied()
    return sel.meta()


@router.get("", response=Page[PolicyRowOut])
def policy_list(request: HttpRequest, filters: Query[AdminPolicyFilter], page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        sel.admin_list(user=_u(request), filters=filters),
        page,
        allowed_ordering=("id", "window_end", "published_at"),
        default_ordering=("-id",),
        transform=lambda rows: [sel.policy_row(p) for p in rows],
    )


@router.post("", response={201: AdminPolicyDetailOut})
def policy_create(request: HttpRequest, payload: PolicyCreateIn) -> Status[dict[str, Any]]:
    data = payload.model_dump()
    ids, region = data.pop("attachment_ids"), data.pop("region_code")
    p = svc.policy_create(actor=_u(request), values=data, region_code=region, attachment_ids=ids)
    return Status(201, _admin_detail(_u(request), p))


@router.get("/{policy_id}", response=AdminPolicyDetailOut)
def policy_detail(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    return _admin_detail(_u(request), sel.policy_get(user=_u(request), policy_id=policy_id))


@router.patch("/{policy_id}", response=AdminPolicyDetailOut)
def policy_update(request: HttpRequest, policy_id: int, payload: PolicyUpdateIn) -> dict[str, Any]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="manage")
    data = payload.model_dump(exclude_unset=True)
    ids = data.pop("attachment_ids", None)
    p = svc.policy_update(actor=_u(request), policy=p, changes=data, attachment_ids=ids)
    return _admin_detail(_u(request), p)


@router.post("/{policy_id}/extract", response=list[PolicyConditionOut])
def conditions_extract(request: HttpRequest, policy_id: int, payload: PolicyExtractIn) -> list[dict[str, Any]]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="manage")
    svc.conditions_extract(actor=_u(request), policy=p, text=payload.text)
    conditions: list[dict[str, Any]] = sel.policy_detail(p)["conditions"]
    return conditions


@router.put("/{policy_id}/conditions", response=AdminPolicyDetailOut)
def conditions_set(request: HttpRequest, policy_id: int, payload: PolicyConditionsIn) -> dict[str, Any]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="manage")
    p = svc.conditions_set(actor=_u(request), policy=p, conditions=[c.model_dump() for c in payload.conditions])
    return _admin_detail(_u(request), p)


@router.post("/{policy_id}/publish", response=AdminPolicyDetailOut)
def policy_publish(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="manage")
    return _admin_detail(_u(request), svc.policy_publish(actor=_u(request), policy=p))


@router.post("/{policy_id}/withdraw", response=AdminPolicyDetailOut)
def policy_withdraw(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="manage")
    return _admin_detail(_u(request), svc.policy_withdraw(actor=_u(request), policy=p))


@router.post("/{policy_id}/rematch", response=PolicyRunOut)
def policy_rematch(request: HttpRequest, policy_id: int) -> dict[str, Any] | None:
    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="manage")
    return sel.run_out(svc.rematch_request(actor=_u(request), policy=p))


@router.get("/{policy_id}/run", response=PolicyRunOut | None)
def policy_run(request: HttpRequest, policy_id: int) -> dict[str, Any] | None:
    p = sel.policy_get(user=_u(request), policy_id=policy_id)
    return sel.run_out(sel.latest_run(p))


@router.get("/{policy_id}/versions", response=list[PolicyVersionOut])
def policy_versions(request: HttpRequest, policy_id: int) -> list[dict[str, Any]]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id)
    return [
        {
            "version": v.version,
            "created_at": v.created_at,
            "actor_name": (v.actor.display_name or v.actor.username) if v.actor else "",
            "snapshot": v.snapshot,
        }
        for v in p.versions.select_related("actor")[:50]
    ]


@router.post("/{policy_id}/sandbox", response=PolicySandboxOut)
def policy_sandbox(request: HttpRequest, policy_id: int, payload: PolicySandboxIn) -> dict[str, Any]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="manage")
    cleaned = svc.clean_conditions([{**c.model_dump(), "confirmed": True} for c in payload.conditions])
    conds = msvc.conditions_of([PolicyCondition(**c) for c in cleaned])
    return msvc.sandbox(policy=p, conditions=conds)


@router.get("/{policy_id}/stats", response=PolicyStatsOut)
def policy_stats(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id)
    return sel.stats(user=_u(request), policy=p)


@router.get("/{policy_id}/matches", response=Page[PolicyMatchOut])
def policy_matches(
    request: HttpRequest, policy_id: int, filters: Query[PolicyMatchFilter], page: Query[PageParams]
) -> dict[str, Any]:
    p = sel.policy_get(user=_u(request), policy_id=policy_id)
    qs = sel.matches_of(user=_u(request), policy=p, status=filters.status, county=filters.county)

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        for m in items:
            m.org_name, m.county_name = m.org.name, (m.county.name if m.county else "")
        return sel.matches_out(items, with_policy=False)

    return paginate(
        qs, page, allowed_ordering=("rank_score",), default_ordering=("-rank_score", "org_id"), transform=rows
    )


# ---- targeted push


def _push_out(c: Any) -> dict[str, Any]:
    from smedt.policies.services.push import campaign_stats

    return {
        "id": c.pk,
        "title": c.title,
        "status": c.status,
        "status_label": c.get_status_display(),
        "created_at": c.created_at,
        "finished_at": c.finished_at,
        "total": c.total,
        "done": c.done,
        **campaign_stats(c),
    }


@router.post("/{policy_id}/pushes", response={201: PolicyPushOut})
def push_create(request: HttpRequest, policy_id: int, payload: PolicyPushIn) -> Status[dict[str, Any]]:
    from smedt.policies.services.push import campaign_create

    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="push")
    c = campaign_create(actor=_u(request), policy=p, **payload.model_dump())
    return Status(201, _push_out(c))


@router.get("/{policy_id}/pushes", response=list[PolicyPushOut])
def push_list(request: HttpRequest, policy_id: int) -> list[dict[str, Any]]:
    from smedt.policies.models import PushCampaign

    p = sel.policy_get(user=_u(request), policy_id=policy_id, action="push")
    return [_push_out(c) for c in PushCampaign.objects.visible_to(_u(request), "view").filter(policy=p)[:20]]
