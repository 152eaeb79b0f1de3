from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.api.schema import CodeText
from smedt.orgs import credit_code
from smedt.orgs import services as org_services
from smedt.orgs.api.schemas import (
    CreditCodeCheckOut,
    OrgCreateIn,
    OrgDisableIn,
    OrgFilter,
    OrgOut,
    OrgRegisterIn,
    OrgRegisterOut,
    OrgUpdateIn,
)
from smedt.orgs.selectors import org_get, org_list, org_out

router = Router(tags=["组织机构"])
ORDERING = ("id", "name", "credit_code", "created_at", "status")


@router.get("", response=Page[OrgOut])
def orgs(request: HttpRequest, filters: Query[OrgFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = org_list(user=request_user(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=ORDERING,
        default_ordering=("-id",),
        transform=lambda rows: [org_out(o) for o in rows],
    )


@router.get("/check-credit-code", response=CreditCodeCheckOut, auth=None)
def check_credit_code(request: HttpRequest, code: CodeText) -> dict[str, Any]:
    problem = credit_code.validation_error(code[:40])
    return {"valid": problem is None, "message": problem or "校验通过"}


@router.post("/register", response={201: OrgRegisterOut}, auth=None)
def register(request: HttpRequest, payload: OrgRegisterIn) -> Status[dict[str, Any]]:
    org, _user = org_services.org_register_public(
        request=request,
        captcha_id=payload.captcha_id,
        captcha_answer=payload.captcha_answer,
        org_name=payload.org_name,
        credit_code_value=payload.credit_code,
        kind=payload.kind,
        region_code=payload.region_code,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        username=payload.username,
        password=payload.password,
    )
    return Status(201, {"org_id": org.pk, "review_status": "pending", "message": f"已提交，等待{org.region.name}审核"})


@router.post("", response={201: OrgOut})
def create(request: HttpRequest, payload: OrgCreateIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    org = org_services.org_create(actor=request_user(request), credit_code_value=data.pop("credit_code"), **data)
    return Status(201, org_out(org))


@router.get("/{org_id}", response=OrgOut)
def detail(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return org_out(org_get(user=request_user(request), org_id=org_id))


@router.patch("/{org_id}", response=OrgOut)
def update(request: HttpRequest, org_id: int, payload: OrgUpdateIn) -> dict[str, Any]:
    actor = request_user(request)
    org = org_get(user=actor, org_id=org_id)
    return org_out(org_services.org_update(actor=actor, org=org, changes=payload.dict(exclude_unset=True)))


@router.post("/{org_id}/resubmit", response=OrgOut)
def resubmit(request: HttpRequest, org_id: int, payload: OrgUpdateIn) -> dict[str, Any]:
    actor = request_user(request)
    org = org_get(user=actor, org_id=org_id)
    return org_out(org_services.org_resubmit(actor=actor, org=org, changes=payload.dict(exclude_unset=True)))


@router.post("/{org_id}/disable", response=OrgOut)
def disable(request: HttpRequest, org_id: int, payload: OrgDisableIn) -> dict[str, Any]:
    actor = request_user(request)
    org = org_get(user=actor, org_id=org_id)
    return org_out(org_services.org_set_active(actor=actor, org=org, active=False, reason=payload.reason))


@router.post("/{org_id}/enable", response=OrgOut)
def enable(request: HttpRequest, org_id: int) -> dict[str, Any]:
    actor = request_user(request)
    org = org_get(user=actor, org_id=org_id)
    return org_out(org_services.org_set_active(actor=actor, org=org, active=True))
