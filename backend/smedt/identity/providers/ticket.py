"""Configurable ticket exchange: the platform redirects back with a ticket; we exchange it,
signed with our appId and secret, for the user's data (optionally SM4-encrypted), and check
the platform's signature on the answer. Every name and choice comes from configuration.

Config keys (defaults in brackets):
- `authorize_url`, `token_url`, `userinfo_url` [none: the token answer carries the user],
  `logout_url`, `changes_url` [none: no pull];
- `app_id`; `params`: our names for the wire names `app_id` [appId], `redirect` [redirect_uri],
  `state` [state], `ticket` [ticket], `timestamp` [timestamp], `nonce` [nonce], `sign` [sign],
  `access_token` [accessToken], `since` [since];
- `sign_method` [hmac-sm3] | `sm2`; `response_sign` [true]; `provider_public_key` (SM2, for `sm2`);
- `encrypt` [none] | `sm4-cbc` | `sm4-ecb` | `sm4-gcm`;
- `success_code` ["0"]; `error_codes`: provider code -> our error code;
- `claims`: mapping (see `providers.base.DEFAULT_CLAIMS`).
Secrets: `app_secret` (HMAC key), `sm2_private_key` (our signing key for `sm2`), `sm4_key` (hex).
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.http import HttpRequest

from smedt.gmcrypto.errors import DecryptionError
from smedt.identity import signing
from smedt.identity.errors import IdentityError
from smedt.identity.providers.base import ExternalIdentity, ProviderAdapter, map_claims

DEFAULT_PARAMS = {
    "app_id": "appId",
    "redirect": "redirect_uri",
    "state": "state",
    "ticket": "ticket",
    "timestamp": "timestamp",
    "nonce": "nonce",
    "sign": "sign",
    "access_token": "accessToken",
    "since": "since",
}
DEFAULT_ERROR_CODES = {
    "TICKET_EXPIRED": "identity.ticket_expired",
    "TICKET_USED": "identity.ticket_replayed",
    "TICKET_INVALID": "identity.ticket_invalid",
    "SIGN_INVALID": "identity.bad_signature",
}


class TicketExchangeAdapter(ProviderAdapter):
    protocol: ClassVar[str] = "ticket"

    @property
    def supports_pull(self) -> bool:  # type: ignore[override]  # per provider: only with a changes_url
        return bool(self.config.get("changes_url"))

    def p(self, name: str) -> str:
        return str({**DEFAULT_PARAMS, **(self.config.get("params") or {})}[name])

    @property
    def sign_method(self) -> str:
        return str(self.config.get("sign_method", "hmac-sm3"))

    def _sign_key(self) -> str:
        return self.secrets["sm2_private_key"] if self.sign_method == "sm2" else self.secrets["app_secret"]

    def _verify_key(self) -> str:
        return str(self.config["provider_public_key"]) if self.sign_method == "sm2" else self.secrets["app_secret"]

    def signed(self, params: dict[str, Any]) -> dict[str, Any]:
        body = {
            self.p("app_id"): self.config["app_id"],
            self.p("timestamp"): str(int(time.time())),
            self.p("nonce"): secrets.token_hex(12),
            **params,
        }
        body[self.p("sign")] = signing.sign(body, method=self.sign_method, key=self._sign_key(), exclude=self.p("sign"))
        return body

    def _answer(self, data: dict[str, Any]) -> Any:
        """Check the platform's answer: signature, success code, then decrypt the payload."""
        sign_name = self.p("sign")
        if self.config.get("response_sign", True) and not signing.verify(
            data, str(data.get(sign_name, "")), method=self.sign_method, key=self._verify_key(), exclude=sign_name
        ):
            raise IdentityError("identity.bad_signature")
        code = str(data.get("code", ""))
        if code != str(self.config.get("success_code", "0")):
            errors = {**DEFAULT_ERROR_CODES, **(self.config.get("error_codes") or {})}
            raise IdentityError(errors.get(code, "identity.provider_error"))
        payload = data.get("data")
        mode = str(self.config.get("encrypt", "none"))
        if mode != "none":
            try:
                payload = json.loads(
                    signing.sm4_decrypt_payload(str(payload), mode=mode, key_hex=self.secrets["sm4_key"])
                )
            except (DecryptionError, ValueError) as exc:
                raise IdentityError("identity.provider_error") from exc
        return payload

    def start(self, *, callback_url: str) -> tuple[str, dict[str, Any]]:
        state = secrets.token_urlsafe(24)
        params = {self.p("app_id"): self.config["app_id"], self.p("redirect"): callback_url, self.p("state"): state}
        return f"{self.config['authorize_url']}?{urlencode(params)}", {"state": state}

    def complete(self, *, request: HttpRequest, callback_url: str, state: dict[str, Any]) -> ExternalIdentity:
        if not state or request.GET.get(self.p("state")) != state.get("state"):
            raise IdentityError("identity.bad_state")
        ticket = request.GET.get(self.p("ticket"), "")
        if not ticket:
            raise IdentityError("identity.ticket_invalid")
        answer = self._answer(
            self.http_json("POST", self.config["token_url"], json=self.signed({self.p("ticket"): ticket}))
        )
        if not isinstance(answer, dict):
            raise IdentityError("identity.provider_error")
        user = answer.get("user")
        if not isinstance(user, dict) and self.config.get("userinfo_url"):
            token = answer.get(self.p("access_token"), "")
            user = self._answer(
                self.http_json("POST", self.config["userinfo_url"], json=self.signed({self.p("access_token"): token}))
            )
        if not isinstance(user, dict):
            raise IdentityError("identity.missing_claim")
        identity = map_claims(self.config, user)
        identity.session_id = ticket
        return identity

    def logout_url(self, *, return_url: str, id_token: str = "") -> str | None:
        url = self.config.get("logout_url")
        if not url:
            return None
        return f"{url}?{urlencode({self.p('app_id'): self.config['app_id'], self.p('redirect'): return_url})}"

    def pull_changes(self, *, since: Any) -> list[dict[str, Any]]:
        stamp = str(int(since.timestamp())) if since is not None else "0"
        answer = self._answer(
            self.http_json("POST", self.config["changes_url"], json=self.signed({self.p("since"): stamp}))
        )
        events = answer.get("events") if isinstance(answer, dict) else None
        return [e for e in (events or []) if isinstance(e, dict)]
