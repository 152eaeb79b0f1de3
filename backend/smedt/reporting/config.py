"""Settings of the national platform connection (environment, see docs/integrations/national-platform.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

TRANSPORTS = ("off", "http", "console")
ALGORITHMS = ("hmac-sm3", "sm2")


@dataclass(frozen=True)
class NationalPlatform:
    transport: str  # off: records wait in the outbox; http: the real client; console: the log stand-in
    url: str
    sender: str  # our platform's code at the national platform
    algorithm: str
    hmac_key_hex: str
    sm2_private_hex: str
    sm2_public_hex: str
    timeout: float
    max_attempts: int


def national() -> NationalPlatform:
    transport = str(getattr(settings, "SMEDT_NATIONAL_TRANSPORT", "off") or "off")
    algorithm = str(getattr(settings, "SMEDT_NATIONAL_SIGN_ALG", "hmac-sm3") or "hmac-sm3")
    if transport not in TRANSPORTS:
        raise ValueError(f"SMEDT_NATIONAL_TRANSPORT must be one of {TRANSPORTS}")
    if algorithm not in ALGORITHMS:
        raise ValueError(f"SMEDT_NATIONAL_SIGN_ALG must be one of {ALGORITHMS}")
    return NationalPlatform(
        transport=transport,
        url=str(getattr(settings, "SMEDT_NATIONAL_URL", "")),
        sender=str(getattr(settings, "SMEDT_NATIONAL_SENDER", "410700")),
        algorithm=algorithm,
        hmac_key_hex=str(getattr(settings, "SMEDT_NATIONAL_HMAC_KEY", "")),
        sm2_private_hex=str(getattr(settings, "SMEDT_NATIONAL_SM2_PRIVATE_KEY", "")),
        sm2_public_hex=str(getattr(settings, "SMEDT_NATIONAL_SM2_PUBLIC_KEY", "")),
        timeout=float(getattr(settings, "SMEDT_NATIONAL_TIMEOUT", 10)),
        max_attempts=int(getattr(settings, "SMEDT_NATIONAL_MAX_ATTEMPTS", 6)),
    )
