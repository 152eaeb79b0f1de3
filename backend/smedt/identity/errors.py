"""Stable error codes of the unified login, with the Chinese message shown to the user."""

from __future__ import annotations

from smedt.core.errors import ApplicationError

MESSAGES: dict[str, str] = {
    "identity.provider_unknown": "统一身份认证方式不存在或未启用",
    "identity.bad_state": "登录请求已过期或无效，请重新登录",
    "identity.provider_error": "统一身份认证平台返回错误，请稍后重试",
    "identity.provider_unreachable": "无法连接统一身份认证平台，请稍后重试",
    "identity.bad_signature": "统一身份认证平台返回的数据签名校验失败",
    "identity.bad_token": "身份令牌校验失败，请重新登录",
    "identity.ticket_expired": "登录票据已过期，请重新登录",
    "identity.ticket_replayed": "登录票据已被使用，请重新登录",
    "identity.ticket_invalid": "登录票据无效，请重新登录",
    "identity.missing_claim": "统一身份认证平台未提供必要的身份信息",
    "identity.unknown_credit_code": "统一社会信用代码无效或不属于本平台服务的地区，无法登录",
    "identity.account_disabled": "账号已停用，请联系管理员",
    "identity.org_disabled": "所属单位已停用或未通过认证，请联系主管部门",
    "identity.ambiguous_match": "有多个本地账号与该身份匹配，请联系管理员处理",
    "identity.already_bound": "该统一身份认证账号已绑定其他本地账号",
    "identity.link_expired": "账号关联请求已过期，请重新验证密码",
}


class IdentityError(ApplicationError):
    """A refusal in the login flow; the callback turns it into /login?sso_error=<code>."""

    def __init__(self, code: str, message: str | None = None, *, status_code: int = 400) -> None:
        super().__init__(
            code=code, message=message or MESSAGES.get(code, "统一身份认证登录失败"), status_code=status_code
        )
