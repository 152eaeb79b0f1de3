"""The PBKDF2-HMAC-SM3 password hasher, alone and through Django's password API."""

from __future__ import annotations

import base64

import gmssl_fast
import pytest
from django.contrib.auth.hashers import (
    check_password,
    get_hasher,
    identify_hasher,
    make_password,
)
from pytest_django.fixtures import Settings

from smedt.gmcrypto.hashers import PBKDF2SM3PasswordHasher

FAST_ITERATIONS = 1_000
FAST_HASHER_PATH = "smedt.gmcrypto.tests.test_hashers.FastPBKDF2SM3PasswordHasher"


class FastPBKDF2SM3PasswordHasher(PBKDF2SM3PasswordHasher):
    """The production hasher with few iterations, so that tests stay fast."""

    iterations = FAST_ITERATIONS


@pytest.fixture
def hasher() -> FastPBKDF2SM3PasswordHasher:
    return FastPBKDF2SM3PasswordHasher()


def test_production_defaults() -> None:
    assert PBKDF2SM3PasswordHasher.algorithm == "pbkdf2_sm3"
    assert PBKDF2SM3PasswordHasher.iterations == 100_000


def test_encode_format(hasher: FastPBKDF2SM3PasswordHasher) -> None:
    encoded = hasher.encode("s3cret-口令", "somesalt")
    algorithm, iterations, salt, hash_b64 = encoded.split("$")
    assert (algorithm, iterations, salt) == (
        "pbkdf2_sm3",
        str(FAST_ITERATIONS),
        "somesalt",
    )
    assert len(base64.b64decode(hash_b64)) == 32
    assert len(encoded) < 128  # Django's password column


def test_known_answer_against_gmssl_fast(hasher: FastPBKDF2SM3PasswordHasher) -> None:
    # GmSSL's PBKDF2-HMAC-SM3 derives the same key from the UTF-8 password and ASCII salt.
    encoded = hasher.encode("口令 password", "c2FsdHNhbHQ", iterations=10_000)
    expected = gmssl_fast.sm3_pbkdf2("口令 password".encode(), b"c2FsdHNhbHQ", 10_000, 32)
    assert encoded == "pbkdf2_sm3$10000$c2FsdHNhbHQ$" + base64.b64encode(expected).decode()


def test_verify_right_and_wrong_password(hasher: FastPBKDF2SM3PasswordHasher) -> None:
    encoded = hasher.encode("s3cret-口令", hasher.salt())
    assert hasher.verify("s3cret-口令", encoded)
    assert not hasher.verify("s3cret-口令 ", encoded)
    assert not hasher.verify("", encoded)


def test_same_password_different_salts(hasher: FastPBKDF2SM3PasswordHasher) -> None:
    assert hasher.encode("pw", hasher.salt()) != hasher.encode("pw", hasher.salt())


def test_decode_and_safe_summary_hide_secrets(
    hasher: FastPBKDF2SM3PasswordHasher,
) -> None:
    encoded = hasher.encode("pw", "abcdefghijklmnop")
    decoded = hasher.decode(encoded)
    assert decoded["algorithm"] == "pbkdf2_sm3"
    assert decoded["iterations"] == FAST_ITERATIONS
    assert decoded["salt"] == "abcdefghijklmnop"

    summary = {str(k): v for k, v in hasher.safe_summary(encoded).items()}
    assert summary["algorithm"] == "pbkdf2_sm3"
    assert summary["iterations"] == FAST_ITERATIONS
    assert summary["salt"].startswith("abcdef") and summary["salt"].endswith("*")
    assert decoded["hash"] not in summary["hash"]


@pytest.mark.parametrize(
    "encoded",
    ["", "pbkdf2_sha256$1000$salt$hash", "pbkdf2_sm3$many$salt$hash", "pbkdf2_sm3$1$s"],
)
def test_decode_refuses_other_formats(hasher: FastPBKDF2SM3PasswordHasher, encoded: str) -> None:
    with pytest.raises(ValueError, match="pbkdf2_sm3"):
        hasher.decode(encoded)


def test_encode_refuses_bad_arguments(hasher: FastPBKDF2SM3PasswordHasher) -> None:
    with pytest.raises(TypeError):
        hasher.encode(None, "salt")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="salt"):
        hasher.encode("pw", "")
    with pytest.raises(ValueError, match="salt"):
        hasher.encode("pw", "sa$lt")


def test_must_update_when_iterations_or_salt_fall_short(
    hasher: FastPBKDF2SM3PasswordHasher,
) -> None:
    assert not hasher.must_update(hasher.encode("pw", hasher.salt()))
    assert hasher.must_update(hasher.encode("pw", hasher.salt(), iterations=FAST_ITERATIONS - 1))
    assert hasher.must_update(hasher.encode("pw", "short"))


def test_harden_runtime_runs_only_the_missing_iterations(
    hasher: FastPBKDF2SM3PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    weaker = hasher.encode("pw", "abcdefghijklmnopqrstuv", iterations=400)
    calls: list[int | None] = []
    original = FastPBKDF2SM3PasswordHasher.encode

    def spy(
        self: PBKDF2SM3PasswordHasher,
        password: str,
        salt: str,
        iterations: int | None = None,
    ) -> str:
        calls.append(iterations)
        return original(self, password, salt, iterations)

    monkeypatch.setattr(FastPBKDF2SM3PasswordHasher, "encode", spy)
    hasher.harden_runtime("pw", weaker)
    hasher.harden_runtime("pw", hasher.encode("pw", "abcdefghijklmnopqrstuv"))
    assert calls == [FAST_ITERATIONS - 400, None]


def test_through_django_make_and_check_password(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = [
        FAST_HASHER_PATH,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

    encoded = make_password("s3cret-口令")

    assert encoded.startswith(f"pbkdf2_sm3${FAST_ITERATIONS}$")
    assert isinstance(identify_hasher(encoded), FastPBKDF2SM3PasswordHasher)
    assert check_password("s3cret-口令", encoded)
    assert not check_password("wrong", encoded)


def test_django_upgrades_old_hashes_on_login(settings: Settings) -> None:
    # given a password stored with fewer iterations than the hasher now uses
    settings.PASSWORD_HASHERS = [FAST_HASHER_PATH]
    assert isinstance(get_hasher("pbkdf2_sm3"), FastPBKDF2SM3PasswordHasher)
    old = FastPBKDF2SM3PasswordHasher().encode("pw", "abcdefghijklmnopqrstuv", iterations=500)
    upgraded: list[str] = []

    # when the user logs in with it
    assert check_password("pw", old, setter=lambda raw: upgraded.append(make_password(raw)))

    # then Django re-encodes it at the current work factor
    assert len(upgraded) == 1
    assert upgraded[0].startswith(f"pbkdf2_sm3${FAST_ITERATIONS}$")


def test_hashes_of_the_former_600k_cost_are_reencoded_at_login(settings: Settings) -> None:
    # given a password stored at the former work factor (600,000 iterations, ≈ 0.4 s of CPU per login)
    settings.PASSWORD_HASHERS = ["smedt.gmcrypto.hashers.PBKDF2SM3PasswordHasher"]
    hasher = PBKDF2SM3PasswordHasher()
    old = hasher.encode("pw", "abcdefghijklmnopqrstuv", iterations=600_000)
    assert hasher.must_update(old)
    upgraded: list[str] = []

    # when the user logs in, then it verifies and is re-encoded at the current, cheaper count
    assert check_password("pw", old, setter=lambda raw: upgraded.append(make_password(raw)))
    assert len(upgraded) == 1 and upgraded[0].startswith("pbkdf2_sm3$100000$")
