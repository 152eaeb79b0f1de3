"""The login tests written before the captcha count failures past three without solving one:
the captcha is off here unless a test turns it on (test_login_hardening.py does)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _captcha_off_unless_asked(settings: Any) -> None:
    settings.SMEDT_LOGIN_CAPTCHA_AFTER = 0
