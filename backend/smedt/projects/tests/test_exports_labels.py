"""试点项目导出: the 细分行业 and status columns carry the dictionary / workflow labels, not the stored codes, and the
dictionary is read once per export (not once per row)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.exports.testing import export_xlsx
from smedt.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dictionaries(reference: Any) -> None:
    """The reference dictionaries (细分行业 labels), as a deployment loads them."""
    from pathlib import Path

    import smedt.dicts
    from smedt.dicts.services import dicts_load

    dicts_load(path=Path(smedt.dicts.__file__).parent / "data" / "reference-dicts.yaml")


def make(org: Any, provider: Any, n: int, sub: str) -> None:
    Project.objects.bulk_create(
        [
            Project(
                kind="diagnosis",
                title=f"导出项目{i}",
                enterprise=org,
                provider=provider,
                region=org.region,
                amount=Decimal("1000.00"),
                status="diagnosing",
                sub_industry=sub,
            )
            for i in range(n)
        ]
    )


def export(api: Any, user: Any) -> tuple[list[tuple[Any, ...]], int]:
    with CaptureQueriesContext(connection) as ctx:
        rows = export_xlsx(api(user), "projects")
    dict_reads = sum("dicts_dictitem" in q["sql"] for q in ctx.captured_queries)
    return rows, dict_reads


def test_export_rows_show_labels(api: Any, enterprise_a: Any, provider_org: Any, city_admin: Any) -> None:
    make(enterprise_a, provider_org, 1, "auto_parts")
    make(enterprise_a, provider_org, 1, "not_in_the_dictionary")
    rows, dict_reads = export(api, city_admin)
    header = rows[0]
    sub, status = header.index("细分行业"), header.index("状态")
    assert [(r[sub], r[status]) for r in rows[1:]] == [
        ("汽车零部件", "诊断实施中"),
        ("not_in_the_dictionary", "诊断实施中"),  # an unknown (retired) code is kept as it is
    ]
    assert dict_reads == 1


def test_dictionary_is_read_once_per_export(api: Any, enterprise_a: Any, provider_org: Any, city_admin: Any) -> None:
    make(enterprise_a, provider_org, 30, "auto_parts")
    rows, dict_reads = export(api, city_admin)
    assert len(rows) == 31 and {r[rows[0].index("细分行业")] for r in rows[1:]} == {"汽车零部件"}
    assert dict_reads == 1
