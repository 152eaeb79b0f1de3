"""The resolved grants kept in the shared cache: no queries on a hit, and every change retires them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.accounts.models import User
from smedt.core.tests.helpers import assign, make_role
from smedt.rbac.grants import user_grants
from smedt.rbac.models import Permission, RoleAssignment
from smedt.rbac.services import user_roles_set
from smedt.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.SMEDT_GRANTS_CACHE_SECONDS = 300


def fresh(user: User) -> User:
    """The user as the next request loads it (no per-object memo)."""
    return User.objects.get(pk=user.pk)


def codes(user: User) -> set[str]:
    return set(user_grants(fresh(user)).codes)


def test_a_second_request_resolves_grants_without_queries(cached, county_a_officer):
    first = user_grants(fresh(county_a_officer))
    user = fresh(county_a_officer)
    with CaptureQueriesContext(connection) as ctx:
        again = user_grants(user)
    assert len(ctx.captured_queries) == 0
    assert again.codes == first.codes
    assert again.grant("orgs.view_org").region_paths == first.grant("orgs.view_org").region_paths
    assert {a["region"].code for a in again.assignments if a["region"]} == {"410702"}


def test_without_the_setting_every_request_reads_the_database(county_a_officer):
    user_grants(fresh(county_a_officer))
    user = fresh(county_a_officer)
    with CaptureQueriesContext(connection) as ctx:
        user_grants(user)
    assert len(ctx.captured_queries) == 2


def test_a_new_assignment_is_seen_at_the_next_request(cached, outsider):
    assert "orgs.view_org" not in codes(outsider)
    assign(outsider, make_role("org_viewer", ["orgs.view_org"]), region="410702")
    assert "orgs.view_org" in codes(outsider)


def test_a_revoked_assignment_is_gone_at_the_next_request(cached, county_a_officer):
    assert "orgs.view_org" in codes(county_a_officer)
    RoleAssignment.objects.filter(user=county_a_officer).delete()
    assert codes(county_a_officer) == set()


def test_roles_replaced_by_an_administrator_take_effect(cached, sys_admin, county_a_officer):
    assert codes(county_a_officer)
    user_roles_set(actor=sys_admin, user=county_a_officer, assignments=[])
    assert codes(county_a_officer) == set()


def test_a_permission_removed_from_a_role_is_gone(cached, outsider):
    role = make_role("two_codes", ["orgs.view_org", "orgs.export_org"])
    assign(outsider, role, region="410702")
    assert {"orgs.view_org", "orgs.export_org"} <= codes(outsider)
    role.permissions.remove(Permission.objects.get(code="orgs.export_org"))
    assert "orgs.export_org" not in codes(outsider)


def test_a_deactivated_region_no_longer_grants(cached, county_a_officer):
    assert user_grants(fresh(county_a_officer)).grant("orgs.view_org").region_paths
    region = Region.objects.get(code="410702")
    region.is_active = False
    region.save(update_fields=["is_active"])
    assert not user_grants(fresh(county_a_officer)).grant("orgs.view_org").region_paths


def test_a_disabled_account_holds_nothing_even_when_cached(cached, county_a_officer):
    assert codes(county_a_officer)
    User.objects.filter(pk=county_a_officer.pk).update(is_active=False)
    assert codes(county_a_officer) == set()


def test_cached_grants_narrow_by_region_ids_with_the_same_rows(
    settings, make_org, county_a_officer, city_admin, enterprise_a, enterprise_b
):
    from smedt.enterprises.models import EnterpriseProfile
    from smedt.orgs.models import Organization

    for org in (enterprise_a, enterprise_b, make_org("410000", name="省属单位")):
        EnterpriseProfile.objects.create(org=org)
    cases = [(Organization, "region"), (EnterpriseProfile, "org__region")]
    for user in (county_a_officer, city_admin):
        live = {m: set(m.objects.visible_to(fresh(user)).values_list("pk", flat=True)) for m, _ in cases}
        settings.SMEDT_GRANTS_CACHE_SECONDS = 300
        for model, _ in cases:
            qs = model.objects.visible_to(fresh(user))
            sql = str(qs.query)
            assert "LIKE" not in sql.upper() and '"region_id" IN' in sql, sql
            assert set(qs.values_list("pk", flat=True)) == live[model]
        settings.SMEDT_GRANTS_CACHE_SECONDS = 0
    assert live[Organization] >= {enterprise_a.pk, enterprise_b.pk}  # the city admin's, the last one
