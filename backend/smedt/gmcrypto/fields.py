"""Personal data at rest (DESIGN rule 6): encrypted columns and blind lookup indexes.

A personal value (ID card number, mobile phone, name of a contact ...) is stored as
`encrypt_text(value)` in an `EncryptedTextField`, and, when it must be searchable, its
`blind_index(value)` in a separate indexed column:

    class Contact(models.Model):
        phone = EncryptedTextField("手机号")
        phone_index = models.CharField(max_length=64, db_index=True, editable=False)

        def save(self, *args, **kwargs):
            self.phone_index = blind_index(self.phone)
            ...

    Contact.objects.filter(phone_index=blind_index(query))

Tokens are base64 (standard alphabet, padded) of an `sm4.sm4_gcm_encrypt` blob under
`keys.data_key()`; the index is hex HMAC-SM3 under `keys.index_key()`.
"""

from __future__ import annotations

import base64
import binascii
import unicodedata
from typing import TYPE_CHECKING, Any

from django.db import models

from smedt.gmcrypto.errors import DecryptionError
from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex
from smedt.gmcrypto.keys import data_key, index_key
from smedt.gmcrypto.sm4 import sm4_gcm_decrypt, sm4_gcm_encrypt

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Expression
    from django.db.models.lookups import Lookup, Transform

    _TextFieldBase = models.TextField[str | None, str | None]
else:
    _TextFieldBase = models.TextField


def encrypt_text(value: str) -> str:
    """Encrypt `value` with the data key; a fresh ASCII token each call (random nonce)."""
    blob = sm4_gcm_encrypt(data_key(), value.encode("utf-8"))
    return base64.b64encode(blob).decode("ascii")


def decrypt_text(token: str) -> str:
    """Decrypt a token made by `encrypt_text`; `DecryptionError` if it is not one of ours."""
    try:
        blob = base64.b64decode(token.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as exc:
        raise DecryptionError("encrypted text token is malformed") from exc
    plaintext = sm4_gcm_decrypt(data_key(), blob)
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError as exc:  # authenticated, so only if someone sealed non-UTF-8
        raise DecryptionError("encrypted text token does not hold UTF-8 text") from exc


def normalize_for_index(value: str) -> str:
    """The form of `value` that `blind_index` hashes.

    NFKC (full-width digits and letters, common in Chinese input, become ASCII), all
    whitespace removed, then case-folded (an ID card's final "x" equals "X"). Callers
    normalise further for their own field (e.g. strip "+86") before calling.
    """
    folded = unicodedata.normalize("NFKC", value)
    return "".join(folded.split()).casefold()


def blind_index(value: str) -> str:
    """A deterministic, keyed 64-hex-character index of `value` for exact-match lookups.

    Equal values after `normalize_for_index` give equal indexes; without the index key
    an index reveals only which rows share a value.
    """
    return hmac_sm3_hex(index_key(), normalize_for_index(value).encode("utf-8"))


class EncryptedTextField(_TextFieldBase):
    """A text column whose values are encrypted with the data key (SM4-GCM).

    The model attribute holds plaintext; the column holds an `encrypt_text` token.
    `None` and the empty string are stored as they are, so that `blank=True` and
    `null=True` keep their usual meaning.

    Encrypted values cannot be compared in SQL (each encryption is different), so the
    only lookup allowed is `isnull`; any other (`filter(field=...)`, `__icontains`,
    `__in`, ...) raises `FieldError` instead of silently matching nothing. Search through
    a `blind_index` column instead.
    """

    description = "Text encrypted with SM4-GCM"

    _allowed_lookups = frozenset({"isnull"})

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def from_db_value(self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name not in self._allowed_lookups:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        return None
