"""The platform's symmetric keys, read from Django settings.

Settings take them from the environment or from `<NAME>_FILE` (see `config/env.py`), as
hex. They are read on every call (cheap) so that tests can change them with the
`settings` fixture, and a missing or malformed key fails loudly at first use with
`ImproperlyConfigured`. Messages name the setting, never the value.

- `SMEDT_DATA_KEY`: SM4 key for personal data at rest, exactly 32 hex characters.
- `SMEDT_INDEX_KEY`: HMAC-SM3 key for blind lookup indexes, at least 32 hex characters.
- `SMEDT_AUDIT_KEY`: HMAC-SM3 key for the audit hash chain, at least 32 hex characters.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DATA_KEY_HEX_LENGTH = 32
MIN_MAC_KEY_HEX_LENGTH = 32

_HEX = re.compile(r"[0-9a-fA-F]+")

_HOW_TO_GENERATE = 'generate one with: python -c "import secrets; print(secrets.token_hex({nbytes}))"'


def _read_hex_key(name: str, *, exact: int | None = None, minimum: int | None = None) -> bytes:
    raw = getattr(settings, name, "")
    hint = _HOW_TO_GENERATE.format(nbytes=exact // 2 if exact is not None else 32)
    if not isinstance(raw, str):
        raise ImproperlyConfigured(f"{name} must be a hex string; {hint}")
    value = raw.strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: give it in the environment or as a file in {name}_FILE; {hint}")
    if exact is not None and len(value) != exact:
        raise ImproperlyConfigured(f"{name} must be exactly {exact} hex characters, got {len(value)}; {hint}")
    if minimum is not None and len(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} hex characters, got {len(value)}; {hint}")
    if len(value) % 2 or not _HEX.fullmatch(value):
        # Never echo the value: it is a secret.
        raise ImproperlyConfigured(f"{name} must be hexadecimal (an even number of 0-9, a-f characters); {hint}")
    return bytes.fromhex(value)


def data_key() -> bytes:
    """The 16-byte SM4 key for personal data at rest (`SMEDT_DATA_KEY`)."""
    return _read_hex_key("SMEDT_DATA_KEY", exact=DATA_KEY_HEX_LENGTH)


def index_key() -> bytes:
    """The HMAC-SM3 key for blind lookup indexes (`SMEDT_INDEX_KEY`), at least 16 bytes."""
    return _read_hex_key("SMEDT_INDEX_KEY", minimum=MIN_MAC_KEY_HEX_LENGTH)


def audit_key() -> bytes:
    """The HMAC-SM3 key for the audit hash chain (`SMEDT_AUDIT_KEY`), at least 16 bytes."""
    return _read_hex_key("SMEDT_AUDIT_KEY", minimum=MIN_MAC_KEY_HEX_LENGTH)


def generate_key_hex(nbytes: int = 16) -> str:
    """A new random key as hex: 16 bytes suits SMEDT_DATA_KEY, 32 the HMAC keys."""
    if nbytes < 16:
        raise ValueError("a key needs at least 16 bytes")
    return secrets.token_hex(nbytes)
