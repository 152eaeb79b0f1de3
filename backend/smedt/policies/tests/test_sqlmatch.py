"""The two matching paths give the same rows: SQL over the snapshot table (PostgreSQL) and the pure
Python evaluation (every database), on randomized snapshots at the thresholds, in 元 / 万元 / 亿元,
with missing, empty and malformed values. Both are also checked against `matching.evaluate`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smedt.orgs.models import Organization
from smedt.policies.matching import Condition, evaluate, results_of
from smedt.policies.models import EnterpriseSnapshot, Policy, PolicyMatch
from smedt.policies.services.matching import match_policy
from smedt.regions.models import Region

N_ORGS = 12
ROWS = ("org_id", "region_id", "county_id", "industry_section", "status", "met", "total", "rank_score", "results")

NUMBERS = ["2000", "2000.00", "2000.01", "1999.99", "20000000", "0.2", "2E+3", "2e3", "-5", ".5", "5.", "+7", "0"]
BAD = ["", "abc", " 12", "12 ", "1_000", "NaN", "Infinity", "1e", "--1", "2000\n"]


def _number_entry() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.just(None),  # no entry at all
        st.sampled_from(NUMBERS).map(lambda v: {"value": v, "source": "一企一档"}),
        st.sampled_from(BAD).map(lambda v: {"value": v, "source": "一企一档"}),
        st.sampled_from([None, [], True, False, {}]).map(lambda v: {"value": v, "source": "x"}),
        st.integers(min_value=-3, max_value=30_000).map(lambda v: {"value": v, "source": "x"}),
        st.sampled_from([2000.5, 0.25, 1999.75]).map(lambda v: {"value": v, "source": "x"}),
    )


def _snapshot_values() -> st.SearchStrategy[dict[str, Any]]:
    region = st.one_of(
        st.just(None),
        st.sampled_from(["410702", "410783", "410700"]).map(
            lambda c: {"value": c, "path": ["410000", "410700", c], "label": "区", "source": "x"}
        ),
        st.sampled_from(["410702", "410783"]).map(lambda c: {"value": c, "path": [], "source": "x"}),
        st.sampled_from(["410702", ""]).map(lambda c: {"value": c, "source": "x"}),
    )
    industry = st.one_of(
        st.just(None),
        st.sampled_from(["C3432", "C", "I65", "", "C34"]).map(lambda v: {"value": v, "source": "x"}),
        st.just({"value": 3432, "source": "x"}),
    )
    tier = st.one_of(
        st.just(None),
        st.sampled_from(["none", "innovative", "specialized", "little_giant", "bogus", ""]).map(
            lambda v: {"value": v, "source": "x"}
        ),
    )
    return st.fixed_dictionaries(
        {
            "operating_revenue": _number_entry(),
            "employees": _number_entry(),
            "rd_ratio": _number_entry(),
            "region": region,
            "industry": industry,
            "tier": tier,
        }
    ).map(lambda d: {k: v for k, v in d.items() if v is not None})


def _conditions() -> st.SearchStrategy[list[Condition]]:
    number = st.builds(
        Condition,
        indicator=st.sampled_from(["operating_revenue", "employees", "rd_ratio"]),
        operator=st.sampled_from(["gte", "gt", "lte", "lt", "eq"]),
        threshold=st.sampled_from([Decimal("2000"), Decimal("2000.01"), Decimal("0.2"), Decimal(0), Decimal(7)]),
    )
    money = st.builds(
        Condition,
        indicator=st.just("operating_revenue"),
        operator=st.sampled_from(["gte", "gt", "lte", "lt", "eq"]),
        threshold=st.sampled_from([Decimal("20000000"), Decimal("20000000.01"), Decimal("0.2"), Decimal("2000")]),
        unit=st.sampled_from(["元", "万元", "亿元"]),
    )
    sets = st.one_of(
        st.builds(
            Condition,
            indicator=st.just("region"),
            operator=st.just("in"),
            values=st.lists(st.sampled_from(["410700", "410702", "410783", "410000"]), min_size=1, max_size=2).map(
                tuple
            ),
        ),
        st.builds(
            Condition,
            indicator=st.just("industry"),
            operator=st.just("in"),
            values=st.lists(st.sampled_from(["C", "C34", "C3432", "I", "I65"]), min_size=1, max_size=2).map(tuple),
        ),
        st.builds(
            Condition,
            indicator=st.just("tier"),
            operator=st.sampled_from(["gte", "eq"]),
            values=st.sampled_from(["none", "innovative", "specialized", "little_giant"]).map(lambda v: (v,)),
        ),
    )
    return st.lists(st.one_of(number, money, sets), min_size=0, max_size=5)


@pytest.fixture
def board(make_org: Callable[..., Organization]) -> tuple[Policy, list[EnterpriseSnapshot]]:
    city = Region.objects.get(code="410700")
    policy = Policy.objects.create(
        title="测试政策",
        issuer="新乡市工业和信息化局",
        level="city",
        department="miit",
        region=city,
        support_type="subsidy",
        status="published",
        version=3,
    )
    snaps = []
    for i in range(N_ORGS):
        org = make_org("410702" if i % 2 else "410783")
        snaps.append(
            EnterpriseSnapshot.objects.create(
                org=org, region=org.region, county=org.region, industry_section="C", values={}
            )
        )
    return policy, snaps


def _rows(policy: Policy) -> set[tuple[Any, ...]]:
    return set(PolicyMatch.objects.filter(policy=policy, policy_version=policy.version).values_list(*ROWS))


def _expected(conds: list[Condition], snaps: list[EnterpriseSnapshot]) -> set[tuple[Any, ...]]:
    out = set()
    for s in snaps:
        o = evaluate(conds, s.values)
        out.add(
            (
                s.org_id,
                s.region_id,
                s.county_id,
                s.industry_section,
                o.status,
                o.met,
                o.total,
                o.rank_score,
                results_of(conds, s.values),
            )
        )
    return out


def _check(policy: Policy, snaps: list[EnterpriseSnapshot], conds: list[Condition], values: list[Any]) -> None:
    for s, v in zip(snaps, values, strict=True):
        s.values = v
    EnterpriseSnapshot.objects.bulk_update(snaps, ["values"])
    expected = _expected(conds, snaps)
    n, eligible = match_policy(policy, conds, use_sql=False)
    assert (n, _rows(policy)) == (N_ORGS, expected)
    assert eligible == sum(r[4] == "eligible" for r in expected)
    if connection.vendor == "postgresql":
        n, eligible_sql = match_policy(policy, conds, use_sql=True)
        assert (n, _rows(policy)) == (N_ORGS, expected)
        assert eligible_sql == eligible


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(conds=_conditions(), values=st.lists(_snapshot_values(), min_size=N_ORGS, max_size=N_ORGS))
def test_sql_and_python_paths_give_the_same_rows(
    board: tuple[Policy, list[EnterpriseSnapshot]], conds: list[Condition], values: list[Any]
) -> None:
    _check(*board, conds, values)


def test_thresholds_and_units_exactly(board: tuple[Policy, list[EnterpriseSnapshot]]) -> None:
    """The boundary cases by hand: ≥ includes the number, > does not; 元 and 亿元 convert exactly."""
    policy, snaps = board
    revenue = ["2000", "2000.00", "1999.99", "2000.01", "", "abc", None, 2000, "2E+3", "20000000", "0.2", "-1"]
    values = [{"operating_revenue": {"value": r, "source": "x"}} if r is not None else {} for r in revenue]
    for conds in (
        [Condition("operating_revenue", "gte", Decimal(2000), (), "万元")],
        [Condition("operating_revenue", "gt", Decimal(20_000_000), (), "元")],
        [Condition("operating_revenue", "lte", Decimal("0.2"), (), "亿元")],
        [Condition("operating_revenue", "eq", Decimal("2000.00"), (), "万元")],
    ):
        _check(policy, snaps, conds, values)
    rows = dict(PolicyMatch.objects.filter(policy=policy).values_list("org_id", "results"))
    # eq 2000.00 万元: equal whatever the scale of the stored figure; missing for "", "abc", no value
    assert [rows[s.org_id] for s in snaps] == ["y", "y", "n", "n", "?", "?", "?", "y", "y", "n", "n", "n"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path runs on PostgreSQL")
def test_sql_path_is_one_statement_for_every_enterprise(
    board: tuple[Policy, list[EnterpriseSnapshot]], django_assert_max_num_queries: Any
) -> None:
    policy, snaps = board
    conds = [
        Condition("operating_revenue", "gte", Decimal(2000), (), "万元"),
        Condition("region", "in", None, ("410702",)),
    ]
    with django_assert_max_num_queries(6):  # savepoint, DELETE, INSERT … SELECT, release
        n, _ = match_policy(policy, conds, use_sql=True)
    assert n == len(snaps)
