"""Organization writes: admin create/edit/disable, public self-registration with county verification."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from smedt.accounts.models import User
from smedt.accounts.services.users import user_create
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied, ValidationFailed
from smedt.orgs import credit_code
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.orgs.selectors import phone_masked
from smedt.rbac.models import Role, RoleAssignment
from smedt.rbac.services import require
from smedt.regions.models import Region, RegionLevel

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
INDUSTRY_RE = re.compile(r"^[A-T](\d{2}|\d{3}|\d{4})?$")
ORG_VERIFICATION = "org_verification"


def org_snapshot(org: Organization) -> dict[str, Any]:
    return {
        "name": org.name,
        "credit_code": org.credit_code,
        "kind": org.kind,
        "region": org.region.code,
        "status": org.status,
        "address": org.address,
        "industry_code": org.industry_code,
        "contact_name": org.contact_name,
        "contact_phone": phone_masked(org.contact_phone),
    }


def _field_error(code: str, field: str, message: str) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def clean_credit_code(value: str) -> str:
    problem = credit_code.validation_error(value)
    if problem:
        raise _field_error("orgs.invalid_credit_code", "credit_code", problem)
    return credit_code.normalize(value)


def clean_region(code: str) -> Region:
    region = Region.objects.filter(code=code, is_active=True).first()
    if region is None:
        raise _field_error("orgs.invalid_region", "region_code", "所在区域不存在或已停用")
    if region.level != RegionLevel.COUNTY and region.level != RegionLevel.CITY:
        raise _field_error("orgs.invalid_region", "region_code", "请选择到县区一级")
    return region


def _clean_common(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "name" in out:
        out["name"] = str(out["name"]).strip()
        if len(out["name"]) < 2:
            raise _field_error("orgs.invalid_name", "name", "单位名称至少 2 个字")
    if "kind" in out and out["kind"] not in OrgKind.values:
        raise _field_error("orgs.invalid_kind", "kind", "组织类型不正确")
    if out.get("contact_phone"):
        out["contact_phone"] = str(out["contact_phone"]).strip()
        if not PHONE_RE.match(out["contact_phone"]):
            raise _field_error("orgs.invalid_phone", "contact_phone", "联系电话格式不正确")
    if out.get("industry_code"):
        out["industry_code"] = str(out["industry_code"]).strip().upper()
        if not INDUSTRY_RE.match(out["industry_code"]):
            raise _field_error("orgs.invalid_industry", "industry_code", "行业代码应为 GB/T 4754 代码，如 C3670")
    return out


@transaction.atomic
def org_create(
    *,
    actor: Any,
    name: str,
    credit_code_value: str,
    kind: str,
    region_code: str,
    status: str = OrgStatus.ACTIVE,
    address: str = "",
    industry_code: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Organization:
    region = clean_region(region_code)
    if actor is not None:
        require(actor, "orgs.manage_org", region_path=region.path)
    data = _clean_common({"name": name, "kind": kind, "contact_phone": contact_phone, "industry_code": industry_code})
    code = clean_credit_code(credit_code_value)
    if Organization.objects.filter(credit_code=code).exists():
        raise Conflict(
            code="orgs.duplicate_credit_code",
            message="该统一社会信用代码已登记",
            details={"fields": {"credit_code": "已登记"}},
        )
    org = Organization(
        name=data["name"],
        credit_code=code,
        kind=data["kind"],
        region=region,
        status=status,
        address=address.strip(),
        industry_code=data.get("industry_code") or "",
        contact_name=contact_name.strip(),
    )
    org.contact_phone = data.get("contact_phone") or ""
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:
        raise Conflict(code="orgs.duplicate_credit_code", message="该统一社会信用代码已登记") from exc
    audit_record(actor=actor, action="orgs.org_create", target=org, after=org_snapshot(org))
    return org


EDITABLE = ("name", "address", "industry_code", "contact_name", "contact_phone", "region_code")


@transaction.atomic
def org_update(*, actor: Any, org: Organization, changes: dict[str, Any]) -> Organization:
    org = Organization.objects.select_for_update().select_related("region").get(pk=org.pk)
    # an admin in scope, or a member of the organization itself
    try:
        require(actor, "orgs.manage_org", region_path=org.region.path)
        own_only = False
    except PermissionDenied:
        require(actor, "orgs.edit_own_org", org_id=org.pk)
        own_only = True
    before = org_snapshot(org)
    data = _clean_common({k: v for k, v in changes.items() if k in EDITABLE and v is not None})
    fields = []
    if "region_code" in data:
        if own_only:
            raise ValidationFailed(code="orgs.region_locked", message="所在区域由主管部门维护，企业不能自行修改")
        region = clean_region(data.pop("region_code"))
        require(actor, "orgs.manage_org", region_path=region.path)
        org.region = region
        fields.append("region")
    for key, value in data.items():
        setattr(org, key, value.strip() if isinstance(value, str) else value)
        fields.append(key)
    if fields:
        org.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="orgs.org_update", target=org, before=before, after=org_snapshot(org))
    return org


@transaction.atomic
def org_set_active(*, actor: Any, org: Organization, active: bool, reason: str = "") -> Organization:
    org = Organization.objects.select_for_update().select_related("region").get(pk=org.pk)
    require(actor, "orgs.manage_org", region_path=org.region.path)
    if not active and not reason.strip():
        raise _field_error("orgs.reason_required", "reason", "停用时请填写原因")
    if active and org.status != OrgStatus.DISABLED:
        raise Conflict(
            code="invalid_transition",
            message="只有已停用的组织可以重新启用",
            details={"current": org.get_status_display()},
        )
    if not active and org.status == OrgStatus.DISABLED:
        raise Conflict(code="invalid_transition", message="该组织已停用")
    before = org_snapshot(org)
    org.status = OrgStatus.ACTIVE if active else OrgStatus.DISABLED
    org.status_reason = "" if active else reason.strip()
    org.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="orgs.org_enable" if active else "orgs.org_disable",
        target=org,
        before=before,
        after={**org_snapshot(org), "reason": reason},
    )
    return org


@transaction.atomic
def org_register(
    *,
    org_name: str,
    credit_code_value: str,
    kind: str,
    region_code: str,
    contact_name: str,
    contact_phone: str,
    username: str,
    password: str,
    display_name: str = "",
) -> tuple[Organization, User]:
    """Public self-registration: the organization waits for its county to verify it.

    Creates the organization (pending), its first user with the matching org-scoped role, and a
    review request on the county step. Nothing is left behind if any part is refused.
    """
    from smedt.reviews.services.requests import review_submit

    if kind not in (OrgKind.ENTERPRISE, OrgKind.PROVIDER):
        raise _field_error("orgs.invalid_kind", "kind", "只能注册企业或服务商")
    if not contact_phone:
        raise _field_error("orgs.phone_required", "contact_phone", "请填写联系电话")
    org = org_create(
        actor=None,
        name=org_name,
        credit_code_value=credit_code_value,
        kind=kind,
        region_code=region_code,
        status=OrgStatus.PENDING,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    user = user_create(
        actor=None,
        username=username,
        display_name=display_name or contact_name,
        password=password,
        mobile=contact_phone if len(contact_phone) == 11 else None,
        audit=False,
    )
    role = Role.objects.get(code="enterprise_user" if kind == OrgKind.ENTERPRISE else "provider_user")
    RoleAssignment.objects.create(user=user, role=role, org=org)
    audit_record(actor=user, action="orgs.org_register", target=org, after=org_snapshot(org))
    review_submit(
        process_key=ORG_VERIFICATION,
        target=org,
        title=f"{org.get_kind_display()}注册认证：{org.name}",
        region=org.region,
        org=org,
        submitted_by=user,
    )
    return org, user


REGISTER_WINDOW_SECONDS = 3600
# One answer whether the username is taken or the organization is already registered: the public
# form must not tell a visitor which accounts or organizations exist.
_REGISTER_UNAVAILABLE = "用户名不可用或该单位已登记"


def org_register_public(
    *, request: HttpRequest, captcha_id: str | None, captcha_answer: str | None, **fields: Any
) -> tuple[Organization, User]:
    """The anonymous registration form: rate limits (per address and platform-wide), the image
    captcha, then `org_register`; a taken username or credit code gets one neutral answer."""
    from django.conf import settings

    from smedt.accounts.services.captcha import captcha_check
    from smedt.core.middleware import client_ip
    from smedt.core.ratelimit import rate_hit, rate_limit

    busy = "注册提交过于频繁，请稍后再试"
    rate_limit(
        f"register-ip:{client_ip(request)}",
        limit=int(getattr(settings, "SMEDT_REGISTER_PER_IP_HOUR", 10)),
        window_seconds=REGISTER_WINDOW_SECONDS,
        code="orgs.register_too_frequent",
        message=busy,
        count=False,
    )
    rate_limit(
        "register-all",
        limit=int(getattr(settings, "SMEDT_REGISTER_GLOBAL_HOUR", 100)),
        window_seconds=REGISTER_WINDOW_SECONDS,
        code="orgs.register_too_frequent",
        message="当前注册人数较多，请稍后再试",
        count=False,
    )
    if getattr(settings, "SMEDT_REGISTER_CAPTCHA", True):
        captcha_check(request=request, captcha_id=captcha_id, answer=captcha_answer)
    # every attempt past the captcha counts, successful or not
    rate_hit(f"register-ip:{client_ip(request)}", window_seconds=REGISTER_WINDOW_SECONDS)
    rate_hit("register-all", window_seconds=REGISTER_WINDOW_SECONDS)
    try:
        return org_register(**fields)
    except Conflict as exc:
        if exc.code not in ("accounts.username_taken", "orgs.duplicate_credit_code"):
            raise
        raise Conflict(
            code="orgs.register_unavailable",
            message="注册未能受理：用户名不可用，或该统一社会信用代码已登记。请更换用户名后重试；"
            "如单位已登记，请联系本单位账号管理人或所在县区工信部门。",
            details={"fields": {"username": _REGISTER_UNAVAILABLE, "credit_code": _REGISTER_UNAVAILABLE}},
        ) from exc


@transaction.atomic
def org_resubmit(*, actor: Any, org: Organization, changes: dict[str, Any]) -> Organization:
    """After a return for revision the organization corrects its data and goes back to the county."""
    from smedt.reviews.models import ReviewRequest
    from smedt.reviews.services.requests import review_resubmit

    org = org_update(actor=actor, org=org, changes=changes)
    request = ReviewRequest.objects.filter(
        process_key=ORG_VERIFICATION, object_id=str(org.pk), status="returned"
    ).first()
    if request is None:
        raise Conflict(code="invalid_transition", message="当前没有被退回的注册认证，无需重新提交")
    review_resubmit(request=request, submitted_by=actor)
    return org


# --- review callbacks -------------------------------------------------------------------------


def _set_status(org: Organization, status: str, reason: str = "") -> None:
    org.status = status
    org.status_reason = reason
    org.save(update_fields=["status", "status_reason", "updated_at"])


def on_verified(org: Organization, request: Any, actor: Any) -> None:
    _set_status(org, OrgStatus.ACTIVE)


def on_rejected(org: Organization, request: Any, actor: Any) -> None:
    _set_status(org, OrgStatus.REJECTED, "注册认证未通过")


def on_returned(org: Organization, request: Any, actor: Any) -> None:
    _set_status(org, OrgStatus.RETURNED, "注册信息被退回修改")


def on_resubmitted(org: Organization, request: Any, actor: Any) -> None:
    _set_status(org, OrgStatus.PENDING)


def review_summary(org: Organization) -> dict[str, str]:
    return {
        "单位名称": org.name,
        "统一社会信用代码": org.credit_code,
        "类型": org.get_kind_display(),
        "所在区域": org.region.name,
        "联系人": org.contact_name,
        "联系电话": phone_masked(org.contact_phone),
    }
