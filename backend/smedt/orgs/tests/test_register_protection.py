"""Public self-registration is protected: an image captcha, rate limits per address and
platform-wide, and one neutral answer that does not say whether a username or an organization
already exists."""

from __future__ import annotations

import pytest

from smedt.accounts.models import User
from smedt.core.tests.helpers import assert_error, solve_captcha
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization
from smedt.reviews.models import ReviewRequest

pytestmark = pytest.mark.django_db

URL = "/api/orgs/register"
_seq = iter(range(100, 999))


def payload(**kw):
    n = next(_seq)
    return {
        "org_name": f"注册测试企业{n}",
        "credit_code": make_valid(f"91410702MA0{n:06d}"),
        "kind": "enterprise",
        "region_code": "410702",
        "contact_name": "王",
        "contact_phone": "13811112222",
        "username": f"reg_user_{n}",
        "password": "Qiye@2026pass",
        **kw,
    }


def post(client, body, *, ip="127.0.0.1", solve=True):
    if solve:
        body = {**body, "captcha_id": solve_captcha(client), "captcha_answer": "ABCD"}
    return client.client.post(URL, body, content_type="application/json", REMOTE_ADDR=ip)


def nothing_written(before_users):
    return (
        not Organization.objects.filter(name__startswith="注册测试企业").exists()
        and not ReviewRequest.objects.exists()
        and User.objects.count() == before_users
    )


def test_a_solved_captcha_registers(api, reference):
    res = post(api(), payload())
    assert res.status_code == 201, res.content
    assert ReviewRequest.objects.count() == 1


def test_without_a_captcha_nothing_is_registered(api, reference):
    users = User.objects.count()
    body = assert_error(post(api(), payload(), solve=False), 400, "auth.captcha_required")
    assert body["message"] == "请输入图形验证码"
    assert nothing_written(users)


def test_a_wrong_captcha_is_refused_and_single_use(api, reference):
    client, users = api(), User.objects.count()
    cid = solve_captcha(client)
    assert_error(
        client.post(URL, {**payload(), "captcha_id": cid, "captcha_answer": "XXXX"}), 400, "auth.captcha_invalid"
    )
    assert_error(
        client.post(URL, {**payload(), "captcha_id": cid, "captcha_answer": "ABCD"}), 400, "auth.captcha_invalid"
    )
    assert nothing_written(users)


def test_the_captcha_comes_before_any_answer_about_existing_names(api, reference, county_a_officer):
    """Without a captcha a taken username is not revealed: the captcha refusal comes first."""
    body = assert_error(post(api(), payload(username="county_a_officer"), solve=False), 400, "auth.captcha_required")
    assert "county_a_officer" not in str(body) and "已被使用" not in str(body)


def test_a_taken_username_and_a_registered_credit_code_get_one_neutral_answer(api, reference, enterprise_a):
    User.objects.create_user(username="taken_name", password="x")
    taken = assert_error(post(api(), payload(username="taken_name")), 409, "orgs.register_unavailable")
    registered = assert_error(
        post(api(), payload(credit_code=enterprise_a.credit_code)), 409, "orgs.register_unavailable"
    )

    assert taken == registered  # the visitor cannot tell which one it was
    assert "已被使用" not in taken["message"] and "taken_name" not in str(taken)
    assert not ReviewRequest.objects.exists()


def test_attempts_per_address_are_limited(api, reference, settings):
    settings.SMEDT_REGISTER_PER_IP_HOUR = 2
    settings.SMEDT_REGISTER_GLOBAL_HOUR = 0
    assert post(api(), payload(), ip="10.0.0.1").status_code == 201
    assert post(api(), payload(password="short"), ip="10.0.0.1").status_code == 422  # a failed attempt counts too

    body = assert_error(post(api(), payload(), ip="10.0.0.1"), 429, "orgs.register_too_frequent")
    assert "频繁" in body["message"]
    # another address still registers
    assert post(api(), payload(), ip="10.0.0.2").status_code == 201
    assert ReviewRequest.objects.count() == 2


def test_attempts_platform_wide_are_limited(api, reference, settings):
    settings.SMEDT_REGISTER_PER_IP_HOUR = 0
    settings.SMEDT_REGISTER_GLOBAL_HOUR = 3
    for i in range(3):
        assert post(api(), payload(), ip=f"10.0.1.{i}").status_code == 201

    assert_error(post(api(), payload(), ip="10.0.1.99"), 429, "orgs.register_too_frequent")
    assert ReviewRequest.objects.count() == 3


def test_burst_of_anonymous_registrations_is_stopped_with_defaults(api, reference):
    """The reported case: 20 registrations from one address in a row, each a county to-do."""
    codes = [post(api(), payload(), ip="10.9.9.9").status_code for _ in range(20)]

    assert codes.count(201) == 10 and codes[10:] == [429] * 10
    assert ReviewRequest.objects.count() == 10
