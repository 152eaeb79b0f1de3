"""对标 percentiles are computed in SQL (core.dbcompat.percentiles): PostgreSQL's percentile_cont, the
window-function fallback elsewhere — both equal linear interpolation between the closest ranks."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from smedt.core import dbcompat
from smedt.industry.models import OperatingReport, ReportValue


def reference(values: list[Decimal], a: int, b: int) -> Decimal:
    s = sorted(values)
    pos = Decimal((len(s) - 1) * a) / b
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


@pytest.fixture
def groups(enterprise_a: Any) -> dict[str, list[Decimal]]:
    rng = random.Random(19)  # noqa: S311 — reproducible test data
    data = {
        "revenue": [Decimal(rng.randint(-5000, 500000)) / 100 for _ in range(37)],
        "tax": [Decimal("7.50")],
        "orders": [Decimal("1.00"), Decimal("2.00")],
        "profit": [Decimal("3.00"), Decimal("3.00"), Decimal("1.00"), Decimal("10.00")],
    }
    longest = max(len(v) for v in data.values())
    reports = [
        OperatingReport.objects.create(
            org=enterprise_a,
            region=enterprise_a.region,
            period=f"{2000 + i // 12}-{i % 12 + 1:02d}",
            period_start=date(2000 + i // 12, i % 12 + 1, 1),
            due_on=date(2000 + i // 12, i % 12 + 1, 15),
        )
        for i in range(longest)
    ]
    for code, values in data.items():
        ReportValue.objects.bulk_create(
            ReportValue(report=reports[i], indicator=code, value=v) for i, v in enumerate(values)
        )
    return data


@pytest.mark.parametrize("fraction", [(1, 4), (1, 2), (3, 4), (1, 10), (9, 10), (0, 1), (1, 1)])
def test_percentiles_equal_linear_interpolation(groups, fraction):
    got = dbcompat.percentiles(ReportValue.objects.all(), value="value", group_by=("indicator",), fractions=(fraction,))
    assert set(got) == {(code,) for code in groups}
    for code, values in groups.items():
        n, (value,) = got[(code,)]
        assert n == len(values)
        assert value is not None
        assert abs(value - reference(values, *fraction)) < Decimal("0.000001"), code


def test_percentiles_of_several_fractions_and_no_group(groups):
    everything = [v for values in groups.values() for v in values]
    got = dbcompat.percentiles(ReportValue.objects.all(), value="value", group_by=(), fractions=((1, 4), (3, 4)))
    n, (p25, p75) = got[()]
    assert n == len(everything)
    assert abs(p25 - reference(everything, 1, 4)) < Decimal("0.000001")
    assert abs(p75 - reference(everything, 3, 4)) < Decimal("0.000001")


def test_percentiles_of_nothing(db):
    got = dbcompat.percentiles(ReportValue.objects.all(), value="value", group_by=("indicator",), fractions=((1, 2),))
    assert got == {}
