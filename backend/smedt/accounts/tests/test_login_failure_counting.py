"""Only wrong usernames and passwords count toward the login captcha: refused SSO callbacks, wrong
SMS codes and wrong captchas from an address must not force a captcha on everybody behind it."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from smedt.accounts.models import LoginLog
from smedt.core.tests.helpers import assert_error

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login"


@pytest.fixture(autouse=True)
def _captcha_after_three(settings):
    settings.SMEDT_LOGIN_CAPTCHA_AFTER = 3


def test_refused_sso_callbacks_do_not_bring_the_captcha(api, county_a_officer):
    for _ in range(5):
        res = api().get("/api/identity/no-such-provider/callback", {"code": "x", "state": "y"})
        assert res.status_code in (302, 400, 404)
    assert LoginLog.objects.filter(success=False).count() >= 3  # still logged, for the administrators

    res = api().post(LOGIN, {"username": "county_a_officer", "password": PASSWORD})

    assert res.status_code == 200, res.content


def test_wrong_sms_codes_do_not_bring_the_captcha(api, county_a_officer):
    for _ in range(4):
        assert_error(
            api().post("/api/identity/sms/login", {"mobile": "13912345678", "code": "000000"}), 400, "sms.invalid_code"
        )

    assert api().post(LOGIN, {"username": "county_a_officer", "password": PASSWORD}).status_code == 200


def test_wrong_passwords_still_bring_the_captcha(api, county_a_officer):
    for _ in range(3):
        assert_error(
            api().post(LOGIN, {"username": "someone", "password": "Wrong@2026pass"}), 400, "auth.invalid_credentials"
        )

    assert_error(
        api().post(LOGIN, {"username": "county_a_officer", "password": PASSWORD}), 400, "auth.captcha_required"
    )


def test_wrong_captchas_alone_do_not_extend_the_captcha_to_other_names(api, county_a_officer, make_user):
    """A captcha refusal is logged but is no credential failure."""
    make_user("victim")
    for _ in range(3):
        LoginLog.objects.create(username="victim", success=False, reason="验证码错误", ip="127.0.0.1")

    assert api().post(LOGIN, {"username": "county_a_officer", "password": PASSWORD}).status_code == 200
