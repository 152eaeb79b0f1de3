"""Exception handlers: every error leaves the API as {code, message, details} with a 4xx status."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from smedt.core.errors import ApplicationError

logger = logging.getLogger(__name__)

_PYDANTIC_MESSAGES = {
    "missing": "必填",
    "string_too_short": "长度不足",
    "string_too_long": "长度超出限制",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "decimal_parsing": "应为数字",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是/否",
    "date_from_datetime_parsing": "日期格式不正确",
    "date_parsing": "日期格式不正确",
    "datetime_parsing": "时间格式不正确",
    "datetime_from_date_parsing": "时间格式不正确",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_pattern_mismatch": "格式不正确",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "string_type": "应为文本",
    "uuid_parsing": "标识格式不正确",
    "value_error": "取值不正确",
    "json_invalid": "请求体不是有效的 JSON",
    "too_long": "条目过多",
    "too_short": "条目不足",
    "decimal_max_digits": "数值位数过多",
    "decimal_whole_digits": "数值过大",
    "decimal_type": "应为数字",
    "date_type": "日期格式不正确",
    "datetime_type": "时间格式不正确",
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details or {}}


def _field_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, str] = {}
    for err in errors:
        # ninja's loc is (where, parameter name, field …): drop the first two, keep a field that
        # happens to be called "body" (an announcement's text)
        loc = [str(p) for p in err.get("loc", [])]
        if loc and loc[0] in ("body", "query", "path", "form", "file"):
            loc = loc[1:]
            if len(loc) > 1 and loc[0] in ("payload", "filters", "page", "data"):
                loc = loc[1:]
        key = ".".join(loc) or "_"
        err_type = str(err.get("type", ""))
        ctx_msg = ""
        if err_type == "value_error":
            # our validators raise ValueError with a Chinese message
            ctx_msg = str(err.get("ctx", {}).get("error", "")) or str(err.get("msg", ""))
            ctx_msg = ctx_msg.removeprefix("Value error, ")
        if err_type == "decimal_max_places":
            places = err.get("ctx", {}).get("decimal_places", 2)
            ctx_msg = f"最多保留 {places} 位小数，请勿超出" if places else "应为整数"
        fields.setdefault(key, ctx_msg or _PYDANTIC_MESSAGES.get(err_type, "取值不正确"))
    return {"fields": fields}


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApplicationError)
    def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return respond(request, exc.status_code, error_body(exc.code, exc.message, exc.details))

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = _field_errors(list(exc.errors))
        first = next(iter(details["fields"].items()), None)
        message = "提交的数据有误" + (f"：{first[0]} {first[1]}" if first else "")
        return respond(request, 422, error_body("validation_error", message, details))

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, error_body("not_authenticated", "请先登录"))

    @api.exception_handler(Http404)
    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body("not_found", "对象不存在或无权访问"))

    @api.exception_handler(DjangoPermissionDenied)
    def on_403(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        return respond(request, 403, error_body("permission_denied", "没有执行该操作的权限"))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 403:
            # ninja raises this for a failed CSRF check on session auth
            return respond(request, 403, error_body("csrf_failed", "页面已过期，请刷新后重试"))
        if status == 400 and str(exc.message).startswith("Cannot parse request body"):
            return respond(request, 400, error_body("invalid_body", "请求体不是有效的 JSON，请检查提交的数据"))
        if status == 405:
            return respond(request, 405, error_body("method_not_allowed", "不支持该请求方法"))
        return respond(request, status, error_body("http_error", "请求无法处理"))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        from smedt.core.middleware import payload_too_large_response

        return payload_too_large_response()

    @api.exception_handler(TooManyFieldsSent)
    def on_too_many_fields(request: HttpRequest, exc: TooManyFieldsSent) -> HttpResponse:
        return respond(request, 400, error_body("too_many_fields", "提交的字段过多"))

    @api.exception_handler(TooManyFilesSent)
    def on_too_many_files(request: HttpRequest, exc: TooManyFilesSent) -> HttpResponse:
        return respond(request, 400, error_body("too_many_files", "一次提交的文件过多"))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return respond(request, 500, error_body("server_error", "服务器内部错误，请稍后重试"))
