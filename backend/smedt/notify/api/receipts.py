"""SMS delivery receipt callbacks (短信状态回执), called by the gateways, not by users:

- ``POST /api/sms/receipts/aliyun?token=…`` — Alibaba Cloud SMS status report push (SmsReport, HTTP batch
  push): a JSON array of ``{"biz_id", "success", "err_code", "err_msg", "phone_number", …}``; answers
  ``{"code": 0, "msg": "成功"}``;
- ``POST /api/sms/receipts/tencent?token=…`` — Tencent Cloud SMS status callback (短信下发状态回调): a JSON
  array of ``{"sid", "report_status": "SUCCESS"|"FAIL", "errmsg", "description", "mobile", …}``; answers
  ``{"result": 0, "errmsg": "OK"}``;
- ``POST /api/sms/receipts/http`` — a province's own platform: ``{"message_id", "status":
  "delivered"|"failed", "code", "message"}`` (or an array of them), signed like the sends
  (``X-Smedt-Timestamp``, ``X-Smedt-Signature`` = HMAC-SHA256 of ``timestamp + "\\n" + body``).

Neither vendor signs its callbacks, so the URL configured in the vendor console carries a shared token
(`SMEDT_SMS_RECEIPT_TOKEN`); without it configured these two endpoints refuse everything. A wrong token or
signature is 403, a malformed body 400, and in both cases nothing is written. Receipts are idempotent:
a message already delivered or failed does not change.
"""

from __future__ import annotations

import hmac
import json
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router

from smedt.core.errors import ApplicationError, ValidationFailed
from smedt.notify.sms import Receipt, sms_receipts_apply
from smedt.notify.sms_gateways import http_signature

router = Router(tags=["短信回执"])

MAX_RECEIPTS = 1000
MAX_SKEW_SECONDS = 300


def _forbidden() -> ApplicationError:
    return ApplicationError(code="sms.receipt_forbidden", message="回执认证失败", status_code=403)


def _bad(message: str) -> ValidationFailed:
    return ValidationFailed(code="sms.receipt_invalid", message=message)


def _check_token(request: HttpRequest) -> None:
    want = str(getattr(settings, "SMEDT_SMS_RECEIPT_TOKEN", "") or "")
    got = str(request.GET.get("token", ""))
    if not want or not hmac.compare_digest(got.encode(), want.encode()):
        raise _forbidden()


def _items(request: HttpRequest, *, allow_object: bool = False) -> list[dict[str, Any]]:
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad("回执不是有效的 JSON") from exc
    if allow_object and isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data or len(data) > MAX_RECEIPTS:
        raise _bad(f"回执应为 1 至 {MAX_RECEIPTS} 条记录的数组")
    if not all(isinstance(x, dict) for x in data):
        raise _bad("回执记录格式不正确")
    return data


def _text(item: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _bad(f"回执字段 {key} 格式不正确")
    text = str(value).strip()
    if required and not text:
        raise _bad(f"回执缺少 {key}")
    return text[:300]


@router.post("/aliyun", auth=None)
def aliyun(request: HttpRequest) -> dict[str, Any]:
    _check_token(request)
    receipts = []
    for item in _items(request):
        success = item.get("success")
        if not isinstance(success, bool):
            raise _bad("回执字段 success 应为 true 或 false")
        receipts.append(
            Receipt(
                provider_id=_text(item, "biz_id", required=True),
                delivered=success,
                code=_text(item, "err_code"),
                message=_text(item, "err_msg"),
            )
        )
    sms_receipts_apply(backend="aliyun", receipts=receipts)
    return {"code": 0, "msg": "成功"}


@router.post("/tencent", auth=None)
def tencent(request: HttpRequest) -> dict[str, Any]:
    _check_token(request)
    receipts = []
    for item in _items(request):
        status = _text(item, "report_status", required=True)
        if status not in ("SUCCESS", "FAIL"):
            raise _bad("回执字段 report_status 应为 SUCCESS 或 FAIL")
        receipts.append(
            Receipt(
                provider_id=_text(item, "sid", required=True),
                delivered=status == "SUCCESS",
                code=_text(item, "errmsg"),
                message=_text(item, "description"),
            )
        )
    sms_receipts_apply(backend="tencent", receipts=receipts)
    return {"result": 0, "errmsg": "OK"}


@router.post("/http", auth=None)
def generic(request: HttpRequest) -> dict[str, Any]:
    secret = str(getattr(settings, "SMEDT_SMS_HTTP_SECRET", "") or "")
    ts = str(request.headers.get("X-Smedt-Timestamp", ""))
    sig = str(request.headers.get("X-Smedt-Signature", ""))
    if not secret or not ts.isdigit() or abs(time.time() - int(ts)) > MAX_SKEW_SECONDS:
        raise _forbidden()
    if not hmac.compare_digest(sig.encode(), http_signature(secret, ts, request.body).encode()):
        raise _forbidden()
    receipts = []
    for item in _items(request, allow_object=True):
        status = _text(item, "status", required=True)
        if status not in ("delivered", "failed"):
            raise _bad("回执字段 status 应为 delivered 或 failed")
        receipts.append(
            Receipt(
                provider_id=_text(item, "message_id", required=True),
                delivered=status == "delivered",
                code=_text(item, "code"),
                message=_text(item, "message"),
            )
        )
    sms_receipts_apply(backend="http", receipts=receipts)
    return {"code": 0}
