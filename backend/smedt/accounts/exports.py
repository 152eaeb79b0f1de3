"""Export kinds of the accounts module: users and the login log (``smedt.exports``)."""

from __future__ import annotations

from typing import Any

from smedt.accounts.api.schemas import LoginLogFilter, UserFilter
from smedt.accounts.selectors import login_log_list, user_list
from smedt.accounts.services import users as user_services
from smedt.exports.registry import ExportSource, export_register


def _roles(u: Any) -> str:
    parts = []
    for a in u.role_assignments.all():
        scope = a.region.name if a.region else (a.org.name if a.org else "全局")
        parts.append(f"{a.role.name}（{scope}）")
    return "；".join(parts)


def users(user: Any, filters: Any) -> ExportSource:
    return ExportSource(
        queryset=user_list(user=user, filters=filters, action="export").order_by("id"),
        columns=[
            ("用户名", lambda u: u.username),
            ("姓名", lambda u: u.display_name),
            ("邮箱", lambda u: u.email),
            ("手机号", lambda u: user_services.mask_mobile(u.mobile)),
            ("状态", lambda u: "正常" if u.is_active else "停用"),
            ("角色", _roles),
            ("最近登录", lambda u: u.last_login),
            ("创建时间", lambda u: u.date_joined),
        ],
        chunk_size=500,
    )


def login_logs(user: Any, filters: Any) -> ExportSource:
    return ExportSource(
        queryset=login_log_list(user=user, filters=filters, action="export").order_by("-id"),
        columns=[
            ("时间", lambda r: r.created_at),
            ("用户名", lambda r: r.username),
            ("结果", lambda r: "成功" if r.success else "失败"),
            ("说明", lambda r: r.reason),
            ("IP", lambda r: r.ip),
            ("客户端", lambda r: r.user_agent),
        ],
    )


export_register("users", label="用户", params=UserFilter, source=users, permission="accounts.export_user")
# login_log_list(action="export") refuses whoever does not hold accounts.export_login_log globally
export_register("login_logs", label="登录日志", params=LoginLogFilter, source=login_logs)
