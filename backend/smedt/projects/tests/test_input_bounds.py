"""The reported inputs: a 5 MB requirement, an amount of 1.005 (stored as 1.00 before), NUL and
RTL-override characters in a title, and a date in the year 9999 — each a 422 with a Chinese
message, nothing written."""

from __future__ import annotations

import pytest

from smedt.core.tests.helpers import assert_error
from smedt.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def create(api, world, provider_org):
    def post(**extra):
        body = {"kind": "diagnosis", "provider_id": provider_org.pk, "title": "数字化诊断", "amount": "100000.00"}
        return api(world["enterprise"]).post("/api/projects", {**body, **extra})

    return post


def test_a_five_megabyte_requirement_is_refused(create):
    body = assert_error(create(requirement="需" * (5 * 1024 * 1024 // 3)), 422, "validation_error")
    assert body["details"]["fields"] == {"requirement": "长度超出限制"}
    assert not Project.objects.exists()


def test_a_requirement_at_the_limit_is_kept_whole(create):
    assert create(requirement="需" * 5000).status_code == 201
    assert len(Project.objects.get().requirement) == 5000


@pytest.mark.parametrize("amount", ["1.005", "100000.001", 1.005])
def test_an_amount_with_more_decimals_than_stored_is_refused_not_rounded(create, amount):
    body = assert_error(create(amount=amount), 422, "validation_error")
    assert body["details"]["fields"]["amount"] == "最多保留 2 位小数，请勿超出"
    assert not Project.objects.exists()


def test_an_amount_too_large_for_the_column_is_refused(create):
    assert_error(create(amount="1234567890123456.00"), 422, "validation_error")
    assert not Project.objects.exists()


def test_an_exact_amount_is_stored_exactly(create):
    assert create(amount="1.01").status_code == 201
    assert str(Project.objects.get().amount) == "1.01"


@pytest.mark.parametrize("title", ["诊断\x00项目", "诊断‮目项", "诊断\u2067项目"])
def test_control_and_direction_characters_in_a_title_are_refused(create, title):
    body = assert_error(create(title=title), 422, "validation_error")
    assert "控制字符" in body["details"]["fields"]["title"]
    assert not Project.objects.exists()


def test_a_date_in_the_year_9999_is_refused(api, world, signed):
    p = signed()
    res = api(world["provider"]).post(
        f"/api/projects/{p['id']}/milestones", {"name": "上线", "planned_date": "9999-12-31"}
    )

    body = assert_error(res, 422, "validation_error")
    assert "1900-01-01 至 2100-12-31" in body["details"]["fields"]["planned_date"]
