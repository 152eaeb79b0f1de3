"""A local stand-in of the three SMS gateways, run as a separate process by the tests: it checks each
request's signature the way the vendor documents it and answers like the vendor, with a fresh message id
each time. Usage: ``python gateway_stand_in.py <port> <log-file> [<receipt-base-url> <receipt-token>]``;
with a receipt base URL it then posts each accepted message's delivery receipt back in the vendor's
callback format (``<base>aliyun?token=…``, ``<base>tencent?token=…``, ``<base>http`` signed): delivered,
unless the mobile number ends in 4444 (failed). Secrets are the constants below."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALIYUN_ID, ALIYUN_SECRET = "LTAI-test", "aliyun-secret"
TENCENT_ID, TENCENT_KEY = "AKID-test", "tencent-secret"
HTTP_SECRET = "http-secret"
LOG = sys.argv[2] if len(sys.argv) > 2 else "/dev/null"
RECEIPT_BASE = sys.argv[3] if len(sys.argv) > 3 else ""
RECEIPT_TOKEN = sys.argv[4] if len(sys.argv) > 4 else ""
SEQ = itertools.count(1)
LOCK = threading.Lock()


def log(entry: dict[str, object]) -> None:
    with LOCK, open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def post_receipt(vendor: str, message_id: str, mobile: str) -> None:
    """The vendor's delivery receipt for one message, posted back shortly after the send."""
    ok = not mobile.endswith("4444")
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    headers = {"Content-Type": "application/json"}
    if vendor == "aliyun":
        url = f"{RECEIPT_BASE}aliyun?token={urllib.parse.quote(RECEIPT_TOKEN)}"
        item: dict[str, object] = {
            "phone_number": mobile,
            "send_time": now,
            "report_time": now,
            "success": ok,
            "err_code": "DELIVERED" if ok else "MK:0001",
            "err_msg": "用户接收成功" if ok else "用户停机",
            "sms_size": "1",
            "biz_id": message_id,
            "out_id": "",
        }
        body = json.dumps([item], ensure_ascii=False).encode()
    elif vendor == "tencent":
        url = f"{RECEIPT_BASE}tencent?token={urllib.parse.quote(RECEIPT_TOKEN)}"
        item = {
            "user_receive_time": now,
            "nationcode": "86",
            "mobile": mobile.removeprefix("+86"),
            "report_status": "SUCCESS" if ok else "FAIL",
            "errmsg": "DELIVRD" if ok else "MK:0001",
            "description": "用户短信送达成功" if ok else "用户停机",
            "sid": message_id,
        }
        body = json.dumps([item], ensure_ascii=False).encode()
    else:
        url = f"{RECEIPT_BASE}http"
        body = json.dumps(
            {"message_id": message_id, "status": "delivered" if ok else "failed", "code": "0" if ok else "E01"}
        ).encode()
        ts = str(int(time.time()))
        headers.update(
            {
                "X-Smedt-Timestamp": ts,
                "X-Smedt-Signature": hmac.new(
                    HTTP_SECRET.encode(), ts.encode() + b"\n" + body, hashlib.sha256
                ).hexdigest(),
            }
        )
    time.sleep(0.2)
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback
            answer = resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        answer = exc.code, exc.read().decode()
    except OSError as exc:
        answer = 0, str(exc)
    log({"receipt": vendor, "message_id": message_id, "status": answer[0], "answer": answer[1]})


def accepted(vendor: str, mobile: str, prefix: str = "") -> str:
    """A fresh message id; the receipt follows in the background when configured."""
    message_id = f"{prefix}{vendor.upper()}-{next(SEQ)}-{int(time.time() * 1000)}"
    if RECEIPT_BASE:
        threading.Thread(target=post_receipt, args=(vendor, message_id, mobile), daemon=True).start()
    return message_id


def pe(v: str) -> str:
    return urllib.parse.quote(v, safe="~")


def h256(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        return

    def _answer(self, code: int, data: dict[str, object]) -> None:
        body = json.dumps(data).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _log(self, vendor: str, mobile: str, content: str) -> None:
        log({"vendor": vendor, "mobile": mobile, "content": content})

    def do_GET(self) -> None:  # Alibaba Cloud RPC
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True))
        sig = query.pop("Signature", "")
        canonical = "&".join(f"{pe(k)}={pe(v)}" for k, v in sorted(query.items()))
        to_sign = f"GET&{pe('/')}&{pe(canonical)}"
        want = base64.b64encode(
            hmac.new(f"{ALIYUN_SECRET}&".encode(), to_sign.encode(), hashlib.sha1).digest()
        ).decode()
        if query.get("AccessKeyId") != ALIYUN_ID or not hmac.compare_digest(sig, want):
            self._answer(400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched."})
            return
        content = json.loads(query.get("TemplateParam", "{}")).get("content", "")
        self._log("aliyun", query.get("PhoneNumbers", ""), content)
        biz_id = accepted("aliyun", query.get("PhoneNumbers", ""))
        self._answer(200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": "F655A8D5"})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("X-TC-Action"):
            self._tencent(body)
        else:
            self._http(body)

    def _tencent(self, body: bytes) -> None:
        auth = self.headers.get("Authorization", "")
        ts = self.headers.get("X-TC-Timestamp", "0")
        try:
            cred = auth.split("Credential=")[1].split(",")[0]
            secret_id, date, service, _ = cred.split("/")
            sig = auth.split("Signature=")[1]
        except (IndexError, ValueError):
            self._answer(200, {"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad"}}})
            return
        host = self.headers.get("Host", "")
        ct = self.headers.get("Content-Type", "")
        canonical = (
            f"POST\n/\n\ncontent-type:{ct}\nhost:{host}\n\ncontent-type;host\n{hashlib.sha256(body).hexdigest()}"
        )
        to_sign = (
            f"TC3-HMAC-SHA256\n{ts}\n{date}/{service}/tc3_request\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        )
        key = h256(h256(h256(f"TC3{TENCENT_KEY}".encode(), date), service), "tc3_request")
        want = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        if secret_id != TENCENT_ID or not hmac.compare_digest(sig, want):
            self._answer(
                200,
                {
                    "Response": {
                        "Error": {"Code": "AuthFailure.SignatureFailure", "Message": "signature mismatch"},
                        "RequestId": "x",
                    }
                },
            )
            return
        data = json.loads(body)
        self._log("tencent", data["PhoneNumberSet"][0], data["TemplateParamSet"][0])
        serial = accepted("tencent", data["PhoneNumberSet"][0], prefix="5000:")
        self._answer(
            200,
            {
                "Response": {
                    "SendStatusSet": [
                        {
                            "SerialNo": serial,
                            "PhoneNumber": data["PhoneNumberSet"][0],
                            "Fee": 1,
                            "Code": "Ok",
                            "Message": "send success",
                        }
                    ],
                    "RequestId": "a0aabda6",
                }
            },
        )

    def _http(self, body: bytes) -> None:
        ts = self.headers.get("X-Smedt-Timestamp", "")
        want = hmac.new(HTTP_SECRET.encode(), ts.encode() + b"\n" + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(self.headers.get("X-Smedt-Signature", ""), want):
            self._answer(401, {"code": 401, "message": "signature mismatch"})
            return
        data = json.loads(body)
        self._log("http", data["mobile"], data["content"])
        self._answer(200, {"code": 0, "message_id": accepted("http", data["mobile"])})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print("ready", flush=True)
    server.serve_forever()
