"""Real SMS gateway adapters behind the `identity.sms.SmsBackend` interface (`SMEDT_SMS_BACKEND` names one):

- `AliyunSmsBackend` — Alibaba Cloud SMS (dysmsapi, action SendSms, version 2017-05-25), RPC-style
  signature: the sorted, percent-encoded query is signed as ``GET&%2F&<encoded query>`` with
  HMAC-SHA1 and the key ``AccessKeySecret + "&"`` (Alibaba Cloud "Signature mechanism" for RPC APIs);
- `TencentSmsBackend` — Tencent Cloud SMS (action SendSms, version 2021-01-11), TC3-HMAC-SHA256:
  canonical request → string to sign → key derived from ``"TC3" + SecretKey`` over date, service and
  ``tc3_request`` (Tencent Cloud "Signature v3");
- `HttpSmsBackend` — a province's own SMS platform: JSON POST signed with HMAC-SHA256 over
  ``timestamp + "\\n" + body`` in ``X-Smedt-Signature``.

Every setting comes from the environment (docs/integrations/sms.md); the console/outbox stand-in stays
the default. Each `send` returns the gateway's message id (used to match delivery receipts) or raises
`SmsSendError`; retries are the task queue's job.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from smedt.identity.sms import SmsBackend


class SmsSendError(Exception):
    """The gateway refused or could not be reached; the message says why (for the delivery row)."""


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, default) or default)


def _post_json(url: str, body: bytes, headers: dict[str, str], timeout: float = 10) -> dict[str, Any]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - configured gateway URL
    return _open(req, timeout)


def _open(req: urllib.request.Request, timeout: float) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - configured gateway URL
            data = json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        try:
            data = json.loads(exc.read().decode("utf-8"))
        except ValueError:
            raise SmsSendError(f"短信网关返回 HTTP {exc.code}") from exc
    except (OSError, ValueError) as exc:
        raise SmsSendError(f"短信网关不可达：{exc}") from exc
    if not isinstance(data, dict):
        raise SmsSendError("短信网关应答格式不正确")
    return data


# ---- Alibaba Cloud


def aliyun_percent_encode(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "GET") -> str:
    canonical = "&".join(f"{aliyun_percent_encode(k)}={aliyun_percent_encode(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{aliyun_percent_encode('/')}&{aliyun_percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend(SmsBackend):
    name = "aliyun"

    def send(self, *, mobile: str, content: str, purpose: str) -> str:
        params = {
            "AccessKeyId": _setting("SMEDT_SMS_ALIYUN_ACCESS_KEY_ID"),
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": _setting("SMEDT_SMS_ALIYUN_REGION", "cn-hangzhou"),
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": str(uuid.uuid4()),
            "SignatureVersion": "1.0",
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
            "PhoneNumbers": mobile,
            "SignName": _setting("SMEDT_SMS_SIGN_NAME"),
            "TemplateCode": _setting("SMEDT_SMS_ALIYUN_TEMPLATE"),
            "TemplateParam": json.dumps({"content": content}, ensure_ascii=False),
        }
        params["Signature"] = aliyun_signature(params, _setting("SMEDT_SMS_ALIYUN_ACCESS_KEY_SECRET"))
        url = (
            _setting("SMEDT_SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
            + "?"
            + urllib.parse.urlencode(params)
        )
        data = _open(urllib.request.Request(url, method="GET"), 10)  # noqa: S310 - configured gateway URL
        if data.get("Code") != "OK":
            raise SmsSendError(f"阿里云短信：{data.get('Code')} {data.get('Message', '')}")
        return str(data.get("BizId") or data.get("RequestId") or "")


# ---- Tencent Cloud


def _hmac256(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def tencent_authorization(
    *, secret_id: str, secret_key: str, host: str, payload: str, timestamp: int, service: str = "sms"
) -> str:
    ct = "application/json; charset=utf-8"
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{ct}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(payload.encode()).hexdigest(),
        ]
    )
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join(
        ["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _hmac256(_hmac256(_hmac256(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


class TencentSmsBackend(SmsBackend):
    name = "tencent"

    def send(self, *, mobile: str, content: str, purpose: str) -> str:
        endpoint = _setting("SMEDT_SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com/")
        host = _setting("SMEDT_SMS_TENCENT_HOST", "sms.tencentcloudapi.com")
        number = mobile if mobile.startswith("+") else f"+86{mobile}"
        payload = json.dumps(
            {
                "PhoneNumberSet": [number],
                "SmsSdkAppId": _setting("SMEDT_SMS_TENCENT_APP_ID"),
                "SignName": _setting("SMEDT_SMS_SIGN_NAME"),
                "TemplateId": _setting("SMEDT_SMS_TENCENT_TEMPLATE"),
                "TemplateParamSet": [content],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        ts = int(time.time())
        headers = {
            "Authorization": tencent_authorization(
                secret_id=_setting("SMEDT_SMS_TENCENT_SECRET_ID"),
                secret_key=_setting("SMEDT_SMS_TENCENT_SECRET_KEY"),
                host=host,
                payload=payload,
                timestamp=ts,
            ),
            "Content-Type": "application/json; charset=utf-8",
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(ts),
            "X-TC-Version": "2021-01-11",
            "X-TC-Region": _setting("SMEDT_SMS_TENCENT_REGION", "ap-guangzhou"),
        }
        data = _post_json(endpoint, payload.encode(), headers).get("Response", {})
        if "Error" in data:
            raise SmsSendError(f"腾讯云短信：{data['Error'].get('Code')} {data['Error'].get('Message', '')}")
        status = (data.get("SendStatusSet") or [{}])[0]
        if status.get("Code") != "Ok":
            raise SmsSendError(f"腾讯云短信：{status.get('Code')} {status.get('Message', '')}")
        return str(status.get("SerialNo") or "")


# ---- a province's own platform


def http_signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


class HttpSmsBackend(SmsBackend):
    name = "http"

    def send(self, *, mobile: str, content: str, purpose: str) -> str:
        body = json.dumps(
            {"mobile": mobile, "content": content, "purpose": purpose, "sign_name": _setting("SMEDT_SMS_SIGN_NAME")},
            ensure_ascii=False,
        ).encode()
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Smedt-Key": _setting("SMEDT_SMS_HTTP_KEY_ID"),
            "X-Smedt-Timestamp": ts,
            "X-Smedt-Signature": http_signature(_setting("SMEDT_SMS_HTTP_SECRET"), ts, body),
        }
        data = _post_json(_setting("SMEDT_SMS_HTTP_URL"), body, headers)
        if str(data.get("code")) != "0":
            raise SmsSendError(f"短信平台：{data.get('code')} {data.get('message', '')}")
        return str(data.get("message_id") or "")
