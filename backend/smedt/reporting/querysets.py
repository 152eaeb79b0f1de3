"""Outbox records and 绩效 snapshots belong to the city that reports them (region subtree scope)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.reporting.models import OutboxRecord, PerformanceSnapshot  # noqa: F401


class OutboxQuerySet(ScopedQuerySet["OutboxRecord"]):
    region_path_field = "region__path"
    action_permissions = {"view": "reporting.view_outbox", "manage": "reporting.manage_outbox"}


class SnapshotQuerySet(ScopedQuerySet["PerformanceSnapshot"]):
    region_path_field = "region__path"
    action_permissions = {"view": "reporting.view_performance", "confirm": "reporting.confirm_performance"}
