"""SM2-encrypted password transport: a single-use server nonce and the server's SM2 key pair.

The browser (sm-crypto-v2, cipherMode 1 = C1C3C2) encrypts `{"password": ..., "nonce": ...}`
to the public key from `GET /api/auth/login-challenge`; the server decrypts, checks the nonce
was issued by it, is unexpired and unused, and marks it used — a captured ciphertext cannot be
replayed.
"""

from __future__ import annotations

import binascii
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.accounts import conf
from smedt.accounts.models import LoginChallenge, ServerKeyPair
from smedt.core.errors import ApplicationError
from smedt.gmcrypto.errors import DecryptionError
from smedt.gmcrypto.sm2 import sm2_decrypt, sm2_generate_keypair
from smedt.gmcrypto.sm3 import sm3_hex

KEY_NAME = "login-sm2"


@dataclass(frozen=True)
class LoginKeyPair:
    private_hex: str
    public_hex: str


_GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
_GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
_A = _P - 3


def _add(p1: tuple[int, int] | None, p2: tuple[int, int] | None) -> tuple[int, int] | None:
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    if p1[0] == p2[0] and (p1[1] + p2[1]) % _P == 0:
        return None
    if p1 == p2:
        lam = (3 * p1[0] * p1[0] + _A) * pow(2 * p1[1], -1, _P) % _P
    else:
        lam = (p2[1] - p1[1]) * pow(p2[0] - p1[0], -1, _P) % _P
    x3 = (lam * lam - p1[0] - p2[0]) % _P
    return x3, (lam * (p1[0] - x3) - p1[1]) % _P


@lru_cache(maxsize=4)
def _public_of(private_hex: str) -> str:
    """The public key d·G of a configured private key (04||x||y hex); computed once per key."""
    d = int(private_hex, 16)
    result: tuple[int, int] | None = None
    addend: tuple[int, int] | None = (_GX, _GY)
    while d:
        if d & 1:
            result = _add(result, addend)
        addend = _add(addend, addend)
        d >>= 1
    if result is None:
        raise ValueError("invalid SM2 private key")
    return f"04{result[0]:064x}{result[1]:064x}"


def login_key_pair() -> LoginKeyPair:
    """From SMEDT_LOGIN_SM2_PRIVATE_KEY, else the one the server generated (stored SM4-encrypted)."""
    configured = conf.login_sm2_private_key().strip().lower()
    if configured:
        return LoginKeyPair(private_hex=configured, public_hex=_public_of(configured))
    row = ServerKeyPair.objects.filter(name=KEY_NAME).first()
    if row is None:
        private_hex, public_hex = sm2_generate_keypair()
        try:
            with transaction.atomic():
                row = ServerKeyPair.objects.create(name=KEY_NAME, public_hex=public_hex, private_hex=private_hex)
        except IntegrityError:  # another process generated it first
            row = ServerKeyPair.objects.get(name=KEY_NAME)
    return LoginKeyPair(private_hex=row.private_hex or "", public_hex=row.public_hex)


def login_challenge_issue() -> tuple[str, str, datetime]:
    """A new nonce (returned once, stored as its SM3 digest), the public key, the expiry."""
    nonce = secrets.token_hex(16)
    expires_at = timezone.now() + timedelta(seconds=conf.login_nonce_seconds())
    LoginChallenge.objects.filter(expires_at__lt=timezone.now() - timedelta(hours=1)).delete()
    LoginChallenge.objects.create(nonce_hash=sm3_hex(nonce.encode("ascii")), expires_at=expires_at)
    return nonce, login_key_pair().public_hex, expires_at


def _bad(code: str, message: str) -> ApplicationError:
    return ApplicationError(code=code, message=message, status_code=400)


def password_from_cipher(cipher_hex: str) -> str:
    """Decrypt the browser's ciphertext and consume its nonce; returns the password."""
    value = cipher_hex.strip()
    try:
        blob = binascii.unhexlify(value)
        plain = sm2_decrypt(login_key_pair().private_hex, blob)
        data = json.loads(plain.decode("utf-8"))
        password = data["password"]
        nonce = data["nonce"]
    except (binascii.Error, ValueError, DecryptionError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise _bad("auth.bad_cipher", "登录信息无法解密，请刷新页面后重试") from exc
    if not isinstance(password, str) or not isinstance(nonce, str) or not password:
        raise _bad("auth.bad_cipher", "登录信息无法解密，请刷新页面后重试")
    now = timezone.now()
    used = LoginChallenge.objects.filter(
        nonce_hash=sm3_hex(nonce.encode("utf-8")), used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if used != 1:
        raise _bad("auth.replayed", "登录请求已失效或被重复提交，请刷新页面后重新登录")
    return password
