"""House rule 9 for the list endpoints of orgs and reviews: scope by persona and a pinned query count.

(The kernel apps' own lists — users, login logs, audit records, messages, roles — are pinned in their apps.)
"""

from __future__ import annotations

import pytest

from smedt.core.tests.helpers import assert_error
from smedt.orgs.models import OrgStatus
from smedt.orgs.services import ORG_VERIFICATION
from smedt.reviews.services.requests import review_submit

pytestmark = pytest.mark.django_db

# session + user, grants (assignments + role permissions), count, page (region joined)
ORGS_LIST_QUERIES = 6
# session + user, grants (assignments + role permissions), count, page (region, org, submitter joined)
REVIEWS_TODO_QUERIES = 6


@pytest.fixture
def make_pending_review(make_org, make_user):
    """An organization waiting for its county's verification, as after self-registration."""

    def make(region_code, name=None):
        org = make_org(region_code, name=name, status=OrgStatus.PENDING)
        submitter = make_user(None, "enterprise_user", org=org)
        return review_submit(
            process_key=ORG_VERIFICATION,
            target=org,
            title=f"企业注册认证：{org.name}",
            region=org.region,
            org=org,
            submitted_by=submitter,
        )

    return make


# --- /api/orgs ---------------------------------------------------------------------------------------------


def _org_names(api, user, **params):
    res = api(user).get("/api/orgs", {"page_size": 200, **params})
    assert res.status_code == 200, res.content
    return {o["name"] for o in res.json()["items"]}


def test_orgs_county_b_sees_none_of_county_a(api, county_b_officer, enterprise_a, enterprise_b, provider_org, make_org):
    make_org("410702", name="红旗另一企业")
    assert _org_names(api, county_b_officer) == {"长垣测试企业"}
    assert _org_names(api, county_b_officer, region_code="410702") == set()
    assert_error(api(county_b_officer).get(f"/api/orgs/{enterprise_a.pk}"), 404, "not_found")


def test_orgs_enterprise_b_sees_only_its_own(api, enterprise_b_user, enterprise_a, enterprise_b, provider_org):
    assert _org_names(api, enterprise_b_user) == {"长垣测试企业"}
    assert api(enterprise_b_user).get(f"/api/orgs/{enterprise_b.pk}").status_code == 200
    assert_error(api(enterprise_b_user).get(f"/api/orgs/{enterprise_a.pk}"), 404, "not_found")
    assert_error(api(enterprise_b_user).get(f"/api/orgs/{provider_org.pk}"), 404, "not_found")


def test_orgs_city_admin_sees_the_whole_city(api, city_admin, enterprise_a, enterprise_b, provider_org, make_org):
    make_org("410000", name="省属单位")
    assert _org_names(api, city_admin) == {"红旗测试企业", "长垣测试企业", "测试服务商"}


def test_orgs_outsider_sees_nothing(api, outsider, enterprise_a):
    assert _org_names(api, outsider) == set()
    assert_error(api(outsider).get(f"/api/orgs/{enterprise_a.pk}"), 404, "not_found")


def test_orgs_out_of_scope_write_is_404(api, county_b_officer, enterprise_b_user, enterprise_a):
    for actor in (county_b_officer, enterprise_b_user):
        assert_error(api(actor).patch(f"/api/orgs/{enterprise_a.pk}", {"address": "改"}), 404, "not_found")
    enterprise_a.refresh_from_db()
    assert enterprise_a.address == ""


@pytest.mark.parametrize("rows", [1, 30])
def test_org_list_query_count_does_not_grow_with_rows(api, city_admin, make_org, rows, django_assert_num_queries):
    for i in range(rows):
        make_org("410702" if i % 2 else "410783", name=f"计数企业{i:02d}")
    client = api(city_admin)
    client.get("/api/orgs")

    with django_assert_num_queries(ORGS_LIST_QUERIES):
        res = client.get("/api/orgs", {"q": "计数企业", "page_size": 50})

    body = res.json()
    assert body["total"] == rows == len(body["items"])
    assert all(o["contact_phone_masked"] == "138****0000" for o in body["items"])


# --- /api/reviews/todo ----------------------------------------------------------------------------------------


def _todo(api, user):
    res = api(user).get("/api/reviews/todo", {"page_size": 200})
    assert res.status_code == 200, res.content
    return {r["id"] for r in res.json()["items"]}


def test_review_todo_is_scoped_to_the_county(api, county_a_officer, county_b_officer, city_admin, make_pending_review):
    in_a = make_pending_review("410702")
    in_b = make_pending_review("410783")

    assert _todo(api, county_a_officer) == {in_a.pk}
    assert _todo(api, county_b_officer) == {in_b.pk}
    # the registration process has a county step only: nothing waits for the city
    assert _todo(api, city_admin) == set()


def test_review_detail_out_of_scope_is_404(api, county_b_officer, make_pending_review):
    in_a = make_pending_review("410702")
    in_b = make_pending_review("410783")

    assert api(county_b_officer).get(f"/api/reviews/{in_b.pk}").status_code == 200
    assert_error(api(county_b_officer).get(f"/api/reviews/{in_a.pk}"), 404, "not_found")
    assert_error(api(county_b_officer).post(f"/api/reviews/{in_a.pk}/approve", {}), 404, "not_found")
    in_a.refresh_from_db()
    assert in_a.status == "pending"


def test_review_enterprise_b_sees_only_its_own_org(api, make_user, make_pending_review):
    in_a = make_pending_review("410702")
    in_b = make_pending_review("410783")
    colleague_b = make_user("colleague_b", "enterprise_user", org=in_b.org)

    assert _todo(api, colleague_b) == set()  # enterprises review nothing
    mine = {r["id"] for r in api(colleague_b).get("/api/reviews/mine").json()["items"]}
    assert mine == {in_b.pk}
    assert api(colleague_b).get(f"/api/reviews/{in_b.pk}").status_code == 200
    assert_error(api(colleague_b).get(f"/api/reviews/{in_a.pk}"), 404, "not_found")


@pytest.mark.parametrize("rows", [1, 30])
def test_review_todo_query_count_does_not_grow_with_rows(
    api, county_a_officer, make_pending_review, rows, django_assert_num_queries
):
    for _ in range(rows):
        make_pending_review("410702")
    make_pending_review("410783")  # not county A's: never listed
    client = api(county_a_officer)
    client.get("/api/reviews/todo")

    with django_assert_num_queries(REVIEWS_TODO_QUERIES):
        res = client.get("/api/reviews/todo", {"page_size": 50})

    body = res.json()
    assert body["total"] == rows == len(body["items"])
    assert {r["region"]["code"] for r in body["items"]} == {"410702"}
