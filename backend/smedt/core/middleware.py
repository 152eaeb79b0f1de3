"""Request id: taken from X-Request-ID when sane, else generated; echoed back and kept for audit."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current_request_id: ContextVar[str] = ContextVar("smedt_request_id", default="")
_current_ip: ContextVar[str] = ContextVar("smedt_client_ip", default="")
_SAFE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _current_request_id.get()


def current_client_ip() -> str:
    return _current_ip.get()


def client_ip(request: HttpRequest) -> str:
    """The peer address; X-Forwarded-For is trusted only behind our own proxy (first hop)."""
    from django.conf import settings

    if getattr(settings, "SMEDT_TRUST_X_FORWARDED_FOR", False):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE.match(incoming) else uuid.uuid4().hex
        token = _current_request_id.set(request_id)
        ip_token = _current_ip.set(client_ip(request))
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            _current_request_id.reset(token)
            _current_ip.reset(ip_token)
        response["X-Request-ID"] = request_id
        return response


class ApiErrorShapeMiddleware:
    """Under /api/ even Django's own 404 (unknown path) and 405 (wrong method) answer in the
    {code, message, details} shape; the front end switches on `code` everywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        import json

        body = (
            {"code": "not_found", "message": "接口不存在", "details": {}}
            if response.status_code == 404
            else {"code": "method_not_allowed", "message": "不支持该请求方法", "details": {}}
        )
        shaped = HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=response.status_code,
            content_type="application/json; charset=utf-8",
        )
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped
