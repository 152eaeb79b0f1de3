"""A request body over the upload limit is a 413 in the error envelope, never a 500 (RequestDataTooBig)."""

from __future__ import annotations

import json

import pytest

from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.files.models import Attachment

pytestmark = pytest.mark.django_db

LIMIT = 64 * 1024


@pytest.fixture
def small_limit(settings, tmp_path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_oversized_json_body_is_a_413_envelope(api, sys_admin, small_limit):
    since = sys_admin.__class__.objects.count()
    body = {"username": "big_body", "display_name": "大", "password": "Strong@2026pass", "x": "a" * (LIMIT + 10)}

    res = api(sys_admin).post("/api/users", body)

    err = assert_error(res, 413, "payload_too_large")
    assert "过大" in err["message"]
    assert err["details"]["limit_bytes"] == LIMIT
    assert sys_admin.__class__.objects.count() == since


def test_an_oversized_anonymous_body_is_a_413_too(api, reference, small_limit):
    res = api().client.post(
        "/api/auth/login", json.dumps({"username": "x" * (LIMIT + 1)}), content_type="application/json"
    )
    assert_error(res, 413, "payload_too_large")


def test_an_oversized_multipart_upload_is_a_413_with_nothing_stored(api, enterprise_a_user, small_limit):
    res = upload(api(enterprise_a_user), "big.pdf", PDF_BYTES + b"0" * (LIMIT + 1))

    assert_error(res, 413, "payload_too_large")
    assert not Attachment.objects.exists()
    assert [p for p in small_limit.rglob("*") if p.is_file()] == []


def test_a_body_under_the_limit_still_works(api, enterprise_a_user, small_limit):
    assert upload(api(enterprise_a_user), "ok.pdf", PDF_BYTES + b"0" * 1024).status_code == 201


def test_request_data_too_big_raised_inside_a_view_is_a_413(api, sys_admin, settings, monkeypatch):
    """The handler behind the middleware: a body read that trips Django's own limit."""
    from django.core.exceptions import RequestDataTooBig

    from smedt.notify import services

    def boom(**kwargs):
        raise RequestDataTooBig("too big")

    monkeypatch.setattr(services, "unread_count", boom)

    assert_error(api(sys_admin).get("/api/notify/unread-count"), 413, "payload_too_large")
