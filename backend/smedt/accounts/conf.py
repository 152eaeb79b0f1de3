"""Settings of the login hardening, each with its default (the lead's settings.py may override)."""

from __future__ import annotations

from django.conf import settings


def password_max_age_days() -> int:
    """SMEDT_PASSWORD_MAX_AGE_DAYS: a password older than this must be changed; 0 turns it off."""
    return int(getattr(settings, "SMEDT_PASSWORD_MAX_AGE_DAYS", 90))


def max_sessions_per_user() -> int:
    """SMEDT_MAX_SESSIONS_PER_USER: open sessions per account; the oldest ends first. 0 = no limit."""
    return int(getattr(settings, "SMEDT_MAX_SESSIONS_PER_USER", 3))


def captcha_after_failures() -> int:
    """SMEDT_LOGIN_CAPTCHA_AFTER: failures (per username or source IP) before a captcha is asked; 0 = never."""
    return int(getattr(settings, "SMEDT_LOGIN_CAPTCHA_AFTER", 3))


def allow_plain_password() -> bool:
    """SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD: accept `password` in clear besides `password_cipher`."""
    return bool(getattr(settings, "SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD", False))


def login_nonce_seconds() -> int:
    """SMEDT_LOGIN_NONCE_SECONDS: how long a login challenge (nonce) stays valid."""
    return int(getattr(settings, "SMEDT_LOGIN_NONCE_SECONDS", 300))


def login_sm2_private_key() -> str:
    """SMEDT_LOGIN_SM2_PRIVATE_KEY (hex); empty = the server generates one and keeps it SM4-encrypted."""
    return str(getattr(settings, "SMEDT_LOGIN_SM2_PRIVATE_KEY", "") or "")


def login_rate_per_ip() -> int:
    """SMEDT_LOGIN_RATE_PER_IP: login attempts per source address per minute; 0 = no limit."""
    return int(getattr(settings, "SMEDT_LOGIN_RATE_PER_IP", 60))


def login_rate_per_account() -> int:
    """SMEDT_LOGIN_RATE_PER_ACCOUNT: login attempts per account name per minute; 0 = no limit."""
    return int(getattr(settings, "SMEDT_LOGIN_RATE_PER_ACCOUNT", 20))
