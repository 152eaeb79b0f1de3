"""Login attempts are rate-limited per source address and per account (429, Chinese message)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from conftest import PASSWORD
from smedt.core.tests.helpers import assert_error

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_an_account_over_its_limit_gets_429_even_with_the_right_password(api, settings, county_a_officer):
    settings.SMEDT_LOGIN_RATE_PER_ACCOUNT = 3
    settings.SMEDT_LOGIN_CAPTCHA_AFTER = 0
    settings.SMEDT_LOGIN_MAX_FAILURES = 100
    for _ in range(3):
        assert (
            api().post(LOGIN, {"username": county_a_officer.username, "password": "wrong-password"}).status_code == 400
        )
    body = assert_error(
        api().post(LOGIN, {"username": county_a_officer.username, "password": PASSWORD}), 429, "auth.rate_limited"
    )
    assert body["details"]["retry_after_seconds"] == 60


def test_one_address_over_its_limit_gets_429_for_every_account(api, settings, county_a_officer, city_admin):
    settings.SMEDT_LOGIN_RATE_PER_IP = 2
    settings.SMEDT_LOGIN_CAPTCHA_AFTER = 0
    assert api().post(LOGIN, {"username": "nobody-1", "password": "x" * 12}).status_code == 400
    assert api().post(LOGIN, {"username": "nobody-2", "password": "x" * 12}).status_code == 400
    assert_error(api().post(LOGIN, {"username": city_admin.username, "password": PASSWORD}), 429, "auth.rate_limited")


def test_within_the_limits_login_works(api, settings, county_a_officer):
    settings.SMEDT_LOGIN_RATE_PER_IP = 60
    settings.SMEDT_LOGIN_RATE_PER_ACCOUNT = 20
    assert api().post(LOGIN, {"username": county_a_officer.username, "password": PASSWORD}).status_code == 200
