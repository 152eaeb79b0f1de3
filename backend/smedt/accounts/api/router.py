from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja import Query, Router, Status
from ninja.utils import check_csrf

from smedt.accounts.api.schemas import (
    CaptchaOut,
    CsrfOut,
    LoginChallengeOut,
    LoginIn,
    LoginLogFilter,
    LoginLogOut,
    MeOut,
    OnlineSessionFilter,
    OnlineSessionOut,
    PasswordChangeIn,
    PasswordResetIn,
    SessionOut,
    UserCreateIn,
    UserFilter,
    UserOut,
    UserRolesIn,
    UserUpdateIn,
)
from smedt.accounts.selectors import (
    login_log_list,
    may_view_personal_data,
    me_out,
    online_session_list,
    online_session_out,
    user_get,
    user_list,
    user_out,
)
from smedt.accounts.services import auth as auth_services
from smedt.accounts.services import captcha as captcha_services
from smedt.accounts.services import login_crypto
from smedt.accounts.services import sessions as session_services
from smedt.accounts.services import users as user_services
from smedt.core.api.auth import request_user, session_auth
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import ApplicationError
from smedt.rbac.services import user_roles_set

auth_router = Router(tags=["登录与会话"])
users_router = Router(tags=["用户管理"])

USER_ORDERING = ("id", "username", "display_name", "date_joined", "last_login")
LOG_ORDERING = ("id", "created_at", "username")


@auth_router.get("/csrf", response=CsrfOut, auth=None)
def csrf(request: HttpRequest) -> dict[str, str]:
    return {"csrf_token": get_token(request)}


@auth_router.post("/login", response=MeOut, auth=None)
def login(request: HttpRequest, payload: LoginIn) -> dict[str, Any]:
    if check_csrf(request) is not None:
        raise ApplicationError(code="csrf_failed", message="页面已过期，请刷新后重试", status_code=403)
    user = auth_services.login_attempt(
        request=request,
        username=payload.username,
        password=payload.password,
        password_cipher=payload.password_cipher,
        captcha_id=payload.captcha_id,
        captcha_answer=payload.captcha_answer,
    )
    return me_out(user)


@auth_router.get("/login-challenge", response=LoginChallengeOut, auth=None)
def login_challenge(request: HttpRequest) -> dict[str, Any]:
    nonce, public_key, expires_at = login_crypto.login_challenge_issue()
    return {"nonce": nonce, "public_key": public_key, "expires_at": expires_at}


@auth_router.get("/captcha", response=CaptchaOut, auth=None)
def captcha(request: HttpRequest) -> dict[str, Any]:
    return captcha_services.captcha_issue(request=request)


@auth_router.get("/sessions", response=Page[OnlineSessionOut])
def online_sessions(
    request: HttpRequest, filters: Query[OnlineSessionFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = online_session_list(user=request_user(request), filters=filters)
    key = request.session.session_key
    current = session_services.session_key_hash(key) if key else None
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "created_at", "last_seen_at"),
        default_ordering=("-id",),
        transform=lambda rows: [online_session_out(r, current_hash=current) for r in rows],
    )


@auth_router.post("/sessions/{session_id}/end", response={204: None})
def online_session_end(request: HttpRequest, session_id: int) -> Status[None]:
    session_services.session_force_end(actor=request_user(request), session_id=session_id)
    return Status(204, None)


@auth_router.post("/logout", response={204: None})
def logout(request: HttpRequest) -> Status[None]:
    auth_services.logout_current(request=request)
    return Status(204, None)


@auth_router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    return me_out(request_user(request))


@auth_router.get("/session", response=SessionOut, auth=None)
def session(request: HttpRequest) -> dict[str, Any]:
    """Who is signed in, for every page (the portal's too): a visitor is 200 with `authenticated: false`,
    never a 401 the browser would log as an error."""
    user = session_auth.authenticate(request, None)
    return {"authenticated": user is not None, "me": me_out(user) if user is not None else None}


@auth_router.post("/password", response={204: None})
def password_change(request: HttpRequest, payload: PasswordChangeIn) -> Status[None]:
    auth_services.password_change_own(
        user=request_user(request),
        old_password=payload.old_password,
        new_password=payload.new_password,
        request=request,
    )
    return Status(204, None)


@auth_router.get("/login-logs", response=Page[LoginLogOut])
def login_logs(request: HttpRequest, filters: Query[LoginLogFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = login_log_list(user=request_user(request), filters=filters)
    return paginate(qs, page, allowed_ordering=LOG_ORDERING, default_ordering=("-id",))


@users_router.get("", response=Page[UserOut])
def users(request: HttpRequest, filters: Query[UserFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = user_list(user=request_user(request), filters=filters)
    reveal = may_view_personal_data(request_user(request))
    return paginate(
        qs,
        page,
        allowed_ordering=USER_ORDERING,
        default_ordering=("id",),
        transform=lambda rows: [user_out(u, reveal=reveal) for u in rows],
    )


@users_router.post("", response={201: UserOut})
def user_create(request: HttpRequest, payload: UserCreateIn) -> Status[dict[str, Any]]:
    actor = request_user(request)
    data = payload.dict()
    u = user_services.user_create(actor=actor, **data)
    return Status(201, user_out(user_services.user_refetch(user=u)))


@users_router.get("/{user_id}", response=UserOut)
def user_detail(request: HttpRequest, user_id: int) -> dict[str, Any]:
    actor = request_user(request)
    return user_out(user_get(user=actor, user_id=user_id), reveal=may_view_personal_data(actor))


@users_router.post("/{user_id}/force-logout", response=UserOut)
def user_force_logout(request: HttpRequest, user_id: int) -> dict[str, Any]:
    actor = request_user(request)
    target = user_get(user=actor, user_id=user_id, action="manage")
    session_services.sessions_force_end_user(actor=actor, user=target)
    return user_out(user_services.user_refetch(user=target))


@users_router.patch("/{user_id}", response=UserOut)
def user_update(request: HttpRequest, user_id: int, payload: UserUpdateIn) -> dict[str, Any]:
    actor = request_user(request)
    target = user_get(user=actor, user_id=user_id, action="manage")
    return user_out(user_services.user_update(actor=actor, user=target, **payload.dict(exclude_unset=True)))


@users_router.post("/{user_id}/disable", response=UserOut)
def user_disable(request: HttpRequest, user_id: int) -> dict[str, Any]:
    actor = request_user(request)
    target = user_get(user=actor, user_id=user_id, action="manage")
    return user_out(user_services.user_set_active(actor=actor, user=target, active=False))


@users_router.post("/{user_id}/enable", response=UserOut)
def user_enable(request: HttpRequest, user_id: int) -> dict[str, Any]:
    actor = request_user(request)
    target = user_get(user=actor, user_id=user_id, action="manage")
    return user_out(user_services.user_set_active(actor=actor, user=target, active=True))


@users_router.post("/{user_id}/unlock", response=UserOut)
def user_unlock(request: HttpRequest, user_id: int) -> dict[str, Any]:
    actor = request_user(request)
    target = user_get(user=actor, user_id=user_id, action="manage")
    return user_out(user_services.user_unlock(actor=actor, user=target))


@users_router.post("/{user_id}/reset-password", response=UserOut)
def user_reset_password(request: HttpRequest, user_id: int, payload: PasswordResetIn) -> dict[str, Any]:
    actor = request_user(request)
    target = user_get(user=actor, user_id=user_id, action="manage")
    return user_out(user_services.user_reset_password(actor=actor, user=target, new_password=payload.new_password))


@users_router.put("/{user_id}/roles", response=UserOut)
def user_roles(request: HttpRequest, user_id: int, payload: UserRolesIn) -> dict[str, Any]:
    actor = request_user(request)
    target = user_get(user=actor, user_id=user_id, action="manage")
    user_roles_set(actor=actor, user=target, assignments=[a.dict() for a in payload.assignments])
    # answer with the result even when the change moved the user out of the actor's scope
    return user_out(user_services.user_refetch(user=target))
