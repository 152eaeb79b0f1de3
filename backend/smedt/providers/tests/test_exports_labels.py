"""服务商库导出: 服务商类型 and 服务细分行业 carry the dictionary labels, status its label; the dictionaries are read
once per export (not once per row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.exports.testing import export_xlsx
from smedt.providers.models import ProviderPoolMember

pytestmark = pytest.mark.django_db


def member(org, **kw):
    data = {"provider_type": "light_product", "sub_industries": ["auto_parts", "lifting_equipment"], **kw}
    return ProviderPoolMember.objects.create(org=org, region=org.region, **data)


def export(api, user):
    with CaptureQueriesContext(connection) as ctx:
        rows = export_xlsx(api(user), "provider_pool")
    return rows, sum("dicts_dictitem" in q["sql"] for q in ctx.captured_queries)


def test_pool_export_rows_show_labels(api, provider_org, make_org, city_admin):
    member(provider_org, status="warned", status_reason="项目延期")
    member(make_org("410771", kind="provider"), provider_type="retired_type", sub_industries=["auto_parts", "gone"])
    rows, dict_reads = export(api, city_admin)
    h = rows[0]
    cols = [h.index(t) for t in ("类型", "服务细分行业", "状态", "状态说明")]
    got = sorted(tuple(r[i] for i in cols) for r in rows[1:])
    assert got == sorted(
        [
            ("“小快轻准”产品型", "汽车零部件、起重装备", "警告", "项目延期"),
            ("retired_type", "汽车零部件、gone", "在库", None),  # unknown codes are kept as they are
        ]
    )
    assert dict_reads == 1


def test_pool_export_reads_the_dictionaries_once(api, make_org, city_admin):
    for _ in range(20):
        member(make_org("410771", kind="provider"))
    rows, dict_reads = export(api, city_admin)
    assert len(rows) == 21 and {r[rows[0].index("类型")] for r in rows[1:]} == {"“小快轻准”产品型"}
    assert dict_reads == 1
