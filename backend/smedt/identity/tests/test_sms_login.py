"""SMS one-time-code login through the console stand-in (SmsOutbox)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.core.tests.helpers import assert_error
from smedt.gmcrypto.fields import blind_index
from smedt.identity.models import SmsCode, SmsOutbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_user(make_user):
    user = make_user("phone_user")
    user.mobile, user.mobile_index = "13912340000", blind_index("13912340000")
    user.save()
    return user


def sent_code():
    return re.search(r"(\d{6})", SmsOutbox.objects.order_by("-id").first().content).group(1)


def test_code_login(api, phone_user, identity_admin):
    client = api()
    assert client.post("/api/identity/sms/send", {"mobile": "13912340000"}).status_code == 204
    outbox = api(identity_admin).get("/api/identity/sms-outbox").json()["items"][0]
    assert outbox["mobile_masked"] == "139****0000" and "13912340000" not in str(outbox)

    res = client.post("/api/identity/sms/login", {"mobile": "13912340000", "code": sent_code()})

    assert res.status_code == 200, res.content
    assert client.get("/api/auth/me").json()["username"] == "phone_user"
    # single use
    assert_error(
        api().post("/api/identity/sms/login", {"mobile": "13912340000", "code": sent_code()}), 400, "sms.invalid_code"
    )


def test_unknown_number_gets_the_same_answer_but_no_sms(api, reference):
    assert api().post("/api/identity/sms/send", {"mobile": "13900000000"}).status_code == 204
    assert not SmsOutbox.objects.exists()


def test_resend_is_rate_limited(api, phone_user):
    api().post("/api/identity/sms/send", {"mobile": "13912340000"})
    assert_error(api().post("/api/identity/sms/send", {"mobile": "13912340000"}), 429, "sms.too_frequent")


def test_wrong_codes_count_and_five_lock_the_code(api, phone_user):
    api().post("/api/identity/sms/send", {"mobile": "13912340000"})
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert_error(
            api().post("/api/identity/sms/login", {"mobile": "13912340000", "code": wrong}), 400, "sms.invalid_code"
        )
    assert SmsCode.objects.get().attempts == 5
    assert_error(
        api().post("/api/identity/sms/login", {"mobile": "13912340000", "code": code}), 400, "sms.invalid_code"
    )


def test_an_expired_code_is_refused(api, phone_user):
    api().post("/api/identity/sms/send", {"mobile": "13912340000"})
    SmsCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_error(
        api().post("/api/identity/sms/login", {"mobile": "13912340000", "code": sent_code()}), 400, "sms.invalid_code"
    )


def test_bad_mobile_is_a_422(api, reference):
    assert_error(api().post("/api/identity/sms/send", {"mobile": "12345678901"}), 422, "accounts.invalid_mobile")


# --- limits on code entry: per source address and per number ------------------------------------------


def _wrong(code):
    return "000000" if code != "000000" else "111111"


def test_failed_code_entries_from_one_address_are_limited(api, phone_user, settings):
    settings.SMEDT_SMS_VERIFY_FAILURES_PER_IP_HOUR = 3
    settings.SMEDT_SMS_VERIFY_FAILURES_PER_MOBILE_HOUR = 0
    api().post("/api/identity/sms/send", {"mobile": "13912340000"})
    code = sent_code()
    # guessing across other numbers from the same address counts too
    for mobile in ("13900000001", "13900000002", "13900000003"):
        assert_error(
            api().post("/api/identity/sms/login", {"mobile": mobile, "code": "123456"}), 400, "sms.invalid_code"
        )

    body = assert_error(
        api().post("/api/identity/sms/login", {"mobile": "13912340000", "code": code}), 429, "sms.too_many_attempts"
    )
    assert "次数过多" in body["message"]
    # another address is not affected
    res = api().client.post(
        "/api/identity/sms/login",
        {"mobile": "13912340000", "code": code},
        content_type="application/json",
        REMOTE_ADDR="10.1.2.3",
    )
    assert res.status_code == 200, res.content


def test_failed_code_entries_for_one_number_are_limited_across_addresses(api, phone_user, settings):
    settings.SMEDT_SMS_VERIFY_FAILURES_PER_IP_HOUR = 0
    settings.SMEDT_SMS_VERIFY_FAILURES_PER_MOBILE_HOUR = 2
    api().post("/api/identity/sms/send", {"mobile": "13912340000"})
    code = sent_code()
    for i in range(2):
        res = api().client.post(
            "/api/identity/sms/login",
            {"mobile": "13912340000", "code": _wrong(code)},
            content_type="application/json",
            REMOTE_ADDR=f"10.0.0.{i + 1}",
        )
        assert_error(res, 400, "sms.invalid_code")

    res = api().client.post(
        "/api/identity/sms/login",
        {"mobile": "13912340000", "code": code},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.9",
    )
    assert_error(res, 429, "sms.too_many_attempts")


def test_sends_per_address_are_configurable(api, reference, settings):
    settings.SMEDT_SMS_SEND_PER_IP_HOUR = 2
    for mobile in ("13900000011", "13900000012"):
        assert api().post("/api/identity/sms/send", {"mobile": mobile}).status_code == 204
    assert_error(api().post("/api/identity/sms/send", {"mobile": "13900000013"}), 429, "sms.too_many")
