"""A stand-in provincial platform speaking the ticket-exchange shape (docs/integrations/identity.md).

Run: python -m smedt.identity.testing.ticket_provider --port 8123 --config users.json

Written independently of the adapter (its own canonical string, HMAC-SM3 and SM4-CBC straight
from `cryptography`), so a test against it checks that both sides agree on the wire format.

Config JSON: {"app_id", "app_secret", "sm4_key" (hex), "ticket_ttl" (s), "users": {username:
{"password", "claims": {...}}}}. `POST /_control` with JSON changes flags at run time:
`bad_sign` (sign answers wrongly), `ticket_ttl`, `events` (served by /api/changes).
"""

from __future__ import annotations

import argparse
import base64
import hmac
import json
import os
import secrets
import threading
import time
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives import hmac as chmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

LOCK = threading.Lock()


def canonical(params: dict[str, Any]) -> bytes:
    def text(v: Any) -> str:
        if isinstance(v, (dict, list)):
            return json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return str(v)

    return "&".join(f"{k}={text(v)}" for k, v in sorted(params.items()) if k != "sign" and v not in (None, "")).encode()


def hmac_sm3(key: str, data: bytes) -> str:
    mac = chmac.HMAC(key.encode(), hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def sm4_cbc(key_hex: str, plain: bytes) -> str:
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    body = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.SM4(bytes.fromhex(key_hex)), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + enc.update(body) + enc.finalize()).decode()


class Platform:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.tickets: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, str] = {}
        self.flags: dict[str, Any] = {"bad_sign": False, "events": []}

    def answer(self, code: str, data: Any = None, msg: str = "ok") -> dict[str, Any]:
        payload: Any = data
        if data is not None and self.config.get("sm4_key"):
            payload = sm4_cbc(self.config["sm4_key"], json.dumps(data, ensure_ascii=False).encode())
        body = {
            "code": code,
            "msg": msg,
            "data": payload,
            "timestamp": str(int(time.time())),
            "nonce": secrets.token_hex(8),
        }
        body["sign"] = hmac_sm3(self.config["app_secret"] + ("x" if self.flags["bad_sign"] else ""), canonical(body))
        return body

    def check_request(self, body: dict[str, Any]) -> str | None:
        if body.get("appId") != self.config["app_id"]:
            return "APP_INVALID"
        if not hmac.compare_digest(hmac_sm3(self.config["app_secret"], canonical(body)), str(body.get("sign", ""))):
            return "SIGN_INVALID"
        if abs(time.time() - int(body.get("timestamp", 0))) > 300:
            return "SIGN_INVALID"
        return None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}

        def send(status: str, body: Any, headers: list[tuple[str, str]] | None = None) -> list[bytes]:
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
            ctype = "text/html; charset=utf-8" if isinstance(body, bytes) else "application/json"
            start_response(status, [("Content-Type", ctype), *(headers or [])])
            return [data]

        with LOCK:
            if path == "/authorize" and method == "GET":
                page = (
                    "<form method=post><input name=username><input name=password type=password>"
                    + "".join(f"<input type=hidden name={k} value='{v}'>" for k, v in query.items())
                    + "<button>登录</button></form>"
                )
                return send("200 OK", page.encode())
            if path == "/authorize" and method == "POST":
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                user = self.config["users"].get(form.get("username", ""))
                if (
                    user is None
                    or user["password"] != form.get("password")
                    or form.get("appId") != self.config["app_id"]
                ):
                    return send("200 OK", "用户名或密码错误".encode())
                ticket = "TK-" + secrets.token_hex(12)
                self.tickets[ticket] = {"user": form["username"], "at": time.time(), "used": False}
                target = f"{form['redirect_uri']}?{urlencode({'ticket': ticket, 'state': form.get('state', '')})}"
                start_response("302 Found", [("Location", target)])
                return [b""]
            if path == "/_control" and method == "POST":
                self.flags.update(json.loads(raw or b"{}"))
                if "ticket_ttl" in self.flags:
                    self.config["ticket_ttl"] = self.flags.pop("ticket_ttl")
                if "users" in self.flags:
                    self.config["users"].update(self.flags.pop("users"))
                return send("200 OK", {"ok": True})
            body = json.loads(raw or b"{}")
            problem = self.check_request(body)
            if problem:
                return send("200 OK", self.answer(problem, msg="签名错误"))
            if path == "/api/ticket/exchange":
                found = self.tickets.get(str(body.get("ticket")))
                if found is None:
                    return send("200 OK", self.answer("TICKET_INVALID", msg="票据无效"))
                if found["used"]:
                    return send("200 OK", self.answer("TICKET_USED", msg="票据已使用"))
                if time.time() - found["at"] > float(self.config.get("ticket_ttl", 60)):
                    return send("200 OK", self.answer("TICKET_EXPIRED", msg="票据已过期"))
                found["used"] = True
                token = "AT-" + secrets.token_hex(12)
                self.tokens[token] = found["user"]
                return send("200 OK", self.answer("0", {"accessToken": token, "expiresIn": 600}))
            if path == "/api/user/info":
                username = self.tokens.get(str(body.get("accessToken")))
                if username is None:
                    return send("200 OK", self.answer("TOKEN_INVALID", msg="令牌无效"))
                return send("200 OK", self.answer("0", self.config["users"][username]["claims"]))
            if path == "/api/changes":
                return send("200 OK", self.answer("0", {"events": self.flags.get("events", [])}))
        return send("404 Not Found", {"code": "NOT_FOUND"})


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    with open(args.config, encoding="utf-8") as fh:
        config = json.load(fh)
    server = make_server("127.0.0.1", args.port, Platform(config), server_class=_Server, handler_class=_Quiet)
    server.serve_forever()


if __name__ == "__main__":
    main()
