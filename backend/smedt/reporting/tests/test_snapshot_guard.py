"""A confirmed 绩效 snapshot is frozen by the database itself (reporting 0002, SQL in core/dbcompat.py): an UPDATE
or DELETE that bypasses the model — a queryset update, a bulk delete — fails on SQLite and on PostgreSQL alike;
drafts stay writable and the confirmation itself (draft → confirmed) goes through."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from smedt.regions.models import Region
from smedt.reporting.models import PerformanceSnapshot, SnapshotStatus

pytestmark = pytest.mark.django_db


def _snap(user: Any, period: str, status: str) -> PerformanceSnapshot:
    return PerformanceSnapshot.objects.create(
        region=Region.objects.get(code="410700"),
        period=period,
        status=status,
        created_by=user,
        data={"indicators": [{"code": "pilot_enterprises", "value": 7}]},
        digest="d" * 64,
    )


def _refused(action: Any) -> str:
    with pytest.raises(DatabaseError) as info, transaction.atomic():
        action()
    return str(info.value)


def test_database_refuses_changing_or_deleting_a_confirmed_snapshot(city_admin: Any) -> None:
    snap = _snap(city_admin, "2026-Q1", SnapshotStatus.DRAFT)
    rows = PerformanceSnapshot.objects.filter(pk=snap.pk)
    # confirming a draft is the one write that makes it confirmed
    assert rows.update(status=SnapshotStatus.CONFIRMED, confirmed_by=city_admin) == 1

    for change in (
        lambda: rows.update(data={}),
        lambda: rows.update(digest="0" * 64),
        lambda: rows.update(status=SnapshotStatus.DRAFT),  # no way back to a draft either
        lambda: rows.delete(),
    ):
        assert "frozen" in _refused(change)
    stored = PerformanceSnapshot.objects.get(pk=snap.pk)
    assert stored.status == SnapshotStatus.CONFIRMED and stored.data == snap.data and stored.digest == "d" * 64


def test_drafts_stay_writable(city_admin: Any) -> None:
    snap = _snap(city_admin, "2026-Q2", SnapshotStatus.DRAFT)
    confirmed = _snap(city_admin, "2026-Q3", SnapshotStatus.CONFIRMED)  # inserting one as confirmed is allowed
    assert PerformanceSnapshot.objects.filter(pk=snap.pk).update(data={"x": 1}) == 1
    PerformanceSnapshot.objects.filter(pk=snap.pk).delete()
    assert not PerformanceSnapshot.objects.filter(pk=snap.pk).exists()
    assert PerformanceSnapshot.objects.filter(pk=confirmed.pk).exists()


def test_a_raw_delete_is_refused_too(city_admin: Any) -> None:
    """``_raw_delete`` is one DELETE statement with no Django collector or signal: the refusal is the database's."""
    snap = _snap(city_admin, "2026-Q4", SnapshotStatus.CONFIRMED)
    assert connection.vendor in ("sqlite", "postgresql")  # the two back ends the guard is installed on
    assert "frozen" in _refused(lambda: PerformanceSnapshot.objects.filter(pk=snap.pk)._raw_delete(connection.alias))
    assert PerformanceSnapshot.objects.filter(pk=snap.pk).exists()
