"""ScopedQuerySet.visible_to for every persona, on Organization and User."""

from __future__ import annotations

import pytest

from smedt.accounts.models import User
from smedt.core.errors import PermissionDenied
from smedt.core.tests.helpers import assign, make_role
from smedt.orgs.models import Organization
from smedt.rbac.grants import has_perm, user_grants
from smedt.rbac.models import ScopeKind
from smedt.rbac.services import require

pytestmark = pytest.mark.django_db

PERSONAS = [
    "sys_admin",
    "city_admin",
    "county_a_officer",
    "county_b_officer",
    "enterprise_a_user",
    "enterprise_b_user",
    "provider_user",
    "expert",
    "outsider",
]


@pytest.fixture(autouse=True, params=["database", "cached"])
def grants_source(request, settings):
    """Every test twice: grants read from the database (region path prefixes) and from the shared cache
    (resolved region ids)."""
    settings.SMEDT_GRANTS_CACHE_SECONDS = 300 if request.param == "cached" else 0
    return request.param


@pytest.fixture
def world(request, make_org):
    """Every persona, the three fixture organizations, and one organization outside the city (province level)."""
    personas = {name: request.getfixturevalue(name) for name in PERSONAS}
    orgs = {
        "enterprise_a": request.getfixturevalue("enterprise_a"),
        "enterprise_b": request.getfixturevalue("enterprise_b"),
        "provider_org": request.getfixturevalue("provider_org"),
        "province_org": make_org("410000", name="省属单位"),
        "county_a_other": make_org("410702", name="红旗另一企业"),
    }
    return personas, orgs


ORG_VISIBILITY = {
    "sys_admin": {"enterprise_a", "enterprise_b", "provider_org", "province_org", "county_a_other"},
    "city_admin": {"enterprise_a", "enterprise_b", "provider_org", "county_a_other"},
    "county_a_officer": {"enterprise_a", "county_a_other"},
    "county_b_officer": {"enterprise_b"},
    "enterprise_a_user": {"enterprise_a"},
    "enterprise_b_user": {"enterprise_b"},
    "provider_user": {"provider_org"},
    "expert": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_organization_visible_to(world, persona):
    personas, orgs = world
    names = {v.pk: k for k, v in orgs.items()}

    seen = {names[pk] for pk in Organization.objects.visible_to(personas[persona], "view").values_list("pk", flat=True)}

    assert seen == ORG_VISIBILITY[persona]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        # manage: the city/sys admins in their region; nobody else
        ("sys_admin", {"enterprise_a", "enterprise_b", "provider_org", "province_org", "county_a_other"}),
        ("city_admin", {"enterprise_a", "enterprise_b", "provider_org", "county_a_other"}),
        ("county_a_officer", set()),
        ("enterprise_a_user", set()),
    ],
)
def test_organization_manage_scope(world, persona, expected):
    personas, orgs = world
    names = {v.pk: k for k, v in orgs.items()}
    seen = {
        names[pk] for pk in Organization.objects.visible_to(personas[persona], "manage").values_list("pk", flat=True)
    }
    assert seen == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_user_visible_to(world, persona):
    personas, _ = world
    seen = set(User.objects.visible_to(personas[persona], "view").values_list("username", flat=True))

    # the system administrator sees every user; the city administrator those whose roles lie in the city
    # (every persona but the global ones); nobody else holds accounts.view_user among the built-in roles
    expected = {
        "sys_admin": set(PERSONAS),
        "city_admin": set(PERSONAS) - {"sys_admin", "expert", "outsider"},
    }
    assert seen == expected.get(persona, set())


def test_user_visible_to_a_region_scoped_viewer_follows_assignment_regions_and_org_regions(world, make_user):
    _, orgs = world
    viewer = make_user("viewer_a")
    assign(viewer, make_role("user_viewer", ["accounts.view_user"]), region="410702")
    member = make_user("member_of_other_a")
    assign(member, "enterprise_user", org=orgs["county_a_other"])

    seen = set(User.objects.visible_to(viewer, "view").values_list("username", flat=True))

    assert seen == {"viewer_a", "county_a_officer", "enterprise_a_user", "member_of_other_a"}


def test_a_city_scope_covers_its_counties_but_not_siblings_by_prefix(make_user, make_org):
    # path prefixes must end at a node boundary: "…/410702/" must not cover a code like "4107021…"
    viewer = make_user("v", "county_officer", "410702")
    grant = user_grants(viewer).grant("orgs.view_org")
    assert grant.covers(region_path="410000/410700/410702/")
    assert not grant.covers(region_path="410000/410700/410703/")
    assert not grant.covers(region_path="410000/410700/")


def test_an_inactive_region_assignment_grants_nothing(make_user):
    user = make_user("old_county", "county_officer", "410728")  # historical 长垣县
    assert user_grants(user).grant("orgs.view_org").empty
    assert not Organization.objects.visible_to(user).exists()


def test_a_disabled_user_holds_no_grants(county_a_officer, enterprise_a):
    county_a_officer.is_active = False
    assert user_grants(county_a_officer).codes == []
    assert not Organization.objects.visible_to(county_a_officer).exists()


def test_anonymous_holds_no_grants(reference, enterprise_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Organization.objects.visible_to(AnonymousUser()).exists()
    assert not has_perm(AnonymousUser(), "orgs.view_org")


def test_require_checks_code_and_scope(county_a_officer, enterprise_a, enterprise_b):
    require(county_a_officer, "orgs.view_org")
    require(county_a_officer, "orgs.view_org", region_path=enterprise_a.region.path)
    with pytest.raises(PermissionDenied):
        require(county_a_officer, "orgs.view_org", region_path=enterprise_b.region.path)
    with pytest.raises(PermissionDenied):
        require(county_a_officer, "orgs.manage_org")


def test_org_scoped_grant_covers_only_its_org(enterprise_a_user, enterprise_a, enterprise_b):
    require(enterprise_a_user, "orgs.edit_own_org", org_id=enterprise_a.pk)
    with pytest.raises(PermissionDenied):
        require(enterprise_a_user, "orgs.edit_own_org", org_id=enterprise_b.pk)
    # an org-scoped grant does not reach the org's region
    with pytest.raises(PermissionDenied):
        require(enterprise_a_user, "orgs.edit_own_org", region_path=enterprise_a.region.path)


def test_grants_union_over_several_assignments(make_user, enterprise_a, enterprise_b):
    user = make_user("two_hats", "county_officer", "410783")
    assign(user, "enterprise_user", org=enterprise_a)

    seen = set(Organization.objects.visible_to(user).values_list("pk", flat=True))

    assert seen == {enterprise_a.pk, enterprise_b.pk}
    assert user_grants(user).org_ids == {enterprise_a.pk}


def test_unknown_action_is_a_programming_error(county_a_officer):
    with pytest.raises(ValueError, match="no permission for action"):
        Organization.objects.visible_to(county_a_officer, "approve")


def test_scope_kind_global_role_sees_everything(make_user, enterprise_a, enterprise_b):
    auditor = make_user("global_org_viewer")
    assign(auditor, make_role("org_viewer", ["orgs.view_org"], scope_kind=ScopeKind.GLOBAL))
    assert Organization.objects.visible_to(auditor).count() == Organization.objects.count()
