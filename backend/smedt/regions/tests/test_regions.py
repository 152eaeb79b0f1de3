"""The division tree: loading from data, its public shape, and who may maintain it."""

from __future__ import annotations

import pytest

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, field_message
from smedt.regions.models import Region
from smedt.regions.services import DATA_DIR, regions_load

pytestmark = pytest.mark.django_db

DIVISIONS = DATA_DIR / "xinxiang-divisions.yaml"
NON_MAINTAINERS = [
    "city_admin",
    "county_a_officer",
    "county_b_officer",
    "enterprise_a_user",
    "provider_user",
    "outsider",
]


def _snapshot():
    return sorted(
        Region.objects.values_list("pk", "code", "name", "level", "path", "depth", "is_active", "replaced_by__code")
    )


# --- loading ----------------------------------------------------------------------------------------


def test_regions_load_is_idempotent(reference):
    before = _snapshot()

    assert regions_load(path=DIVISIONS) == 2 + 15 + 1
    assert regions_load(path=DIVISIONS) == 18

    assert _snapshot() == before
    assert Region.objects.count() == 18


def test_regions_load_builds_paths_and_the_historical_code(reference):
    city = Region.objects.get(code="410700")
    assert (city.path, city.depth, city.level, city.parent.code) == ("410000/410700/", 1, "city", "410000")
    changyuan = Region.objects.get(code="410783")
    assert (changyuan.path, changyuan.depth, changyuan.is_active) == ("410000/410700/410783/", 2, True)
    old = Region.objects.get(code="410728")
    assert (old.name, old.is_active, old.replaced_by) == ("长垣县", False, changyuan)
    zone = Region.objects.get(code="410773")
    assert (zone.short_name, zone.display_name, zone.kind, zone.is_reviewer) == (
        "平原示范区",
        "平原示范区",
        "功能区",
        True,
    )


def test_regions_load_repairs_a_drifted_node(reference):
    Region.objects.filter(code="410702").update(name="改错的名字", depth=7)
    regions_load(path=DIVISIONS)
    node = Region.objects.get(code="410702")
    assert (node.name, node.depth) == ("红旗区", 2)


# --- tree ---------------------------------------------------------------------------------------------


def test_region_tree_shape(api, reference):
    res = api().get("/api/regions/tree")  # public: the registration form needs it

    assert res.status_code == 200
    [province] = res.json()
    assert (province["code"], province["name"], province["level"]) == ("410000", "河南省", "province")
    [city] = province["children"]
    assert (city["code"], city["name"], city["level"], city["is_reviewer"]) == ("410700", "新乡市", "city", True)
    children = city["children"]
    active = [c for c in children if c["is_active"]]
    assert len(active) == 15
    assert active[0]["name"] == "红旗区"  # in the data file's order
    assert {"长垣市", "红旗区", "新乡高新技术产业开发区"} <= {c["name"] for c in active}
    assert all(c["level"] == "county" and c["children"] == [] for c in children)
    # the pickers list current divisions only: 长垣市, never also the former 长垣县 (issue 11)
    assert children == active and "长垣县" not in {c["name"] for c in children}


def test_region_tree_with_former_divisions_for_the_administration_page(api, reference):
    [province] = api().get("/api/regions/tree", {"include_inactive": "true"}).json()
    children = province["children"][0]["children"]
    [historical] = [c for c in children if not c["is_active"]]
    assert (historical["code"], historical["name"]) == ("410728", "长垣县")
    assert children[-1] == historical  # sorted last
    # the old code still resolves for records that carry it
    assert Region.objects.get(code="410728").replaced_by.code == "410783"


def test_region_tree_is_one_query(api, reference, django_assert_num_queries):
    with django_assert_num_queries(1):
        api().get("/api/regions/tree")


# --- maintenance ---------------------------------------------------------------------------------------


def test_sys_admin_creates_and_updates_a_region(api, sys_admin):
    client = api(sys_admin)

    res = client.post("/api/regions", {"code": "410799", "name": "新乡新区", "parent_code": "410700", "kind": "功能区"})
    assert res.status_code == 201, res.content
    assert res.json()["level"] == "county"
    node = Region.objects.get(code="410799")
    assert (node.path, node.depth, node.parent.code) == ("410000/410700/410799/", 2, "410700")

    res = client.patch("/api/regions/410799", {"short_name": "新区", "is_active": False})
    assert res.status_code == 200
    assert (res.json()["short_name"], res.json()["is_active"]) == ("新区", False)
    assert list(AuditRecord.objects.order_by("id").values_list("action", "region_name")) == [
        ("regions.region_create", "新乡新区"),
        ("regions.region_update", "新乡新区"),
    ]


@pytest.mark.parametrize("persona", NON_MAINTAINERS)
def test_only_region_maintainers_write(api, request, persona):
    client = api(request.getfixturevalue(persona))

    assert_error(
        client.post("/api/regions", {"code": "410799", "name": "新区", "parent_code": "410700"}),
        403,
        "permission_denied",
    )
    assert_error(client.patch("/api/regions/410702", {"name": "改名"}), 403, "permission_denied")

    assert not Region.objects.filter(code="410799").exists()
    assert Region.objects.get(code="410702").name == "红旗区"


@pytest.mark.parametrize(
    ("payload", "status", "code", "field"),
    [
        ({"code": "4107A9", "name": "新区", "parent_code": "410700"}, 422, "regions.invalid_code", "code"),
        ({"code": "41079", "name": "新区", "parent_code": "410700"}, 422, "validation_error", "code"),
        ({"code": "410702", "name": "重复", "parent_code": "410700"}, 409, "regions.exists", "code"),
        ({"code": "410799", "name": "", "parent_code": "410700"}, 422, "validation_error", "name"),
    ],
)
def test_region_create_validation(api, sys_admin, payload, status, code, field):
    res = api(sys_admin).post("/api/regions", payload)
    assert_error(res, status, code)
    field_message(res, field)


def test_region_create_refuses_a_fourth_level_and_an_unknown_parent(api, sys_admin):
    client = api(sys_admin)
    assert_error(
        client.post("/api/regions", {"code": "410799", "name": "镇", "parent_code": "410702"}), 422, "regions.too_deep"
    )
    assert_error(
        client.post("/api/regions", {"code": "410799", "name": "镇", "parent_code": "999999"}), 404, "regions.not_found"
    )
    assert_error(client.patch("/api/regions/999999", {"name": "无"}), 404, "regions.not_found")
    assert not Region.objects.filter(code="410799").exists()
