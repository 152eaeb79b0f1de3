"""The projects module's parts of the enterprise archive, and its registrations at start-up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from smedt.enterprises.archive import _BUILDERS
from smedt.projects.archive import projects_part, results_part
from smedt.projects.models import Project
from smedt.reviews.processes import get_process

pytestmark = pytest.mark.django_db


def test_registrations() -> None:
    assert _BUILDERS["projects"] is projects_part and _BUILDERS["results"] is results_part
    assert [s.key for s in get_process("project_filing").steps] == ["county"]
    assert [s.key for s in get_process("project_acceptance").steps] == ["county", "city"]


def test_archive_parts(world: Any, provider_org: Any) -> None:
    org = world["pilot"].org
    common = {"enterprise": org, "provider": provider_org, "region": org.region, "amount": Decimal("5000.00")}
    Project.objects.create(kind="diagnosis", title="诊断A", status="done", **common)
    Project.objects.create(
        kind="transformation", title="改造B", status="accepted", io_ratio=Decimal("2.50"),
        acceptance={"effectiveness": "效率提升"}, **common,
    )  # fmt: skip
    rows = projects_part(world["pilot"]).rows
    assert len(rows) == 2 and any("咨询诊断项目：诊断A" in r["项目"] for r in rows)
    assert results_part(world["pilot"]).rows == [{"项目": "改造B", "内容": "效率提升；投入产出比 2.50"}]
