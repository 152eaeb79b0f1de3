"""CAS 3: /login redirect, ticket validation at /p3/serviceValidate (XML, with attributes), SLO.

Config: `server_url` (e.g. https://cas.example.gov.cn/cas), `validate_path`
(default `/p3/serviceValidate`), `claims` (mapping from CAS attribute names; `subject`
defaults to the CAS user), `slo_allowed_ips` (source addresses trusted to send logout requests).
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET  # parses the CAS server's reply; expat resolves no external entities
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.http import HttpRequest

from smedt.core.middleware import client_ip
from smedt.identity.errors import IdentityError
from smedt.identity.providers.base import ExternalIdentity, ProviderAdapter, map_claims

NS = {"cas": "http://www.yale.edu/tp/cas", "samlp": "urn:oasis:names:tc:SAML:2.0:protocol"}


class CasAdapter(ProviderAdapter):
    protocol: ClassVar[str] = "cas"

    @property
    def server(self) -> str:
        return str(self.config["server_url"]).rstrip("/")

    def _service(self, callback_url: str, state: str) -> str:
        return f"{callback_url}?{urlencode({'state': state})}"

    def start(self, *, callback_url: str) -> tuple[str, dict[str, Any]]:
        state = secrets.token_urlsafe(24)
        service = self._service(callback_url, state)
        return f"{self.server}/login?{urlencode({'service': service})}", {"state": state}

    def complete(self, *, request: HttpRequest, callback_url: str, state: dict[str, Any]) -> ExternalIdentity:
        if not state or request.GET.get("state") != state.get("state"):
            raise IdentityError("identity.bad_state")
        ticket = request.GET.get("ticket", "")
        if not ticket:
            raise IdentityError("identity.ticket_invalid")
        service = self._service(callback_url, state["state"])
        path = self.config.get("validate_path", "/p3/serviceValidate")
        response = self.http("GET", f"{self.server}{path}", params={"service": service, "ticket": ticket})
        try:
            root = ET.fromstring(response.content)  # noqa: S314  # see the import
        except ET.ParseError as exc:
            raise IdentityError("identity.provider_error") from exc
        failure = root.find("cas:authenticationFailure", NS)
        if failure is not None:
            code = failure.get("code", "")
            raise IdentityError("identity.ticket_invalid" if "TICKET" in code else "identity.provider_error")
        success = root.find("cas:authenticationSuccess", NS)
        if success is None:
            raise IdentityError("identity.provider_error")
        claims: dict[str, Any] = {"user": (success.findtext("cas:user", "", NS) or "").strip()}
        attributes = success.find("cas:attributes", NS)
        if attributes is not None:
            for child in attributes:
                name = child.tag.split("}", 1)[-1]
                claims[name] = (child.text or "").strip()
        config = {**self.config, "claims": {"subject": "user", **(self.config.get("claims") or {})}}
        identity = map_claims(config, claims)
        identity.session_id = ticket
        return identity

    def logout_url(self, *, return_url: str, id_token: str = "") -> str | None:
        return f"{self.server}/logout?{urlencode({'service': return_url})}"

    def backchannel_logout_sessions(self, request: HttpRequest) -> list[str]:
        body = request.POST.get("logoutRequest", "")
        if not body:
            return []
        allowed = self.config.get("slo_allowed_ips") or []
        if allowed and client_ip(request) not in allowed:
            return []
        try:
            root = ET.fromstring(body)  # noqa: S314  # see the import
        except ET.ParseError:
            return []
        return [el.text.strip() for el in root.iter(f"{{{NS['samlp']}}}SessionIndex") if el.text]
