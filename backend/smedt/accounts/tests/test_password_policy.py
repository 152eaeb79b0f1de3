"""Password policy (length, character classes, no username, no recent reuse) on create, change and reset."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from smedt.accounts.models import PasswordHistory, User
from smedt.accounts.password_policy import password_problems
from smedt.core.tests.helpers import assert_error, field_message

pytestmark = pytest.mark.django_db


def _create(api, admin, username, password):
    return api(admin).post("/api/users", {"username": username, "display_name": "张三", "password": password})


@pytest.mark.parametrize(
    ("username", "password", "expected"),
    [
        ("zhangsan", "Ab1@xyz", "密码长度至少 10 位"),
        ("zhangsan", "abcdefghij12", "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类"),
        ("zhangsan", "ABCDEFGHIJKL", "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类"),
        ("wangwu88", "Wangwu88@2026", "密码不能包含用户名"),
        ("wangwu88", "xWANGWU88x!2026", "密码不能包含用户名"),
    ],
)
def test_user_create_refuses_a_weak_password_and_leaves_no_user(api, sys_admin, username, password, expected):
    res = _create(api, sys_admin, username, password)

    assert_error(res, 422, "accounts.weak_password")
    assert expected in field_message(res, "password")
    assert not User.objects.filter(username=username).exists()


def test_user_create_accepts_a_policy_conformant_password_and_remembers_it(api, sys_admin):
    res = _create(api, sys_admin, "zhangsan", "Strong@2026pass")

    assert res.status_code == 201, res.content
    user = User.objects.get(username="zhangsan")
    assert user.check_password("Strong@2026pass")
    assert user.password_changed_at is not None
    assert PasswordHistory.objects.filter(user=user).count() == 1


def test_the_minimum_length_is_a_setting(settings):
    settings.SMEDT_PASSWORD_MIN_LENGTH = 14
    assert password_problems("Abcdef@12345") == ["密码长度至少 14 位"]
    assert password_problems("Abcdef@1234567") == []


def test_changing_back_to_a_recent_password_is_refused(api, sys_admin):
    # given a user created through the service (so the first password is in the history)
    assert _create(api, sys_admin, "lisi2026", "First@2026pass").status_code == 201
    user = User.objects.get(username="lisi2026")

    # when they change the password, sign in again, then try to go back to the first one
    res = api(user).post("/api/auth/password", {"old_password": "First@2026pass", "new_password": "Second@2026pass"})
    assert res.status_code == 204, res.content
    own = api(User.objects.get(pk=user.pk))
    res = own.post("/api/auth/password", {"old_password": "Second@2026pass", "new_password": "First@2026pass"})

    # then the reuse is refused with a Chinese message on the field
    assert_error(res, 422, "accounts.weak_password")
    assert "不能与最近 5 次使用过的密码相同" in field_message(res, "new_password")
    user.refresh_from_db()
    assert user.check_password("Second@2026pass")


def test_only_the_last_five_passwords_are_remembered(api, sys_admin):
    _create(api, sys_admin, "lisi2026", "Pass@2026no0")
    user = User.objects.get(username="lisi2026")
    for i in range(1, 6):
        res = api(User.objects.get(pk=user.pk)).post(
            "/api/auth/password", {"old_password": f"Pass@2026no{i - 1}", "new_password": f"Pass@2026no{i}"}
        )
        assert res.status_code == 204, res.content
    assert PasswordHistory.objects.filter(user=user).count() == 5

    # the sixth-last password may be used again
    res = api(User.objects.get(pk=user.pk)).post(
        "/api/auth/password", {"old_password": "Pass@2026no5", "new_password": "Pass@2026no0"}
    )
    assert res.status_code == 204, res.content


def test_password_change_checks_the_old_password_and_refuses_the_same_one(api, county_a_officer):
    own = api(county_a_officer)

    res = own.post("/api/auth/password", {"old_password": "Wrong@2026pass", "new_password": "Other@2026pass"})
    assert_error(res, 422, "auth.wrong_password")
    field_message(res, "old_password")

    res = own.post("/api/auth/password", {"old_password": PASSWORD, "new_password": PASSWORD})
    assert_error(res, 422, "auth.same_password")
    field_message(res, "new_password")

    res = own.post("/api/auth/password", {"old_password": PASSWORD, "new_password": "short"})
    assert_error(res, 422, "accounts.weak_password")
    assert "密码长度至少" in field_message(res, "new_password")


def test_changing_the_own_password_requires_signing_in_again(api, county_a_officer):
    # given the officer is signed in (the front end says "密码已修改，请重新登录")
    browser = api()
    browser.post("/api/auth/login", {"username": "county_a_officer", "password": PASSWORD})

    # when they change their password
    res = browser.post("/api/auth/password", {"old_password": PASSWORD, "new_password": "Fresh@2026pass"})
    assert res.status_code == 204

    # then this session (and any other) no longer counts; the new password opens a new one
    assert_error(browser.get("/api/auth/me"), 401, "not_authenticated")
    res = browser.post("/api/auth/login", {"username": "county_a_officer", "password": "Fresh@2026pass"})
    assert res.status_code == 200


def test_password_change_clears_must_change_and_is_audited(api, county_a_officer):
    from smedt.audit.models import AuditRecord

    User.objects.filter(pk=county_a_officer.pk).update(must_change_password=True)
    res = api(county_a_officer).post("/api/auth/password", {"old_password": PASSWORD, "new_password": "Fresh@2026pass"})

    assert res.status_code == 204
    county_a_officer.refresh_from_db()
    assert county_a_officer.must_change_password is False
    rec = AuditRecord.objects.get(action="accounts.password_change")
    assert rec.actor_id == county_a_officer.pk
    assert "Fresh@2026pass" not in str(rec.after) and "Fresh@2026pass" not in str(rec.before)


def test_admin_reset_applies_the_policy_then_forces_a_change_and_ends_sessions(api, sys_admin, enterprise_a_user):
    admin = api(sys_admin)
    victim_browser = api(enterprise_a_user)
    assert victim_browser.get("/api/auth/me").status_code == 200

    res = admin.post(f"/api/users/{enterprise_a_user.pk}/reset-password", {"new_password": "weak"})
    assert_error(res, 422, "accounts.weak_password")
    field_message(res, "new_password")

    res = admin.post(f"/api/users/{enterprise_a_user.pk}/reset-password", {"new_password": "Reset@2026pass"})
    assert res.status_code == 200, res.content

    assert_error(victim_browser.get("/api/auth/me"), 401, "not_authenticated")
    browser = api()
    me = browser.post("/api/auth/login", {"username": "enterprise_a_user", "password": "Reset@2026pass"})
    assert me.status_code == 200
    assert me.json()["must_change_password"] is True
