"""The adapter interface every identity protocol implements, and the claim mapping they share.

An adapter turns a provider's answer into an `ExternalIdentity`; it never touches users or
organizations (that is `services.binding`). Which adapter serves a provider is its
`protocol`, or `adapter_class` (a dotted path) for a provider-specific subclass — the place
for the real Henan specification when it is known.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests
from django.http import HttpRequest

from smedt.identity.errors import IdentityError
from smedt.identity.models import IdentityProvider, PersonType

HTTP_TIMEOUT = 10

# our field -> default claim name; a provider's config "claims" overrides any of them
DEFAULT_CLAIMS: dict[str, str] = {
    "subject": "sub",
    "name": "name",
    "mobile": "phone_number",
    "mobile_verified": "phone_number_verified",
    "id_number": "id_number",
    "person_type": "person_type",
    "credit_code": "credit_code",
    "org_name": "org_name",
    "real_name_level": "real_name_level",
    "disabled": "disabled",
}


@dataclass
class ExternalIdentity:
    """身份信息 — who the provider says logged in, in our vocabulary."""

    subject: str
    person_type: str = PersonType.NATURAL
    name: str = ""
    mobile: str = ""
    mobile_verified: bool = False
    id_number: str = ""
    credit_code: str = ""
    org_name: str = ""
    real_name_level: str = ""
    disabled: bool = False
    session_id: str = ""
    id_token: str = ""
    claims: dict[str, Any] = field(default_factory=dict)


def _lookup(claims: dict[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "t")
    return bool(value)


def map_claims(config: dict[str, Any], claims: dict[str, Any]) -> ExternalIdentity:
    """Apply the provider's claim mapping (dot paths) and person-type values to raw claims."""
    names = {**DEFAULT_CLAIMS, **(config.get("claims") or {})}

    def get(key: str) -> str:
        value = _lookup(claims, names[key]) if names.get(key) else None
        return "" if value is None else str(value).strip()

    subject = get("subject")
    if not subject:
        raise IdentityError("identity.missing_claim")
    raw_type = get("person_type")
    legal_values = [str(v) for v in (config.get("legal_person_values") or ["legal", "2", "法人"])]
    person_type = PersonType.LEGAL if raw_type and raw_type in legal_values else PersonType.NATURAL
    if not raw_type and get("credit_code"):
        person_type = PersonType.LEGAL
    verified_claim = names.get("mobile_verified")
    mobile_verified = bool(config.get("trust_mobile")) or (
        bool(verified_claim) and _truthy(_lookup(claims, verified_claim or ""))
    )
    return ExternalIdentity(
        subject=subject,
        person_type=person_type,
        name=get("name"),
        mobile=get("mobile"),
        mobile_verified=mobile_verified,
        id_number=get("id_number").upper(),
        credit_code=get("credit_code").upper(),
        org_name=get("org_name"),
        real_name_level=get("real_name_level"),
        disabled=_truthy(_lookup(claims, names["disabled"])) if names.get("disabled") else False,
        claims=claims,
    )


class ProviderAdapter:
    """Base class: one instance per request, built from an `IdentityProvider` row."""

    protocol: ClassVar[str] = ""
    supports_pull: ClassVar[bool] = False

    def __init__(self, provider: IdentityProvider, secrets: dict[str, str]) -> None:
        self.provider = provider
        self.config: dict[str, Any] = dict(provider.config or {})
        self.secrets = secrets

    # --- the login flow ------------------------------------------------------------------------

    def start(self, *, callback_url: str) -> tuple[str, dict[str, Any]]:
        """The URL to send the browser to, and the state to keep in our session until the callback."""
        raise NotImplementedError

    def complete(self, *, request: HttpRequest, callback_url: str, state: dict[str, Any]) -> ExternalIdentity:
        """Check the callback and fetch who logged in; raise `IdentityError` with a stable code."""
        raise NotImplementedError

    # --- single logout --------------------------------------------------------------------------

    def logout_url(self, *, return_url: str, id_token: str = "") -> str | None:
        """Where to send the browser so the provider ends its session too (None: not supported)."""
        return None

    def backchannel_logout_sessions(self, request: HttpRequest) -> list[str]:
        """External session ids a provider's back-channel logout request names (verified)."""
        return []

    # --- sync --------------------------------------------------------------------------------------

    def pull_changes(self, *, since: Any) -> list[dict[str, Any]]:
        """Account changes since `since`, as push events (see services.sync); only when supported."""
        raise NotImplementedError

    # --- helpers ------------------------------------------------------------------------------------

    def http(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        try:
            response = requests.request(method, url, timeout=self.config.get("timeout", HTTP_TIMEOUT), **kwargs)
        except requests.RequestException as exc:
            raise IdentityError("identity.provider_unreachable") from exc
        return response

    def http_json(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        response = self.http(method, url, **kwargs)
        try:
            data = response.json()
        except (ValueError, json.JSONDecodeError) as exc:
            raise IdentityError("identity.provider_error") from exc
        if not isinstance(data, dict):
            raise IdentityError("identity.provider_error")
        if response.status_code >= 400:
            raise IdentityError("identity.provider_error")
        return data
