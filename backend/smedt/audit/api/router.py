from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from smedt.audit.models import AuditRecord
from smedt.audit.services import audit_verify
from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.api.schema import InSchema
from smedt.rbac.services import require

router = Router(tags=["操作日志"])

ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "disable": "停用",
    "enable": "启用",
    "unlock": "解锁",
    "reset_password": "重置密码",
    "roles_set": "授权",
    "register": "注册",
    "submit": "提交审核",
    "approve": "审核通过",
    "reject": "审核不通过",
    "return": "退回修改",
    "resubmit": "重新提交",
    "withdraw": "撤回",
    "password_change": "修改密码",
    "upload": "上传",
    "retry": "重试",
}


def action_label(action: str) -> str:
    verb = action.split(".", 1)[-1]
    for suffix, label in ACTION_LABELS.items():
        if verb.endswith(suffix):
            return label
    return action


class AuditOut(Schema):
    id: int
    created_at: datetime
    actor_name: str
    action: str
    action_label: str
    target_type: str
    target_id: str
    target_repr: str
    region_name: str
    ip: str
    request_id: str
    before: Any = None
    after: Any = None


class AuditFilter(InSchema):
    q: str | None = Field(None, max_length=100, description="对象或操作人")
    actor: str | None = Field(None, max_length=150)
    action: str | None = Field(None, max_length=100)
    target_type: str | None = Field(None, max_length=100)
    date_from: datetime | None = None
    date_to: datetime | None = None


class ChainOut(Schema):
    ok: bool
    checked: int
    first_bad_id: int | None
    message: str
    checkpoints_checked: int = Field(description="与之比对的签名检查点个数")
    checkpoint_seq: int | None = Field(description="最新签名检查点记录的条数")


def _list(user: Any, f: AuditFilter, action: str) -> QuerySet[AuditRecord]:
    qs = AuditRecord.objects.visible_to(user, action)
    if f.q:
        qs = qs.filter(Q(target_repr__icontains=f.q) | Q(actor_name__icontains=f.q))
    if f.actor:
        qs = qs.filter(actor_name__icontains=f.actor)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.target_type:
        qs = qs.filter(target_type=f.target_type)
    if f.date_from:
        qs = qs.filter(created_at__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(created_at__lte=f.date_to)
    return qs


def _out(r: AuditRecord) -> dict[str, Any]:
    return {
        "id": r.pk,
        "created_at": r.created_at,
        "actor_name": r.actor_name,
        "action": r.action,
        "action_label": action_label(r.action),
        "target_type": r.target_type,
        "target_id": r.target_id,
        "target_repr": r.target_repr,
        "region_name": r.region_name,
        "ip": r.ip,
        "request_id": r.request_id,
        "before": r.before,
        "after": r.after,
    }


@router.get("/records", response=Page[AuditOut])
def records(request: HttpRequest, filters: Query[AuditFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = _list(request_user(request), filters, "view")
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "created_at"),
        default_ordering=("-id",),
        transform=lambda rows: [_out(r) for r in rows],
    )


@router.get("/verify", response=ChainOut)
def verify(request: HttpRequest) -> dict[str, Any]:
    """Walk the HMAC-SM3 chain and compare it with the signed head and the latest signed checkpoints
    kept in the file storage: any edited, deleted or truncated record is reported."""
    require(request_user(request), "audit.export_record")
    return dataclasses.asdict(audit_verify())
