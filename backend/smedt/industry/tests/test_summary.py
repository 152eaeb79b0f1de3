"""成效展示 and 线上监测 from the background summary cells (``industry.summary`` on ``insights.summary``):
on random data the cells give exactly the live answer for every scope, chain, indicator, period and
grouping; a confirmed report or a member change refreshes the affected cells (a task queued in the same
transaction); a county never sees another county's cells; stale cells or another threshold go live."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.core.testing import run_queued_tasks
from smedt.industry import config, selectors, services, summary
from smedt.industry.models import Chain, ChainMember, MemberRole, OperatingReport, ReportStatus, ReportValue
from smedt.industry.services import ValueIn
from smedt.insights import summary as insights_summary
from smedt.insights.models import SummaryCell, SummaryRun

COUNTIES = ("410702", "410783", "410711")
INDICATORS = ("revenue", "profit", "employees")


@pytest.fixture(autouse=True)
def _monthly(settings: Any) -> None:
    settings.SMEDT_INDUSTRY_FREQUENCY = "month"
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 180


def _periods() -> list[config.Period]:
    return config.periods_back(config.period_current_due(timezone.localdate()), 6)


@pytest.fixture
def random_data(chains: list[Chain], make_org: Any, enterprise_a: Any, enterprise_b: Any) -> dict[str, Any]:
    """30 enterprises in three counties on two chains (some on both), random roles, links and transformation
    dates; random reports over six months (every status, late and on time, flagged, big drops)."""
    rng = random.Random(1913)  # noqa: S311 — reproducible test data
    used = chains[:2]
    orgs = [enterprise_a, enterprise_b] + [make_org(rng.choice(COUNTIES)) for _ in range(28)]
    periods = _periods()
    for i, org in enumerate(orgs):
        for chain in used if i % 4 == 0 else [used[i % 2]]:
            role = rng.choice([MemberRole.MODEL, MemberRole.FOLLOWER, MemberRole.MEMBER])
            ChainMember.objects.create(
                chain=chain,
                link=rng.choice(list(chain.links.all())),
                org=org,
                role=role,
                transformed_on=rng.choice([None, periods[2].start, periods[3].start + dt.timedelta(days=9)]),
            )
    statuses = list(ReportStatus.values)
    for org in orgs:
        for p in periods:
            if rng.random() < 0.2:
                continue
            status = rng.choice(statuses)
            due_end = summary.due_end(p)
            submitted = None if status == ReportStatus.DRAFT else due_end + dt.timedelta(hours=rng.choice([-30, 5]))
            report = OperatingReport.objects.create(
                org=org,
                region=org.region,
                period=p.code,
                period_start=p.start,
                due_on=p.due_on,
                status=status,
                flagged=rng.choice([0, 0, 1, 2]),
                submitted_at=submitted,
            )
            changes = []
            for code in INDICATORS:
                if rng.random() < 0.85:
                    change = rng.choice([None, Decimal(rng.randint(-9000, 9000)) / 100])
                    ReportValue.objects.create(
                        report=report,
                        indicator=code,
                        value=Decimal(rng.randint(-5000, 900000)) / 100,
                        change_pct=change,
                    )
                    changes += [change] if change is not None else []
            # as services.report_save keeps it (the live answer reads the figures themselves)
            report.min_change_pct = min(changes, default=None)
            report.save(update_fields=["min_change_pct"])
    return {"chains": used, "periods": periods}


def _fresh() -> None:
    insights_summary.refresh((summary.WIDGET,))


def _assert_results_equal(user: Any, chain: Chain, indicator: str) -> dict[str, Any]:
    from_cells = selectors.results(user=user, chain=chain, indicator=indicator)
    assert from_cells.pop("updated_at") is not None  # answered from the cells
    live = selectors.results_live(user=user, chain=chain, indicator=indicator)
    assert from_cells == live
    return from_cells


def _assert_monitoring_equal(user: Any, period: config.Period, by: str, chain_id: int | None) -> list[Any]:
    drop = config.drop_pct()
    rows, updated_at = selectors.monitoring_summary(user=user, period=period, by=by, drop_pct=drop, chain_id=chain_id)
    assert updated_at is not None
    live = selectors.monitoring(user=user, period=period, by=by, drop_pct=drop, chain_id=chain_id)
    assert rows == live
    return rows


@pytest.mark.django_db
def test_cells_equal_the_live_answers_on_random_data(
    random_data: dict[str, Any], city_admin: Any, county_a_officer: Any, county_b_officer: Any
) -> None:
    _fresh()
    assert SummaryCell.objects.filter(widget=summary.WIDGET).exists()
    for user in (city_admin, county_a_officer, county_b_officer):
        for chain in random_data["chains"]:
            for indicator in INDICATORS:
                body = _assert_results_equal(user, chain, indicator)
            assert body["counts"]["total"] > 0
        for period in random_data["periods"]:
            for by in ("chain", "county"):
                for chain_id in (None, *(c.pk for c in random_data["chains"])):
                    _assert_monitoring_equal(user, period, by, chain_id)
    city = selectors.results(user=city_admin, chain=random_data["chains"][0], indicator="revenue")
    assert city["phases"] and any(t["total"] for t in city["totals"])
    rows = _assert_monitoring_equal(city_admin, random_data["periods"][-1], "county", None)
    assert sum(r["late"] for r in rows) and sum(r["dropped"] for r in rows) and sum(r["missing_twice"] for r in rows)


@pytest.mark.django_db
def test_a_county_sees_only_its_own_cells(
    random_data: dict[str, Any], city_admin: Any, county_a_officer: Any, county_b_officer: Any
) -> None:
    _fresh()
    chain = random_data["chains"][0]
    period = random_data["periods"][-1]
    a = selectors.results(user=county_a_officer, chain=chain, indicator="revenue")
    b = selectors.results(user=county_b_officer, chain=chain, indicator="revenue")
    city = selectors.results(user=city_admin, chain=chain, indicator="revenue")
    in_a = ChainMember.objects.filter(chain=chain, org__region__code=COUNTIES[0]).count()
    assert a["counts"]["total"] == in_a and b["counts"]["total"] < city["counts"]["total"]
    rows_a, _ = selectors.monitoring_summary(
        user=county_a_officer, period=period, by="county", drop_pct=config.drop_pct(), chain_id=None
    )
    assert [r["key"] for r in rows_a] == [COUNTIES[0]]
    rows_city, _ = selectors.monitoring_summary(
        user=city_admin, period=period, by="county", drop_pct=config.drop_pct(), chain_id=None
    )
    assert {r["key"] for r in rows_city} == set(COUNTIES)


@pytest.mark.django_db
def test_a_confirmed_report_refreshes_its_cells(
    api: Any,
    members: Any,
    lifting: Chain,
    enterprise_a_user: Any,
    county_a_officer: Any,
    city_admin: Any,
) -> None:
    before, period = _periods()[-2:]
    earlier = services.report_save(
        actor=enterprise_a_user, org_id=None, period=before.code, values=[ValueIn("revenue", "1600", "")]
    )
    services.report_submit(actor=enterprise_a_user, report=earlier)
    _fresh()
    SummaryCell.objects.all().delete()  # nothing else refreshes the cells: the queued parts must rebuild them
    report = services.report_save(
        actor=enterprise_a_user,
        org_id=None,
        period=period.code,
        values=[ValueIn("revenue", "1234.56", ""), ValueIn("profit", "90", "")],
    )
    assert report.min_change_pct == Decimal("-22.84")  # the revenue fell by 22.84 % (beyond the 20 % threshold)
    services.report_submit(actor=enterprise_a_user, report=report)
    run_queued_tasks()
    rows, _ = selectors.monitoring_summary(
        user=city_admin, period=period, by="chain", drop_pct=config.drop_pct(), chain_id=lifting.pk
    )
    # rebuilt for the lifting chain and period
    assert (rows[0]["unconfirmed"], rows[0]["expected"], rows[0]["dropped"]) == (1, 2, 1)
    services.report_confirm(actor=county_a_officer, report=OperatingReport.objects.get(pk=report.pk))
    run_queued_tasks()
    body = _assert_results_equal(city_admin, lifting, "revenue")
    assert body["latest_period"] == period.code
    assert next(t for t in body["totals"] if t["indicator"] == "revenue")["total"] == "1234.56"
    assert _assert_monitoring_equal(city_admin, period, "chain", lifting.pk)[0]["confirmed"] == 1
    assert _assert_monitoring_equal(city_admin, period, "county", None)
    # the endpoint says when the cells were computed
    got = api(city_admin).get(f"/api/industry/chains/{lifting.pk}/results").json()
    assert got["updated_at"] and got["counts"]["total"] == 2


@pytest.mark.django_db
def test_a_member_change_refreshes_the_chain(
    random_data: dict[str, Any], city_admin: Any, county_b_officer: Any
) -> None:
    _fresh()
    chain = random_data["chains"][0]
    member = ChainMember.objects.filter(chain=chain, org__region__code="410783").first()
    assert member is not None
    services.member_update(
        actor=city_admin, member=member, link_id=member.link_id, role=MemberRole.MODEL, transformed_on=None
    )
    member = ChainMember.objects.get(pk=member.pk)
    services.member_remove(actor=city_admin, member=member)
    run_queued_tasks()
    for user in (city_admin, county_b_officer):
        _assert_results_equal(user, chain, "revenue")
        _assert_monitoring_equal(user, random_data["periods"][-1], "chain", None)
        _assert_monitoring_equal(user, random_data["periods"][-1], "county", None)


@pytest.mark.django_db
def test_stale_cells_another_threshold_or_an_old_period_go_live(
    random_data: dict[str, Any], city_admin: Any, settings: Any
) -> None:
    _fresh()
    chain = random_data["chains"][0]
    period = random_data["periods"][-1]
    rows, updated = selectors.monitoring_summary(
        user=city_admin, period=period, by="chain", drop_pct=Decimal("5"), chain_id=None
    )
    assert updated is None
    assert rows == selectors.monitoring(user=city_admin, period=period, by="chain", drop_pct=Decimal("5"))
    old = config.periods_back(period, 20)[0]
    assert (
        selectors.monitoring_summary(
            user=city_admin, period=old, by="chain", drop_pct=config.drop_pct(), chain_id=None
        )[1]
        is None
    )
    SummaryRun.objects.filter(widget=summary.WIDGET).update(computed_at=timezone.now() - dt.timedelta(hours=1))
    assert selectors.results(user=city_admin, chain=chain, indicator="revenue")["updated_at"] is None
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 0
    _fresh()
    assert selectors.results(user=city_admin, chain=chain, indicator="revenue")["updated_at"] is None


@pytest.mark.django_db
def test_the_dashboard_reads_a_fixed_number_of_queries(
    api: Any, random_data: dict[str, Any], city_admin: Any, django_assert_max_num_queries: Any
) -> None:
    _fresh()
    client = api(city_admin)
    chain = random_data["chains"][0]
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/industry/chains/{chain.pk}/results").json()["updated_at"]
    period = random_data["periods"][-1].code
    with django_assert_max_num_queries(12):
        assert client.get("/api/industry/monitoring", {"period": period, "by": "county"}).json()["updated_at"]


@pytest.mark.django_db
def test_the_periodic_refresh_leaves_the_cells_to_the_part_refreshes_between_whole_runs(
    random_data: dict[str, Any], city_admin: Any
) -> None:
    _fresh()
    first = SummaryRun.objects.get(widget=summary.WIDGET).computed_at
    insights_summary.refresh()  # the scheduler's run: the industry cells are younger than refresh_every
    assert SummaryRun.objects.get(widget=summary.WIDGET).computed_at == first
    old = timezone.now() - dt.timedelta(seconds=summary.refresh_every() + 1)
    SummaryRun.objects.filter(widget=summary.WIDGET).update(computed_at=old)
    # still read (the part refreshes keep them current) …
    chain = random_data["chains"][0]
    assert selectors.results(user=city_admin, chain=chain, indicator="revenue")["updated_at"] == old
    insights_summary.refresh()  # … and recomputed whole by the next periodic run
    assert SummaryRun.objects.get(widget=summary.WIDGET).computed_at > old
