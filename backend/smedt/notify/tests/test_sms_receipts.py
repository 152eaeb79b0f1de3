"""Delivery receipts: the local gateway process (`gateway_stand_in.py`) sends each message's receipt back
to the running server in the vendor's callback format; the outbox row becomes delivered or failed with the
vendor's code. Forged or malformed receipts are refused and write nothing; repeated ones change nothing."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from smedt.identity.models import SmsOutbox
from smedt.notify import sms
from smedt.notify.services import message_send, notice_sms_send_pending
from smedt.notify.sms_gateways import http_signature

HERE = Path(__file__).parent
TOKEN = "receipt-token-123"


def _configure(settings: Any, url: str) -> None:
    settings.SMEDT_SMS_RECEIPT_TOKEN = TOKEN
    settings.SMEDT_SMS_SIGN_NAME = "新乡市中小企业服务平台"
    settings.SMEDT_SMS_ALIYUN_ENDPOINT = url
    settings.SMEDT_SMS_ALIYUN_ACCESS_KEY_ID = "LTAI-test"
    settings.SMEDT_SMS_ALIYUN_ACCESS_KEY_SECRET = "aliyun-secret"
    settings.SMEDT_SMS_TENCENT_ENDPOINT = url
    settings.SMEDT_SMS_TENCENT_SECRET_ID = "AKID-test"
    settings.SMEDT_SMS_TENCENT_SECRET_KEY = "tencent-secret"
    settings.SMEDT_SMS_HTTP_URL = url + "send"
    settings.SMEDT_SMS_HTTP_SECRET = "http-secret"


@pytest.fixture
def gateway(live_server: Any, tmp_path: Path, settings: Any) -> Iterator[Path]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "received.jsonl"
    receipts = f"{live_server.url}/api/sms/receipts/"
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "gateway_stand_in.py"), str(port), str(log), receipts, TOKEN],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    _configure(settings, f"http://127.0.0.1:{port}/")
    yield log
    proc.terminate()
    proc.wait(timeout=5)


def _wait(row: SmsOutbox, timeout: float = 20) -> SmsOutbox:
    deadline = time.time() + timeout
    while time.time() < deadline:
        row.refresh_from_db()
        if row.status != "sent":
            return row
        time.sleep(0.1)
    raise AssertionError("no receipt arrived")


def _receipt_answers(log: Path, count: int, timeout: float = 10) -> list[int]:
    """The server's answers to the gateway's receipts. The gateway logs an answer only after the server
    has written the row, so the log may lag the database by a moment: wait for `count` answers."""
    deadline = time.time() + timeout
    while True:
        answers = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        statuses = [a["status"] for a in answers if "receipt" in a]
        if len(statuses) >= count or time.time() > deadline:
            return statuses
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("backend", "name", "ok_code"),
    [
        ("smedt.notify.sms_gateways.AliyunSmsBackend", "aliyun", "DELIVERED"),
        ("smedt.notify.sms_gateways.TencentSmsBackend", "tencent", "DELIVRD"),
        ("smedt.notify.sms_gateways.HttpSmsBackend", "http", "0"),
    ],
)
def test_gateway_posts_receipts_back(gateway: Path, settings: Any, backend: str, name: str, ok_code: str) -> None:
    settings.SMEDT_SMS_BACKEND = backend
    good = sms.sms_send(mobile="13800001234", content="审核结果：已通过", purpose="review", kind=sms.NOTICE)
    bad = sms.sms_send(mobile="13800004444", content="审核结果：已通过", purpose="review", kind=sms.NOTICE)
    assert good.backend == name and good.provider_id and good.provider_id != bad.provider_id
    assert _wait(good).status == "delivered" and good.receipt_code == ok_code and good.delivered_at is not None
    assert _wait(bad).status == "failed" and bad.receipt_code and bad.receipt_code in bad.error
    assert _receipt_answers(gateway, 2) == [200, 200]


@pytest.mark.django_db(transaction=True)
def test_a_notice_goes_out_by_sms_once(gateway: Path, settings: Any, make_user: Any) -> None:
    """A business notice sent with sms=True reaches the user's mobile through the same service, once."""
    settings.SMEDT_SMS_BACKEND_NOTICE = "smedt.notify.sms_gateways.HttpSmsBackend"
    user = make_user("notice_user")
    user.mobile = "13800005678"
    user.save()
    no_mobile = make_user("notice_user2")
    message_send(
        recipient_ids=[user.pk, no_mobile.pk], title="审核结果：已通过", body="请查看。", sms=True, dedupe_key="k1"
    )
    notice_sms_send_pending()
    assert notice_sms_send_pending() == {"sent": 0, "failed": 0, "no_mobile": 0}  # nothing twice
    [row] = SmsOutbox.objects.all()
    assert row.kind == "notice" and row.backend == "http" and row.content == "审核结果：已通过。请查看。"
    assert _wait(row).status == "delivered"
    received = [json.loads(line) for line in gateway.read_text(encoding="utf-8").splitlines()]
    assert [r["mobile"] for r in received if "vendor" in r] == ["13800005678"]


# ---- forged and malformed receipts (no gateway process needed)


def _outbox(backend: str, provider_id: str) -> SmsOutbox:
    row = SmsOutbox(mobile_masked="138****1234", purpose="t", kind="notice", content="x", backend=backend)
    row.provider_id = provider_id
    row.save()
    return row


def _post(path: str, body: Any, **headers: str) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Client().post(path, raw, content_type="application/json", headers=headers)


ALIYUN_OK = [{"biz_id": "B-1", "success": True, "err_code": "DELIVERED", "err_msg": "用户接收成功"}]
TENCENT_OK = [{"sid": "S-1", "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "ok"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/sms/receipts/aliyun", ALIYUN_OK, 403),  # no token
        ("/api/sms/receipts/aliyun?token=wrong", ALIYUN_OK, 403),
        ("/api/sms/receipts/tencent?token=wrong", TENCENT_OK, 403),
        ("/api/sms/receipts/aliyun?token=" + TOKEN, b"not json", 422),
        ("/api/sms/receipts/aliyun?token=" + TOKEN, {"biz_id": "B-1"}, 422),  # not an array
        ("/api/sms/receipts/aliyun?token=" + TOKEN, [{"biz_id": "B-1", "success": "yes"}], 422),
        ("/api/sms/receipts/aliyun?token=" + TOKEN, [*ALIYUN_OK, {"success": True}], 422),  # one bad: none applied
        ("/api/sms/receipts/tencent?token=" + TOKEN, [{"sid": "S-1", "report_status": "MAYBE"}], 422),
        ("/api/sms/receipts/tencent?token=" + TOKEN, [], 422),
    ],
)
def test_forged_or_malformed_receipts_write_nothing(settings: Any, path: str, body: Any, status: int) -> None:
    settings.SMEDT_SMS_RECEIPT_TOKEN = TOKEN
    rows = [_outbox("aliyun", "B-1"), _outbox("tencent", "S-1")]
    r = _post(path, body)
    assert r.status_code == status, r.content
    assert "message" in r.json()
    for row in rows:
        row.refresh_from_db()
        assert row.status == "sent" and row.delivered_at is None


@pytest.mark.django_db
def test_receipt_endpoints_are_closed_without_a_configured_token(settings: Any) -> None:
    settings.SMEDT_SMS_RECEIPT_TOKEN = ""
    row = _outbox("aliyun", "B-1")
    assert _post("/api/sms/receipts/aliyun?token=", ALIYUN_OK).status_code == 403
    row.refresh_from_db()
    assert row.status == "sent"


@pytest.mark.django_db
def test_vendor_answers_and_idempotency(settings: Any) -> None:
    settings.SMEDT_SMS_RECEIPT_TOKEN = TOKEN
    ali, ten = _outbox("aliyun", "B-1"), _outbox("tencent", "S-1")
    r = _post(f"/api/sms/receipts/aliyun?token={TOKEN}", ALIYUN_OK)
    assert r.status_code == 200 and r.json() == {"code": 0, "msg": "成功"}
    r = _post(f"/api/sms/receipts/tencent?token={TOKEN}", [{**TENCENT_OK[0], "report_status": "FAIL"}])
    assert r.status_code == 200 and r.json() == {"result": 0, "errmsg": "OK"}
    ali.refresh_from_db()
    ten.refresh_from_db()
    assert (ali.status, ali.receipt_code, ten.status) == ("delivered", "DELIVERED", "failed")
    first = ali.delivered_at
    # the same receipt again, or a contradicting late one: nothing changes
    _post(f"/api/sms/receipts/aliyun?token={TOKEN}", [{**ALIYUN_OK[0], "success": False}])
    ali.refresh_from_db()
    assert (ali.status, ali.delivered_at) == ("delivered", first)


@pytest.mark.django_db
def test_generic_receipt_needs_a_fresh_signature(settings: Any) -> None:
    settings.SMEDT_SMS_HTTP_SECRET = "http-secret"
    row = _outbox("http", "H-1")
    body = json.dumps({"message_id": "H-1", "status": "delivered", "code": "0"}).encode()
    now = str(int(time.time()))
    stale = str(int(time.time()) - 3600)
    for ts, secret in ((now, "wrong"), (stale, "http-secret")):
        r = _post(
            "/api/sms/receipts/http",
            body,
            **{"X-Smedt-Timestamp": ts, "X-Smedt-Signature": http_signature(secret, ts, body)},
        )
        assert r.status_code == 403
        row.refresh_from_db()
        assert row.status == "sent"
    sig = http_signature("http-secret", now, body)
    r = _post("/api/sms/receipts/http", body, **{"X-Smedt-Timestamp": now, "X-Smedt-Signature": sig})
    assert r.status_code == 200, r.content
    row.refresh_from_db()
    assert row.status == "delivered"
