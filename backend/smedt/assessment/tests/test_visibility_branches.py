"""The assessment visibility filter adds only the branches a user actually has (issue 13)."""

from __future__ import annotations

import pytest

from smedt.assessment.models import Assessment

pytestmark = pytest.mark.django_db


def _sql(user) -> str:
    return str(Assessment.objects.visible_to(user, "view").query).lower()


def test_a_county_officer_list_has_no_expert_assignment_subquery(county_a_officer, city_admin):
    for officer in (county_a_officer, city_admin):
        assert "expertassignment" not in _sql(officer)


def test_an_expert_keeps_the_assignment_branch(expert):
    assert "expertassignment" in _sql(expert)


def test_an_enterprise_user_has_no_assignment_branch(enterprise_a_user):
    assert "expertassignment" not in _sql(enterprise_a_user)
