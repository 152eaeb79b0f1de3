"""Each SMS adapter against a real local process that checks the signature the way the vendor does."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smedt.notify import sms_gateways as gw

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path_factory.mktemp("sms") / "received.jsonl"
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "gateway_stand_in.py"), str(port), str(log)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield f"http://127.0.0.1:{port}/", log
    proc.terminate()
    proc.wait(timeout=5)


def _last(log: Path) -> dict[str, Any]:
    return dict(json.loads(log.read_text(encoding="utf-8").splitlines()[-1]))


def test_aliyun_rpc_signature_is_accepted(gateway: tuple[str, Path], settings: Any) -> None:
    url, log = gateway
    settings.SMEDT_SMS_ALIYUN_ENDPOINT = url
    settings.SMEDT_SMS_ALIYUN_ACCESS_KEY_ID = "LTAI-test"
    settings.SMEDT_SMS_ALIYUN_ACCESS_KEY_SECRET = "aliyun-secret"
    settings.SMEDT_SMS_SIGN_NAME = "新乡市中小企业服务平台"
    biz_id = gw.AliyunSmsBackend().send(
        mobile="13800000001", content="【惠企政策】可申报 ~*'+ 测试", purpose="policy_push"
    )
    assert biz_id.startswith("ALIYUN-")
    assert _last(log) == {"vendor": "aliyun", "mobile": "13800000001", "content": "【惠企政策】可申报 ~*'+ 测试"}


def test_aliyun_wrong_secret_is_refused(gateway: tuple[str, Path], settings: Any) -> None:
    settings.SMEDT_SMS_ALIYUN_ENDPOINT = gateway[0]
    settings.SMEDT_SMS_ALIYUN_ACCESS_KEY_ID = "LTAI-test"
    settings.SMEDT_SMS_ALIYUN_ACCESS_KEY_SECRET = "wrong"
    with pytest.raises(gw.SmsSendError, match="SignatureDoesNotMatch"):
        gw.AliyunSmsBackend().send(mobile="13800000001", content="x", purpose="t")


def test_tencent_tc3_signature_is_accepted(gateway: tuple[str, Path], settings: Any) -> None:
    url, log = gateway
    settings.SMEDT_SMS_TENCENT_ENDPOINT = url
    settings.SMEDT_SMS_TENCENT_HOST = "sms.tencentcloudapi.com"
    settings.SMEDT_SMS_TENCENT_SECRET_ID = "AKID-test"
    settings.SMEDT_SMS_TENCENT_SECRET_KEY = "tencent-secret"
    serial = gw.TencentSmsBackend().send(mobile="13800000002", content="政策推送", purpose="policy_push")
    assert serial.startswith("5000:")
    assert _last(log) == {"vendor": "tencent", "mobile": "+8613800000002", "content": "政策推送"}


def test_tencent_wrong_key_is_refused(gateway: tuple[str, Path], settings: Any) -> None:
    settings.SMEDT_SMS_TENCENT_ENDPOINT = gateway[0]
    settings.SMEDT_SMS_TENCENT_SECRET_ID = "AKID-test"
    settings.SMEDT_SMS_TENCENT_SECRET_KEY = "wrong"
    with pytest.raises(gw.SmsSendError, match="SignatureFailure"):
        gw.TencentSmsBackend().send(mobile="13800000002", content="x", purpose="t")


def test_generic_http_gateway(gateway: tuple[str, Path], settings: Any) -> None:
    url, log = gateway
    settings.SMEDT_SMS_HTTP_URL = url + "send"
    settings.SMEDT_SMS_HTTP_SECRET = "http-secret"
    assert (
        gw.HttpSmsBackend().send(mobile="13800000003", content="省平台短信", purpose="policy_push").startswith("HTTP-")
    )
    assert _last(log)["vendor"] == "http"
    settings.SMEDT_SMS_HTTP_SECRET = "wrong"
    with pytest.raises(gw.SmsSendError, match="signature mismatch"):
        gw.HttpSmsBackend().send(mobile="13800000003", content="x", purpose="t")


def test_tencent_signature_matches_the_documented_example() -> None:
    """Tencent Cloud's Signature v3 page works through a CVM DescribeInstances example; our function
    reproduces the algorithm's structure (scope, signed headers) for any payload."""
    auth = gw.tencent_authorization(
        secret_id="AKID", secret_key="KEY", host="sms.tencentcloudapi.com", payload="{}", timestamp=1551113065
    )
    assert auth.startswith(
        "TC3-HMAC-SHA256 Credential=AKID/2019-02-25/sms/tc3_request, SignedHeaders=content-type;host, Signature="
    )
    assert len(auth.rsplit("=", 1)[1]) == 64
