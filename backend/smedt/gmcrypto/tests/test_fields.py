"""Keys from settings, encrypted text tokens, blind indexes and EncryptedTextField."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection, models
from django.test.utils import isolate_apps
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from smedt.gmcrypto.errors import DecryptionError
from smedt.gmcrypto.fields import (
    EncryptedTextField,
    blind_index,
    decrypt_text,
    encrypt_text,
    normalize_for_index,
)
from smedt.gmcrypto.keys import audit_key, data_key, generate_key_hex, index_key
from smedt.gmcrypto.sm4 import OVERHEAD

DATA_KEY = "00112233445566778899aabbccddeeff"
INDEX_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
AUDIT_KEY = "a0" * 32


@pytest.fixture(autouse=True)
def keys(settings: Settings) -> Settings:
    settings.SMEDT_DATA_KEY = DATA_KEY
    settings.SMEDT_INDEX_KEY = INDEX_KEY
    settings.SMEDT_AUDIT_KEY = AUDIT_KEY
    return settings


# --- keys -------------------------------------------------------------------------


def test_keys_are_read_from_settings() -> None:
    assert data_key() == bytes.fromhex(DATA_KEY)
    assert index_key() == bytes.fromhex(INDEX_KEY)
    assert audit_key() == bytes.fromhex(AUDIT_KEY)


def test_keys_tolerate_surrounding_whitespace_and_upper_case(keys: Settings) -> None:
    keys.SMEDT_DATA_KEY = f"  {DATA_KEY.upper()}\n"
    assert data_key() == bytes.fromhex(DATA_KEY)


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("SMEDT_DATA_KEY", data_key),
        ("SMEDT_INDEX_KEY", index_key),
        ("SMEDT_AUDIT_KEY", audit_key),
    ],
)
def test_missing_key_is_improperly_configured(keys: Settings, name: str, reader: object) -> None:
    setattr(keys, name, "")
    with pytest.raises(ImproperlyConfigured, match=f"{name} is not set.*{name}_FILE"):
        reader()  # type: ignore[operator]
    delattr(keys, name)
    with pytest.raises(ImproperlyConfigured, match=f"{name} is not set"):
        reader()  # type: ignore[operator]


@pytest.mark.parametrize(
    "bad_value",
    [
        DATA_KEY[:-2],  # 30 characters
        DATA_KEY + "00",  # 34 characters
        "zz" + DATA_KEY[2:],  # not hex
        "0 " + DATA_KEY[2:],  # space inside
    ],
)
def test_malformed_data_key_is_refused_without_echoing_it(keys: Settings, bad_value: str) -> None:
    keys.SMEDT_DATA_KEY = bad_value
    with pytest.raises(ImproperlyConfigured, match="SMEDT_DATA_KEY") as excinfo:
        data_key()
    assert bad_value.strip() not in str(excinfo.value)


@pytest.mark.parametrize("bad_value", ["ab" * 15, "abc" * 11, "g" * 32, 12345])
def test_malformed_mac_keys_are_refused(keys: Settings, bad_value: object) -> None:
    keys.SMEDT_INDEX_KEY = bad_value
    keys.SMEDT_AUDIT_KEY = bad_value
    with pytest.raises(ImproperlyConfigured, match="SMEDT_INDEX_KEY"):
        index_key()
    with pytest.raises(ImproperlyConfigured, match="SMEDT_AUDIT_KEY"):
        audit_key()


def test_mac_keys_may_be_longer_than_the_minimum(keys: Settings) -> None:
    keys.SMEDT_AUDIT_KEY = "ab" * 16
    assert audit_key() == b"\xab" * 16
    keys.SMEDT_AUDIT_KEY = "ab" * 64
    assert audit_key() == b"\xab" * 64


def test_generate_key_hex() -> None:
    first, second = generate_key_hex(), generate_key_hex()
    assert len(first) == 32 and bytes.fromhex(first)
    assert first != second
    assert len(generate_key_hex(32)) == 64
    with pytest.raises(ValueError, match="16 bytes"):
        generate_key_hex(8)


# --- encrypted text ---------------------------------------------------------------


def test_encrypt_text_round_trip_and_token_shape() -> None:
    token = encrypt_text("110101199003071234")
    assert token.isascii()
    assert len(base64.b64decode(token)) == len("110101199003071234") + OVERHEAD
    assert "110101199003071234" not in token
    assert decrypt_text(token) == "110101199003071234"


def test_same_value_gives_different_tokens() -> None:
    assert encrypt_text("13800000000") != encrypt_text("13800000000")


def test_token_from_another_data_key_is_refused(keys: Settings) -> None:
    token = encrypt_text("张三")
    keys.SMEDT_DATA_KEY = "ff" * 16
    with pytest.raises(DecryptionError):
        decrypt_text(token)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not base64!",
        "密文",
        "AAAA",
        base64.b64encode(b"\x01" + b"\x00" * 40).decode(),
    ],
)
def test_malformed_tokens_raise_decryption_error(token: str) -> None:
    with pytest.raises(DecryptionError):
        decrypt_text(token)


@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(value=st.text(max_size=200))
def test_encrypt_text_round_trip_property(value: str) -> None:
    assert decrypt_text(encrypt_text(value)) == value


# --- blind index ------------------------------------------------------------------


def test_blind_index_is_deterministic_keyed_hex() -> None:
    index = blind_index("13800000000")
    assert index == blind_index("13800000000")
    assert len(index) == 64 and int(index, 16) >= 0
    assert index != blind_index("13800000001")


def test_blind_index_depends_on_the_index_key(keys: Settings) -> None:
    before = blind_index("13800000000")
    keys.SMEDT_INDEX_KEY = "11" * 32
    assert blind_index("13800000000") != before


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("１３８ ０００ ０００００", "13800000000"),  # full-width digits, spaces
        ("11010119900307123X", "11010119900307123x"),  # ID card check digit
        ("\t张 三\n", "张三"),
        ("ＡＢＣ", "abc"),
    ],
)
def test_blind_index_normalises_input(typed: str, canonical: str) -> None:
    assert normalize_for_index(typed) == canonical
    assert blind_index(typed) == blind_index(canonical)


# --- EncryptedTextField -----------------------------------------------------------


def test_field_prepares_ciphertext_and_loads_plaintext() -> None:
    field = EncryptedTextField()
    stored = field.get_prep_value("李四")
    assert isinstance(stored, str) and "李四" not in stored
    assert field.from_db_value(stored, None, connection) == "李四"  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, ""])
def test_field_passes_none_and_empty_through(value: str | None) -> None:
    field = EncryptedTextField()
    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, connection) == value  # type: ignore[arg-type]


def test_field_deconstructs_to_its_import_path() -> None:
    _, path, args, kwargs = EncryptedTextField(blank=True).deconstruct()
    assert path == "smedt.gmcrypto.fields.EncryptedTextField"
    assert (args, kwargs) == ([], {"blank": True})


@pytest.fixture
def contact_model(transactional_db: None) -> Iterator[type[models.Model]]:
    """A throwaway model with an encrypted column, its table created for this test only."""
    with isolate_apps("smedt.gmcrypto"):

        class Contact(models.Model):
            phone = EncryptedTextField(blank=True, null=True)

            class Meta:
                app_label = "gmcrypto"

            def __str__(self) -> str:
                return f"Contact {self.pk}"

        with connection.schema_editor() as editor:
            editor.create_model(Contact)
        try:
            yield Contact
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Contact)


def test_field_round_trip_through_the_database(
    contact_model: type[models.Model],
) -> None:
    # given contacts saved with a phone number, an empty one and none
    saved = contact_model._default_manager.create(phone="13800000000")
    contact_model._default_manager.create(phone="")
    contact_model._default_manager.create(phone=None)

    # then the column holds a token, and loading gives the plaintext back
    table = contact_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {table} ORDER BY id")  # noqa: S608 - our own table name
        raw = [row[0] for row in cursor.fetchall()]
    assert raw[0] != "13800000000" and decrypt_text(raw[0]) == "13800000000"
    assert raw[1:] == ["", None]
    assert contact_model._default_manager.get(pk=saved.pk).serializable_value("phone") == "13800000000"
    phones = contact_model._default_manager.order_by("id").values_list("phone", flat=True)
    assert list(phones) == ["13800000000", "", None]
    assert contact_model._default_manager.filter(phone__isnull=True).count() == 1

    # and a queryset update encrypts too
    contact_model._default_manager.filter(pk=saved.pk).update(phone="13900000000")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {table} WHERE id = %s", [saved.pk])  # noqa: S608 - our own table name
        assert decrypt_text(cursor.fetchone()[0]) == "13900000000"


@pytest.mark.parametrize(
    "lookup",
    ["phone", "phone__exact", "phone__icontains", "phone__in", "phone__startswith"],
)
def test_field_refuses_lookups_that_cannot_work(contact_model: type[models.Model], lookup: str) -> None:
    value: object = ["x"] if lookup.endswith("__in") else "13800000000"
    with pytest.raises(FieldError):
        contact_model._default_manager.filter(**{lookup: value}).count()
