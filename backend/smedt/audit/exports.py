"""Export kind of the audit trail (``smedt.exports``)."""

from __future__ import annotations

from typing import Any

from smedt.audit.api.router import AuditFilter, _list, action_label
from smedt.exports.registry import ExportSource, export_register


def records(user: Any, filters: Any) -> ExportSource:
    return ExportSource(
        queryset=_list(user, filters, "export").order_by("-id"),
        columns=[
            ("时间", lambda r: r.created_at),
            ("操作人", lambda r: r.actor_name),
            ("操作", lambda r: action_label(r.action)),
            ("操作码", lambda r: r.action),
            ("对象类型", lambda r: r.target_type),
            ("对象", lambda r: r.target_repr),
            ("区域", lambda r: r.region_name),
            ("IP", lambda r: r.ip),
            ("请求号", lambda r: r.request_id),
            ("变更前", lambda r: r.before),
            ("变更后", lambda r: r.after),
        ],
    )


export_register("audit_records", label="操作日志", params=AuditFilter, source=records, permission="audit.export_record")
