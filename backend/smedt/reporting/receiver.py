"""A local stand-in of the national platform's receiving end (``manage.py national_receiver``).

It speaks the format of docs/integrations/national-platform.md: verifies the signature over
"key\\ntimestamp\\nbody", keeps every idempotency key it accepted (in memory and, with ``store``, in a
JSON-lines file), answers the same receipt to a repeated key with the same body, 409 to a key reused
with another body, and can refuse the first N requests with 503 to exercise the sender's retries.
``GET /received`` lists what it accepted (for tests and for a look during development).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from smedt.reporting import signing
from smedt.reporting.transport import HEADER_ALG, HEADER_KEY, HEADER_KIND, HEADER_SIGNATURE, HEADER_TIMESTAMP


class ReceiverState:
    def __init__(self, *, hmac_key_hex: str, sm2_public_hex: str, fail_first: int, store: Path | None) -> None:
        self.hmac_key_hex = hmac_key_hex
        self.sm2_public_hex = sm2_public_hex
        self.fail_left = fail_first
        self.store = store
        self.lock = threading.Lock()
        self.accepted: dict[str, dict[str, Any]] = {}
        self.requests = 0
        if store and store.exists():
            for line in store.read_text().splitlines():
                row = json.loads(line)
                self.accepted[row["key"]] = row


def make_handler(state: ReceiverState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _answer(self, status: int, data: Any) -> None:
            raw = json.dumps(data, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/received":
                with state.lock:
                    rows = sorted(state.accepted.values(), key=lambda r: r["receipt"])
                    self._answer(200, {"requests": state.requests, "records": rows})
                return
            self._answer(404, {"code": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, 5_000_000)).decode("utf-8", errors="replace")
            key = self.headers.get(HEADER_KEY, "")
            timestamp = self.headers.get(HEADER_TIMESTAMP, "")
            algorithm = self.headers.get(HEADER_ALG, "")
            signature = self.headers.get(HEADER_SIGNATURE, "")
            with state.lock:
                state.requests += 1
                if state.fail_left > 0:
                    state.fail_left -= 1
                    self._answer(503, {"code": "busy", "message": "稍后重试"})
                    return
                if not (key and timestamp and signature):
                    self._answer(400, {"code": "missing_header"})
                    return
                data = signing.signing_input(key=key, timestamp=timestamp, body=body)
                if not signing.verify(
                    algorithm, data, signature, hmac_key_hex=state.hmac_key_hex, sm2_public_hex=state.sm2_public_hex
                ):
                    self._answer(401, {"code": "bad_signature", "message": "签名验证失败"})
                    return
                try:
                    record = json.loads(body)
                except ValueError:
                    self._answer(400, {"code": "bad_json"})
                    return
                digest = signing.digest(body)
                seen = state.accepted.get(key)
                if seen is not None:
                    if seen["digest"] != digest:
                        self._answer(409, {"code": "key_reused", "message": "幂等键已用于其他报文"})
                        return
                    seen["times"] += 1
                    self._answer(200, {"code": 0, "receipt": seen["receipt"], "duplicate": True})
                    return
                row = {
                    "key": key,
                    "kind": self.headers.get(HEADER_KIND, "") or str(record.get("kind", "")),
                    "receipt": f"NP{len(state.accepted) + 1:08d}",
                    "digest": digest,
                    "times": 1,
                    "record": record,
                }
                state.accepted[key] = row
                if state.store:
                    with state.store.open("a") as fh:
                        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                self._answer(200, {"code": 0, "receipt": row["receipt"]})

    return Handler


def make_server(host: str, port: int, state: ReceiverState) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(state))
