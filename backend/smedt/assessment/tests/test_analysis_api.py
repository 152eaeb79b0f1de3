"""综合分析 against a small data set computed by hand; county scope; drill-down; Excel export; query counts.

org  county  div  size     results (submitted)                                  current (counts)
A1   410702  34   small    self 二级 50 (2026-01-15)                              self   二级 50  2026-01
A2   410702  34   medium   self 四级 90 (2026-02-10)                              self   四级 90  2026-02
A3   410702  36   unknown  self 一级 30 (2026-02-20), on-site 三级 70 (2026-03-05) onsite 三级 70  2026-03
B1   410783  34   small    self 未达一级 10 (2026-01-20)                          self   未达 10  2026-01
B2   410783  36   small    self 四级 90 (2026-01-05), self 二级 50 (2026-03-10)    self   二级 50  2026-03
B3   410783  34   small    draft only                                          —
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from smedt.assessment.models import Assessment, AssessmentStatus
from smedt.assessment.tests.factories import level_document, make_submitted
from smedt.core.tests.helpers import assert_error
from smedt.dicts.services import dicts_load
from smedt.exports.testing import export_start, export_xlsx

pytestmark = pytest.mark.django_db

BASE = "/api/assessment/analysis"
TZ = ZoneInfo("Asia/Shanghai")
# session + user, grants (assignments + role permissions), indicator sets, count, page (org, region, set joined)
DRILL_DOWN_QUERIES = 7


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 10, 0, tzinfo=TZ)


@pytest.fixture
def dataset(make_org, make_user, indicator_set, totals):
    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))  # the reference dictionaries carry the division names
    filler = make_user("filler")
    orgs = {}
    for key, county, industry in (
        ("A1", "410702", "C3432"),
        ("A2", "410702", "C3411"),
        ("A3", "410702", "C3670"),
        ("B1", "410783", "C3432"),
        ("B2", "410783", "C3660"),
        ("B3", "410783", "C3432"),
    ):
        org = make_org(county, name=f"企业{key}")
        org.industry_code = industry
        org.save()
        orgs[key] = org

    def sub(key, level, when, size, onsite=False):
        doc = level_document(indicator_set, totals, level)
        return make_submitted(
            org=orgs[key], indicator_set=indicator_set, doc=doc, user=filler, when=when, size_band=size, onsite=onsite
        )

    rows = {
        "A1": sub("A1", 2, at(1, 15), "small"),
        "A2": sub("A2", 4, at(2, 10), "medium"),
        "A3": sub("A3", 1, at(2, 20), None),
    }
    rows["A3"] = sub("A3", 3, at(3, 5), None, onsite=True)
    rows["B1"] = sub("B1", 0, at(1, 20), "small")
    sub("B2", 4, at(1, 5), "small")
    rows["B2"] = sub("B2", 2, at(3, 10), "small")
    Assessment.objects.create(
        org=orgs["B3"],
        indicator_set=indicator_set,
        region=orgs["B3"].region,
        created_by=filler,
        status=AssessmentStatus.DRAFT,
    )
    return {"orgs": orgs, "rows": rows}


def levels(body):
    return {b["level"]: b["count"] for b in body["levels"]}


def bucket(items, key):
    return next(b for b in items if b["key"] == key)


def test_city_admin_sees_the_hand_computed_numbers(api, city_admin, dataset):
    res = api(city_admin).get(BASE)
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["total"] == 5 and body["onsite"] == 1
    assert levels(body) == {0: 1, 1: 0, 2: 2, 3: 1, 4: 1}
    assert [b["name"] for b in body["levels"]] == ["未达一级", "一级", "二级", "三级", "四级"]
    assert (body["at_or_above_name"], body["at_or_above_count"]) == ("二级", 4)
    assert Decimal(body["at_or_above_share"]) == Decimal("80.0")
    assert Decimal(body["average_total"]) == Decimal("54.00")  # (50 + 90 + 70 + 10 + 50) / 5

    a, b = bucket(body["by_county"], "410702"), bucket(body["by_county"], "410783")
    assert (a["name"], a["total"], a["at_or_above"], Decimal(a["at_or_above_share"])) == ("红旗区", 3, 3, Decimal(100))
    assert {x["level"]: x["count"] for x in a["levels"]} == {0: 0, 1: 0, 2: 1, 3: 1, 4: 1}
    assert (b["total"], b["at_or_above"], Decimal(b["at_or_above_share"])) == (2, 1, Decimal(50))

    d34, d36 = bucket(body["by_division"], "34"), bucket(body["by_division"], "36")
    assert (d34["name"], d34["total"], d34["at_or_above"]) == ("通用设备制造业", 3, 2)
    assert (d36["total"], d36["at_or_above"]) == (2, 2)

    sizes = {s["key"]: (s["name"], s["total"]) for s in body["by_size"]}
    assert sizes == {"medium": ("中型", 1), "small": ("小型", 3), "unknown": ("未知", 1)}

    trend = {t["month"]: t for t in body["trend"]}
    assert list(trend) == ["2026-01", "2026-02", "2026-03"]
    assert (
        trend["2026-01"]["count"],
        Decimal(trend["2026-01"]["average_total"]),
        trend["2026-01"]["at_or_above_count"],
    ) == (
        2,
        Decimal(30),
        1,
    )
    assert (trend["2026-02"]["count"], Decimal(trend["2026-02"]["average_total"])) == (1, Decimal(90))
    assert (
        trend["2026-03"]["count"],
        Decimal(trend["2026-03"]["average_total"]),
        trend["2026-03"]["at_or_above_count"],
    ) == (
        2,
        Decimal(60),
        2,
    )

    current = [dataset["rows"][k].result for k in ("A1", "A2", "A3", "B1", "B2")]
    dims = {d["id"]: d for d in body["dimensions"]}
    assert [d["name"] for d in body["dimensions"]] == ["数字化基础", "数字化管理", "数字化成效"]
    for i, dim_id in enumerate(("foundation", "management", "results")):
        expected = sum(Decimal(r["dimensions"][i]["score"]) for r in current) / 5
        assert Decimal(dims[dim_id]["average"]) == expected.quantize(Decimal("0.01")), dim_id


def test_county_a_sees_its_own_enterprises_only(api, county_a_officer, county_b_officer, dataset):
    body = api(county_a_officer).get(BASE).json()
    assert body["total"] == 3
    assert levels(body) == {0: 0, 1: 0, 2: 1, 3: 1, 4: 1}
    assert [c["key"] for c in body["by_county"]] == ["410702"]
    body_b = api(county_b_officer).get(BASE).json()
    assert body_b["total"] == 2 and [c["key"] for c in body_b["by_county"]] == ["410783"]
    # asking for the other county gives nothing, not its numbers
    assert api(county_b_officer).get(BASE, {"region_code": "410702"}).json()["total"] == 0
    names = {e["org"]["name"] for e in api(county_b_officer).get(f"{BASE}/entries", {"page_size": 200}).json()["items"]}
    assert names == {"企业B1", "企业B2"}


def test_filters(api, city_admin, dataset):
    client = api(city_admin)
    assert client.get(BASE, {"division": "34"}).json()["total"] == 3
    assert client.get(BASE, {"size_band": "small"}).json()["total"] == 3
    assert client.get(BASE, {"source": "onsite"}).json()["total"] == 1
    assert client.get(BASE, {"region_code": "410783"}).json()["total"] == 2
    feb = client.get(BASE, {"date_from": "2026-02-01", "date_to": "2026-02-28"}).json()
    assert feb["total"] == 1 and levels(feb)[4] == 1
    body = client.get(BASE, {"at_or_above": 3}).json()
    assert (body["at_or_above_name"], body["at_or_above_count"]) == ("三级", 2)
    assert client.get(BASE, {"indicator_set_id": dataset["rows"]["A1"].indicator_set_id}).json()["total"] == 5


def test_bad_filters_are_chinese_422(api, city_admin, dataset):
    client = api(city_admin)
    assert_error(client.get(BASE, {"division": "C34"}), 422, "assessment.invalid_filter")
    assert_error(client.get(BASE, {"size_band": "huge"}), 422, "assessment.invalid_filter")
    assert_error(client.get(BASE, {"at_or_above": 7}), 422, "assessment.invalid_filter")
    assert_error(client.get(f"{BASE}/entries", {"month": "2026-13"}), 422, "assessment.invalid_filter")
    assert_error(client.get(BASE, {"indicator_set_code": "nope"}), 404, "assessment.indicator_set_not_found")


def test_drill_down_lists_the_rows_behind_a_bucket(api, city_admin, county_a_officer, dataset):
    rows = dataset["rows"]
    client = api(city_admin)
    items = client.get(f"{BASE}/entries", {"level": 2}).json()["items"]
    assert {i["org"]["name"] for i in items} == {"企业A1", "企业B2"}
    b2 = next(i for i in items if i["org"]["name"] == "企业B2")
    assert (b2["assessment_id"], b2["source"], b2["level_name"]) == (rows["B2"].pk, "self", "二级")
    march = client.get(f"{BASE}/entries", {"month": "2026-03"}).json()["items"]
    assert {(i["org"]["name"], i["source"]) for i in march} == {("企业A3", "onsite"), ("企业B2", "self")}
    assert {i["org"]["name"] for i in client.get(f"{BASE}/entries", {"min_level": 3}).json()["items"]} == {
        "企业A2",
        "企业A3",
    }
    scoped = api(county_a_officer).get(f"{BASE}/entries", {"level": 2}).json()["items"]
    assert [i["org"]["name"] for i in scoped] == ["企业A1"]


def test_export_needs_its_permission_and_holds_every_matching_row(api, city_admin, enterprise_a_user, dataset):
    from smedt.core.tests.helpers import assign, make_role

    rows = export_xlsx(api(city_admin), "assessment_analysis", {"division": "34"})
    assert rows[0][:4] == ("企业名称", "所在地区", "行业大类", "企业规模")
    assert {r[0] for r in rows[1:]} == {"企业A1", "企业A2", "企业B1"}
    assert {r[7] for r in rows[1:]} == {"二级", "四级", "未达一级"}

    viewer = enterprise_a_user
    assign(viewer, make_role("analysis_viewer", ["assessment.view_analysis"]), region="410700")
    assert api(viewer).get(BASE).json()["total"] == 5
    assert_error(export_start(api(viewer), "assessment_analysis"), 403, "permission_denied")


def test_enterprises_and_experts_have_no_analysis(api, enterprise_a_user, expert, dataset):
    for user in (enterprise_a_user, expert):
        assert_error(api(user).get(BASE), 403, "permission_denied")
        assert_error(api(user).get(f"{BASE}/entries"), 403, "permission_denied")


@pytest.mark.parametrize("rows", [1, 30])
def test_drill_down_query_count_does_not_grow_with_rows(
    api, city_admin, make_org, make_user, indicator_set, totals, rows, django_assert_num_queries
):
    filler = make_user("filler")
    doc = level_document(indicator_set, totals, 2)
    for i in range(rows):
        make_submitted(org=make_org("410702" if i % 2 else "410783"), indicator_set=indicator_set, doc=doc, user=filler)
    client = api(city_admin)
    client.get(f"{BASE}/entries")
    with django_assert_num_queries(DRILL_DOWN_QUERIES):
        res = client.get(f"{BASE}/entries", {"page_size": 50, "level": 2})
    assert res.json()["total"] == rows == len(res.json()["items"])


@pytest.mark.parametrize("rows", [1, 30])
def test_summary_query_count_is_bounded(
    api, city_admin, make_org, make_user, indicator_set, totals, rows, django_assert_num_queries
):
    filler = make_user("filler")
    for i in range(rows):
        doc = level_document(indicator_set, totals, i % 5)
        make_submitted(org=make_org("410702" if i % 2 else "410783"), indicator_set=indicator_set, doc=doc, user=filler)
    client = api(city_admin)
    client.get(BASE)
    # session + user, grants (2), indicator sets, the freshness of the background summary (none here),
    # overall aggregate, 3 GROUP BYs (county, division, size), division names, trend
    with django_assert_num_queries(12):
        res = client.get(BASE)
    assert res.json()["total"] == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_summary_from_the_background_cells_has_a_fixed_query_count(
    api, city_admin, make_org, make_user, indicator_set, totals, rows, django_assert_num_queries
):
    from smedt.insights import summary

    filler = make_user("filler")
    for i in range(rows):
        doc = level_document(indicator_set, totals, i % 5)
        make_submitted(org=make_org("410702" if i % 2 else "410783"), indicator_set=indicator_set, doc=doc, user=filler)
    summary.refresh(("analysis",))
    client = api(city_admin)
    client.get(BASE)
    # session + user, grants (2), indicator sets, summary run, cells, their regions, division names
    with django_assert_num_queries(9):
        res = client.get(BASE)
    assert res.json()["total"] == rows


VARIANTS = [
    ("city_admin", {}),
    ("city_admin", {"region_code": "410702"}),
    ("city_admin", {"at_or_above": 3}),
    ("city_admin", {"indicator_set_code": "2024-manufacturing"}),
    ("county_a_officer", {}),
    ("county_b_officer", {"at_or_above": 1}),
]


def test_the_background_cells_give_the_same_summary_as_the_live_aggregates(request, api, dataset):
    from smedt.insights import summary

    clients = {who: api(request.getfixturevalue(who)) for who, _ in VARIANTS}
    live = [clients[who].get(BASE, params).json() for who, params in VARIANTS]
    assert live[0]["total"] == 5
    summary.refresh(("analysis",))
    assert [clients[who].get(BASE, params).json() for who, params in VARIANTS] == live


def test_the_cells_are_read_while_fresh_and_filters_they_do_not_keep_go_live(
    api, city_admin, dataset, indicator_set, totals, make_user
):
    from django.utils import timezone

    from smedt.insights import summary
    from smedt.insights.models import SummaryRun

    client = api(city_admin)
    summary.refresh(("analysis",))
    doc = level_document(indicator_set, totals, 4)
    make_submitted(org=dataset["orgs"]["B3"], indicator_set=indicator_set, doc=doc, user=make_user("late"))
    # the new result is not in the cells yet: the summary lags by at most the refresh interval
    assert client.get(BASE).json()["total"] == 5
    # a filter the cells do not keep is computed live
    assert client.get(BASE, {"source": "self"}).json()["total"] == 5  # 4 + the new one (A3's is on-site)
    assert client.get(BASE, {"division": "34"}).json()["total"] == 4  # A1, A2, B1 + the new one
    # stale cells are ignored
    SummaryRun.objects.filter(widget="analysis").update(computed_at=timezone.now() - dt.timedelta(hours=1))
    assert client.get(BASE).json()["total"] == 6
    summary.refresh(("analysis",))
    assert client.get(BASE).json()["total"] == 6
