"""Indicator-set versions through the API: multipart import (sys_admin only), list of versions."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smedt.assessment.models import IndicatorSet
from smedt.assessment.tests.helpers import PACKAGED
from smedt.core.tests.helpers import assert_error

pytestmark = pytest.mark.django_db

BASE = "/api/assessment/indicator-sets"
# session + user, grants (assignments + role permissions), count, page
INDICATOR_SET_LIST_QUERIES = 6


def post_file(client, name, data, **form):
    return client.client.post(
        f"{BASE}/import", {"file": SimpleUploadedFile(name, data, content_type="application/x-yaml"), **form}
    )


def test_sys_admin_imports_a_version_and_again_is_a_no_op(api, sys_admin, reference):
    res = post_file(api(sys_admin), "2024-manufacturing.yaml", PACKAGED.read_bytes())
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["created"] is True and body["indicator_set"]["version"] == "2024.1"
    assert body["indicator_set"]["status"] == "active"
    again = post_file(api(sys_admin), "copy.yaml", PACKAGED.read_bytes())
    assert again.status_code == 200 and again.json()["created"] is False
    assert IndicatorSet.objects.count() == 1


def test_a_new_version_becomes_active_and_the_list_shows_both(api, sys_admin, enterprise_a_user, data, reference):
    post_file(api(sys_admin), "2024-manufacturing.yaml", PACKAGED.read_bytes())
    newer = copy.deepcopy(data)
    newer["version"] = "2024.2"
    res = post_file(api(sys_admin), "v2.json", json.dumps(newer, ensure_ascii=False).encode())
    assert res.status_code == 201, res.content
    listed = api(enterprise_a_user).get(BASE).json()["items"]
    assert {(s["version"], s["status"]) for s in listed} == {("2024.1", "inactive"), ("2024.2", "active")}
    assert api(enterprise_a_user).get(f"{BASE}/current").json()["version"] == "2024.2"


def test_a_broken_file_is_a_chinese_422_and_nothing_is_written(api, sys_admin, data, reference):
    broken = copy.deepcopy(data)
    broken["total_max"] = 99
    res = post_file(api(sys_admin), "broken.json", json.dumps(broken).encode())
    body = assert_error(res, 422, "assessment.invalid_indicator_set")
    assert any("总分满分" in e for e in body["details"]["errors"])
    assert not IndicatorSet.objects.exists()


def test_only_sys_admin_may_import(api, city_admin, enterprise_a_user, reference):
    for user in (city_admin, enterprise_a_user):
        assert_error(post_file(api(user), "x.yaml", PACKAGED.read_bytes()), 403, "permission_denied")
    assert not IndicatorSet.objects.exists()


def test_outsider_sees_no_questionnaire(api, outsider, indicator_set):
    assert_error(api(outsider).get(f"{BASE}/current"), 403, "permission_denied")
    assert_error(api(outsider).get(BASE), 403, "permission_denied")


@pytest.mark.parametrize("rows", [1, 30])
def test_indicator_set_list_query_count_does_not_grow_with_rows(
    api, sys_admin, data, rows, reference, django_assert_num_queries
):
    from django.utils import timezone

    IndicatorSet.objects.bulk_create(
        IndicatorSet(
            code="2024-manufacturing",
            version=f"2024.{i}",
            name="测试",
            status="inactive",
            definition=data,
            source_digest=f"{i:064d}",
            imported_at=timezone.now(),
        )
        for i in range(rows)
    )
    client = api(sys_admin)
    client.get(BASE)
    with django_assert_num_queries(INDICATOR_SET_LIST_QUERIES):
        res = client.get(BASE, {"page_size": 50})
    assert res.json()["total"] == rows == len(res.json()["items"])
