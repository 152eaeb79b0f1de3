"""OpenID Connect: authorization code with PKCE (S256), ID token checked against the provider's JWKS.

Config: `issuer` (discovery at `<issuer>/.well-known/openid-configuration`) or the endpoints
`authorization_endpoint`, `token_endpoint`, `jwks_uri`, `userinfo_endpoint`,
`end_session_endpoint`; `client_id`; `scopes`; `token_auth` (`client_secret_basic` |
`client_secret_post`); `claims` (mapping). Secret: `client_secret`.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any, ClassVar
from urllib.parse import urlencode

import jwt
from django.core.cache import cache
from django.http import HttpRequest

from smedt.identity.errors import IdentityError
from smedt.identity.providers.base import ExternalIdentity, ProviderAdapter, map_claims

ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "end_session_endpoint")
ALGORITHMS = ["RS256", "ES256", "PS256", "RS384", "RS512"]


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OidcAdapter(ProviderAdapter):
    protocol: ClassVar[str] = "oidc"

    def metadata(self) -> dict[str, Any]:
        configured = {k: self.config[k] for k in ENDPOINTS if self.config.get(k)}
        issuer = str(self.config.get("issuer", "")).rstrip("/")
        if not issuer or ("authorization_endpoint" in configured and "token_endpoint" in configured):
            return {"issuer": issuer, **configured}
        key = f"identity:oidc-meta:{self.provider.pk}:{issuer}"
        meta = cache.get(key)
        if meta is None:
            meta = self.http_json("GET", f"{issuer}/.well-known/openid-configuration")
            cache.set(key, meta, 3600)
        return {**meta, **configured}

    def start(self, *, callback_url: str) -> tuple[str, dict[str, Any]]:
        meta = self.metadata()
        state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
        params = {
            "response_type": "code",
            "client_id": self.config["client_id"],
            "redirect_uri": callback_url,
            "scope": self.config.get("scopes", "openid profile phone"),
            "state": state,
            "nonce": nonce,
            "code_challenge": _pkce_challenge(verifier),
            "code_challenge_method": "S256",
        }
        return f"{meta['authorization_endpoint']}?{urlencode(params)}", {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
        }

    def _token(self, *, code: str, callback_url: str, verifier: str) -> dict[str, Any]:
        meta = self.metadata()
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": callback_url,
            "code_verifier": verifier,
        }
        auth: tuple[str, str] | None = None
        secret = self.secrets.get("client_secret", "")
        if self.config.get("token_auth", "client_secret_basic") == "client_secret_post" or not secret:
            data["client_id"] = self.config["client_id"]
            if secret:
                data["client_secret"] = secret
        else:
            auth = (self.config["client_id"], secret)
        return self.http_json("POST", meta["token_endpoint"], data=data, auth=auth)

    def _verify(self, token: str, *, nonce: str | None = None, logout: bool = False) -> dict[str, Any]:
        meta = self.metadata()
        try:
            signing_key = jwt.PyJWKClient(meta["jwks_uri"], cache_keys=True, timeout=10).get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                signing_key.key,
                algorithms=ALGORITHMS,
                audience=self.config["client_id"],
                issuer=meta.get("issuer") or None,
                options={"require": ["iat", "aud", "iss"] if logout else ["exp", "iat", "aud", "iss", "sub"]},
                leeway=60,
            )
        except (jwt.PyJWTError, KeyError) as exc:
            raise IdentityError("identity.bad_token") from exc
        if nonce is not None and claims.get("nonce") != nonce:
            raise IdentityError("identity.bad_token")
        return claims

    def complete(self, *, request: HttpRequest, callback_url: str, state: dict[str, Any]) -> ExternalIdentity:
        if request.GET.get("error"):
            raise IdentityError("identity.provider_error")
        if not state or request.GET.get("state") != state.get("state"):
            raise IdentityError("identity.bad_state")
        code = request.GET.get("code", "")
        if not code:
            raise IdentityError("identity.bad_state")
        tokens = self._token(code=code, callback_url=callback_url, verifier=state["verifier"])
        id_token = str(tokens.get("id_token", ""))
        if not id_token:
            raise IdentityError("identity.bad_token")
        claims = self._verify(id_token, nonce=state["nonce"])
        meta = self.metadata()
        if meta.get("userinfo_endpoint") and tokens.get("access_token") and self.config.get("use_userinfo", True):
            info = self.http_json(
                "GET", meta["userinfo_endpoint"], headers={"Authorization": f"Bearer {tokens['access_token']}"}
            )
            if info.get("sub") != claims.get("sub"):
                raise IdentityError("identity.bad_token")
            claims = {**info, **claims}
        identity = map_claims(self.config, claims)
        # a back-channel logout names the provider's session (sid) or, without one, the subject
        identity.session_id = str(claims.get("sid") or f"sub:{claims['sub']}")
        identity.id_token = id_token
        return identity

    def logout_url(self, *, return_url: str, id_token: str = "") -> str | None:
        end = self.metadata().get("end_session_endpoint")
        if not end:
            return None
        params = {"post_logout_redirect_uri": return_url, "client_id": self.config["client_id"]}
        if id_token:
            params["id_token_hint"] = id_token
        return f"{end}?{urlencode(params)}"

    def backchannel_logout_sessions(self, request: HttpRequest) -> list[str]:
        token = request.POST.get("logout_token", "")
        if not token:
            return []
        claims = self._verify(token, logout=True)
        if "http://schemas.openid.net/event/backchannel-logout" not in (claims.get("events") or {}):
            raise IdentityError("identity.bad_token")
        if claims.get("sid"):
            return [str(claims["sid"])]
        return [f"sub:{claims['sub']}"] if claims.get("sub") else []
