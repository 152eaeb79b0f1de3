"""One error type with a stable code; the API turns it into {code, message, details}."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A refusal the user can understand: stable `code`, Chinese `message`, optional `details`."""

    status_code = 400

    def __init__(
        self,
        *,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}
        if status_code is not None:
            self.status_code = status_code


class ValidationFailed(ApplicationError):
    status_code = 422


class NotFound(ApplicationError):
    status_code = 404

    def __init__(self, message: str = "对象不存在或无权访问", *, code: str = "not_found") -> None:
        super().__init__(code=code, message=message)


class PermissionDenied(ApplicationError):
    status_code = 403

    def __init__(self, message: str = "没有执行该操作的权限", *, code: str = "permission_denied") -> None:
        super().__init__(code=code, message=message)


class NotAuthenticated(ApplicationError):
    status_code = 401

    def __init__(self, message: str = "请先登录", *, code: str = "not_authenticated") -> None:
        super().__init__(code=code, message=message)


class Conflict(ApplicationError):
    status_code = 409


class InvalidTransition(Conflict):
    def __init__(self, *, current: str, action: str, allowed: list[str], message: str | None = None) -> None:
        super().__init__(
            code="invalid_transition",
            message=message or f"当前状态（{current}）不允许执行该操作",
            details={"current": current, "action": action, "allowed": allowed},
        )
