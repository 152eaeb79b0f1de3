"""Which adapter serves a provider: its protocol, or its own `adapter_class`."""

from __future__ import annotations

import json

from django.utils.module_loading import import_string

from smedt.identity.models import IdentityProvider, Protocol
from smedt.identity.providers.base import ProviderAdapter


def adapter_classes() -> dict[str, type[ProviderAdapter]]:
    from smedt.identity.providers.cas import CasAdapter
    from smedt.identity.providers.oidc import OidcAdapter
    from smedt.identity.providers.ticket import TicketExchangeAdapter

    return {Protocol.OIDC: OidcAdapter, Protocol.CAS: CasAdapter, Protocol.TICKET: TicketExchangeAdapter}


def provider_secrets(provider: IdentityProvider) -> dict[str, str]:
    if not provider.secrets:
        return {}
    data = json.loads(provider.secrets)
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def adapter_for(provider: IdentityProvider) -> ProviderAdapter:
    if provider.adapter_class:
        cls = import_string(provider.adapter_class)
        if not (isinstance(cls, type) and issubclass(cls, ProviderAdapter)):
            raise TypeError(f"{provider.adapter_class} is not a ProviderAdapter")
    else:
        cls = adapter_classes()[provider.protocol]
    return cls(provider, provider_secrets(provider))
