"""The signed-in user kept in the shared cache: no user query on a hit, and every change to the user —
through `save()` or through the queryset updates of the login path — is seen at the next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import auth
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.accounts import usercache
from smedt.accounts.models import User
from smedt.core.tests.helpers import assert_error

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login"
PASSWORD = "Test@2026pass"


@pytest.fixture
def cached(settings):
    settings.SMEDT_USER_CACHE_SECONDS = 300


def user_reads(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if 'FROM "accounts_user"' in q["sql"]]


def test_a_second_request_reads_no_user(cached, api, county_a_officer):
    client = api(county_a_officer)
    assert client.get("/api/orgs").status_code == 200  # fills the cache
    with CaptureQueriesContext(connection) as ctx:
        res = client.get("/api/orgs")
    assert res.status_code == 200
    assert user_reads(ctx) == []
    session = client.get("/api/auth/session").json()
    assert session["authenticated"] is True and session["me"]["username"] == "county_a_officer"


def test_without_the_setting_every_request_reads_the_user(api, county_a_officer):
    client = api(county_a_officer)
    client.get("/api/orgs")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/orgs")
    assert len(user_reads(ctx)) == 1
    assert cache.get(usercache._entry_key(county_a_officer.pk)) is None


def test_the_cached_copy_holds_no_password_or_personal_data(cached, api, county_a_officer):
    county_a_officer.mobile = "13912345678"
    county_a_officer.save()
    api(county_a_officer).get("/api/orgs")

    version, copy, session_hash = cache.get(usercache._entry_key(county_a_officer.pk))
    assert version == cache.get(usercache._version_key(county_a_officer.pk))
    for name in ("password", "mobile", "id_number"):
        assert name not in copy.__dict__
    assert session_hash == User.objects.get(pk=county_a_officer.pk).get_session_auth_hash()
    # a deferred field still reads correctly (from the database)
    assert copy.mobile == "13912345678"


def test_a_disabled_user_is_signed_out_at_the_next_request(cached, api, county_a_officer):
    client = api(county_a_officer)
    assert client.get("/api/orgs").status_code == 200
    county_a_officer.is_active = False
    county_a_officer.save(update_fields=["is_active"])
    assert client.get("/api/orgs").status_code == 401


def test_a_password_changed_elsewhere_ends_the_session(cached, api, county_a_officer):
    client = api(county_a_officer)
    assert client.get("/api/orgs").status_code == 200
    user = User.objects.get(pk=county_a_officer.pk)
    user.set_password("Other#2026pass")
    user.save()
    assert client.get("/api/orgs").status_code == 401


def test_a_login_flagging_an_expired_password_reaches_the_other_sessions(cached, api, county_a_officer, settings):
    """The login path writes `must_change_password` with a queryset update (no signal): it must retire the
    cached user itself, or the other open session keeps working with the stale flag."""
    settings.SMEDT_PASSWORD_MAX_AGE_DAYS = 90
    first = api(county_a_officer)
    assert first.get("/api/orgs").status_code == 200  # cached with must_change_password = False
    User.objects.filter(pk=county_a_officer.pk).update(password_changed_at=timezone.now() - timedelta(days=91))

    res = api().post(LOGIN, {"username": "county_a_officer", "password": PASSWORD})
    assert res.status_code == 200 and res.json()["must_change_password"] is True

    assert_error(first.get("/api/orgs"), 403, "auth.password_change_required")


def test_failed_logins_and_unlock_retire_the_cached_user(cached, api, county_a_officer, sys_admin):
    from smedt.accounts.services.users import user_unlock

    api(county_a_officer).get("/api/orgs")
    key = usercache._version_key(county_a_officer.pk)
    before = cache.get(key)
    assert api().post(LOGIN, {"username": "county_a_officer", "password": "Wrong@2026pass"}).status_code == 400
    after_failure = cache.get(key)
    assert after_failure != before
    user_unlock(actor=sys_admin, user=county_a_officer)
    assert cache.get(key) != after_failure


def test_a_row_read_before_a_concurrent_change_is_never_served(cached, api, county_a_officer, monkeypatch):
    """The version is read before the row: a request that loaded the user while another transaction
    changed it stores its copy under the old version, and the next request reads the database."""
    client = api(county_a_officer)
    real_get_user = auth.get_user

    def get_user_then_concurrent_change(request):
        user = real_get_user(request)
        usercache.user_changed(user.pk)  # another request commits a change right after our read
        return user

    monkeypatch.setattr(auth, "get_user", get_user_then_concurrent_change)
    assert client.get("/api/orgs").status_code == 200
    monkeypatch.setattr(auth, "get_user", real_get_user)

    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/orgs").status_code == 200
    assert len(user_reads(ctx)) == 1  # the stale copy was not used
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/orgs").status_code == 200
    assert user_reads(ctx) == []  # and the fresh one is


def test_a_change_is_retired_again_after_commit(cached, county_a_officer, django_capture_on_commit_callbacks):
    key = usercache._version_key(county_a_officer.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        county_a_officer.display_name = "新名字"
        county_a_officer.save()
        inside = cache.get(key)
    assert len(callbacks) >= 1
    assert cache.get(key) != inside
