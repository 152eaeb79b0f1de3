"""/api/funds: who may do what, bad input answered in Chinese with nothing written, pinned list queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.funds import services
from smedt.funds.models import BudgetLine, FundSource, LedgerEntry

pytestmark = pytest.mark.django_db


def test_city_sets_a_budget_and_moves_money(api: Any, city_admin: Any, enterprise_a: Any) -> None:
    client = api(city_admin)
    res = client.post(
        "/api/funds/sources",
        {
            "kind": "central",
            "name": "中央中小企业发展专项资金",
            "year": 2026,
            "amount": "3000000.00",
            "region_code": "410700",
        },
    )
    assert res.status_code == 201, res.content
    src = res.json()
    assert src["other_purpose_cap"] == "600000.00" and src["kind_label"].startswith("中央")
    res = client.post("/api/funds/lines", {"source_id": src["id"], "purpose": "transformation", "name": "改造补贴"})
    assert res.status_code == 201, res.content
    line_id = res.json()["id"]
    assert client.post(f"/api/funds/lines/{line_id}/allocate", {"amount": "1000000"}).status_code == 201
    res = client.post(f"/api/funds/lines/{line_id}/commit", {"enterprise_id": enterprise_a.pk, "amount": "200000.5"})
    assert res.status_code == 201, res.content
    commit = res.json()
    assert commit["kind_label"] == "承诺" and commit["enterprise_name"] == enterprise_a.name
    res = client.post(
        f"/api/funds/commitments/{commit['commitment_id']}/disburse", {"amount": "100000", "reference": "拨付凭证"}
    )
    assert res.status_code == 201, res.content
    line = client.get("/api/funds/lines").json()["items"][0]
    assert (line["allocated"], line["committed"], line["disbursed"], line["available"]) == (
        "1000000.00",
        "200000.50",
        "100000.00",
        "799999.50",
    )
    rec = client.get("/api/funds/reconciliation", {"by": "enterprise"}).json()
    assert rec["items"][0]["name"] == enterprise_a.name and rec["items"][0]["undisbursed"] == "100000.50"
    assert rec["sum"]["committed"] == "200000.50"
    by_source = client.get("/api/funds/reconciliation", {"by": "source"}).json()
    assert by_source["items"][0]["allocated"] == "1000000.00"
    res = client.post(f"/api/funds/entries/{commit['id']}/reverse", {"reason": "撤销"})
    assert res.status_code == 409 and "请先冲销相应的拨付" in res.json()["message"]
    ok = client.get("/api/funds/integrity").json()
    assert ok["ok"] and ok["checked"] == 3


@pytest.mark.parametrize(
    ("path", "body", "status", "fragment"),
    [
        ("allocate", {"amount": "-5"}, 422, "数值过小"),
        ("allocate", {"amount": "1.005"}, 422, "小数"),
        ("allocate", {"amount": "5000000.01"}, 409, "尚可下达"),
        ("commit", {"enterprise_id": 0, "amount": "1"}, 422, "企业不存在"),
        ("commit", {"amount": "1000000.01"}, 409, "尚可承诺"),
        ("disburse", {"amount": "100.01"}, 409, "尚可拨付"),
        ("reverse", {"reason": ""}, 422, ""),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    api: Any,
    budget: Any,
    city_admin: Any,
    enterprise_a: Any,
    path: str,
    body: dict[str, Any],
    status: int,
    fragment: str,
) -> None:
    c = services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="100")
    before = (LedgerEntry.objects.count(), list(BudgetLine.objects.values_list("allocated", "committed", "disbursed")))
    if path == "commit":
        body = {"enterprise_id": enterprise_a.pk, **body}
    url = {
        "allocate": f"/api/funds/lines/{budget.transformation.pk}/allocate",
        "commit": f"/api/funds/lines/{budget.transformation.pk}/commit",
        "disburse": f"/api/funds/commitments/{c.commitment_id}/disburse",
        "reverse": f"/api/funds/entries/{c.pk}/reverse",
    }[path]
    res = api(city_admin).post(url, body)
    assert res.status_code == status, res.content
    data = res.json()
    assert set(data) >= {"code", "message", "details"} and fragment in data["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["message"])
    after = (LedgerEntry.objects.count(), list(BudgetLine.objects.values_list("allocated", "committed", "disbursed")))
    assert after == before


def test_county_reads_its_county_only_and_cannot_move_money(
    api: Any,
    budget: Any,
    city_admin: Any,
    county_a_officer: Any,
    county_b_officer: Any,
    enterprise_a: Any,
    enterprise_b: Any,
) -> None:
    services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="10")
    services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_b, amount="20")
    a_rows = api(county_a_officer).get("/api/funds/entries").json()["items"]
    # 红旗区 sees its enterprise's commitment and its own matching funds, nothing of 长垣市 or the city lines
    assert {r["region_name"] for r in a_rows} == {"红旗区"}
    assert {r["enterprise_name"] for r in a_rows if r["kind"] == "commit"} == {enterprise_a.name}
    b_rows = api(county_b_officer).get("/api/funds/entries", {"kind": "commit"}).json()["items"]
    assert [r["enterprise_name"] for r in b_rows] == [enterprise_b.name]
    rec = api(county_b_officer).get("/api/funds/reconciliation", {"by": "enterprise"}).json()
    assert [r["name"] for r in rec["items"]] == [enterprise_b.name]
    # budgets and movements are the city's
    assert api(county_a_officer).get("/api/funds/lines").status_code == 403
    assert api(county_a_officer).get("/api/funds/integrity").status_code == 403
    res = api(county_a_officer).post(
        f"/api/funds/lines/{budget.county_line.pk}/commit", {"enterprise_id": enterprise_a.pk, "amount": "1"}
    )
    assert res.status_code == 404
    a_commit = next(r for r in a_rows if r["kind"] == "commit")
    assert (
        api(county_b_officer).post(f"/api/funds/entries/{a_commit['id']}/reverse", {"reason": "x"}).status_code == 404
    )


def test_enterprise_reads_its_own_entries_only(
    api: Any, budget: Any, city_admin: Any, enterprise_a_user: Any, enterprise_b: Any, provider_user: Any
) -> None:
    from smedt.orgs.models import Organization

    org_a = Organization.objects.get(name="红旗测试企业")
    c = services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=org_a, amount="10")
    services.entry_disburse(actor=city_admin, commitment=c.commitment, amount="5")
    services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_b, amount="20")
    rows = api(enterprise_a_user).get("/api/funds/entries").json()["items"]
    assert [(r["kind"], r["amount"]) for r in rows] == [("disburse", "5.00"), ("commit", "10.00")]
    rec = api(enterprise_a_user).get("/api/funds/reconciliation", {"by": "county"}).json()
    assert rec["sum"]["committed"] == "10.00" and rec["sum"]["allocated"] == "0.00"
    assert api(enterprise_a_user).get("/api/funds/sources").status_code == 403
    res = api(enterprise_a_user).post(f"/api/funds/commitments/{c.commitment_id}/disburse", {"amount": "1"})
    assert res.status_code == 404
    assert api(provider_user).get("/api/funds/entries").status_code == 403
    assert api(None).get("/api/funds/entries").status_code == 401


# signed in: session, user, session guard (3) + session save, grants (2) + permission check, count, page
PINNED = {"/api/funds/entries": 9, "/api/funds/lines": 9, "/api/funds/sources": 9}


@pytest.mark.parametrize("path", sorted(PINNED))
def test_list_query_counts_do_not_grow_with_rows(
    api: Any, budget: Any, city_admin: Any, make_org: Any, path: str
) -> None:
    def fill(n: int) -> None:
        for i in range(n):
            org = make_org("410702")
            src = services.source_create(
                actor=city_admin,
                kind="municipal",
                name=f"市级{i}",
                year=2026,
                amount="100",
                region=budget.central.region,
            )
            line = services.line_create(actor=city_admin, source=src, purpose="transformation", name=f"科目{i}")
            services.entry_allocate(actor=city_admin, line=line, amount="100")
            services.entry_commit(actor=city_admin, line=line, enterprise=org, amount="10")

    def count() -> int:
        client = api(city_admin)
        with CaptureQueriesContext(connection) as ctx:
            res = client.get(path, {"page_size": 100})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries)

    fill(1)
    one = count()
    fill(12)
    assert FundSource.objects.count() == 15
    many = count()
    assert (one, many) == (PINNED[path], PINNED[path])
