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


def payload_too_large_response() -> HttpResponse:
    """413 in the API's error envelope (the body is never read)."""
    import json

    from django.conf import settings

    limit_mb = max(1, int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) // (1024 * 1024))
    body = {
        "code": "payload_too_large",
        "message": f"提交的内容过大（上限约 {limit_mb} MB），请压缩或拆分后重试",
        "details": {"limit_bytes": int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=413, content_type="application/json; charset=utf-8"
    )


class BodySizeLimitMiddleware:
    """Refuse a request body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (JSON and multipart alike) before
    anything reads it: Django would raise RequestDataTooBig deep inside the view (a 500), and a
    multipart upload would be streamed to a temporary file first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > int(limit):
            return payload_too_large_response()
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response, whatever produced it
    (SPA index, static files, JSON answers, the 404/405/413/500 envelopes).

    It sits near the top of MIDDLEWARE, above Django's SecurityMiddleware (HSTS, nosniff,
    referrer policy, COOP) and X-Frame-Options, so responses built by inner middleware (the
    reshaped 404s, the 413) pass through all of them. The policy comes from `SMEDT_CSP`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        policy = str(getattr(settings, "SMEDT_CSP", "") or "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        permissions = str(getattr(settings, "SMEDT_PERMISSIONS_POLICY", "") or "")
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
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
