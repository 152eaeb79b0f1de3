"""服务商入库公示 as a public notice: anyone reads it without login, and it shows only what a printed notice shows
(name, 统一社会信用代码, region, type and 细分行业 labels, batch, period, how to object) — never qualifications,
cases, staff figures, attachments or expert scores; objecting still needs a login."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.core.tests.helpers import assert_error
from smedt.providers.models import ProviderApplication, ProviderExpertScore
from smedt.providers.tests.test_providers import make_batch

pytestmark = pytest.mark.django_db

NOTICE_KEYS = {
    "id",
    "org_name",
    "credit_code",
    "region_name",
    "batch_name",
    "provider_type",
    "provider_type_label",
    "sub_industries",
    "sub_industry_labels",
    "publicity_starts_at",
    "publicity_ends_at",
    "objection_how",
}


def on_publicity(org, batch=None, *, days: float = 3) -> ProviderApplication:
    return ProviderApplication.objects.create(
        batch=batch or make_batch(publicity_days=7),
        org=org,
        region=org.region,
        provider_type="integrator",
        sub_industries=["auto_parts", "lifting_equipment"],
        qualifications="内部资质说明，不对外公开",
        past_cases=[{"name": "保密案例", "customer": "某客户", "year": "2025", "summary": ""}],
        staff_count=987,
        tech_staff_count=654,
        attachments=["00000000-0000-0000-0000-000000000002"],
        status="publicity",
        publicity_ends_at=timezone.now() + timedelta(days=days),
    )


def test_anonymous_reads_the_notice_with_public_fields_only(api, provider_org, expert):
    app = on_publicity(provider_org)
    ProviderExpertScore.objects.create(
        application=app, expert=expert, expert_name="评审专家", marks={"a": "1"}, total="97.65", opinion="评审意见保密"
    )
    res = api().get("/api/providers/publicity")
    assert res.status_code == 200, res.content
    (row,) = res.json()["items"]
    assert set(row) == NOTICE_KEYS
    assert row["id"] == app.pk and row["org_name"] == "测试服务商" and row["credit_code"] == provider_org.credit_code
    assert row["region_name"] == provider_org.region.name and row["batch_name"] == "2026年服务商遴选"
    assert row["provider_type_label"] == "综合集成型"
    assert row["sub_industry_labels"] == ["汽车零部件", "起重装备"]
    assert "提出异议" in row["objection_how"]
    # publicity started `publicity_days` before it ends
    starts, ends = (datetime.fromisoformat(row[k]) for k in ("publicity_starts_at", "publicity_ends_at"))
    assert ends - starts == timedelta(days=7)
    body = res.content.decode()
    for private in ("内部资质", "保密案例", "某客户", "00000000-0000-0000-0000-000000000002", "97.65", "评审"):
        assert private not in body, private


def test_only_running_publicity_is_listed(api, provider_org, make_org):
    running = on_publicity(provider_org)
    ended = on_publicity(make_org("410771", kind="provider"))
    ProviderApplication.objects.filter(pk=ended.pk).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    ProviderApplication.objects.create(
        batch=running.batch, org=make_org("410771", kind="provider"), region=provider_org.region, status="reviewing"
    )
    assert [r["id"] for r in api().get("/api/providers/publicity").json()["items"]] == [running.pk]


def test_objecting_still_needs_a_login(api, provider_org, outsider):
    app = on_publicity(provider_org)
    url = f"/api/providers/publicity/{app.pk}/objections"
    assert_error(api().post(url, {"content": "匿名提出的异议内容"}), 401, "not_authenticated")
    assert api(outsider).post(url, {"content": "登录后提出的异议内容"}).status_code == 201
    assert app.objections.count() == 1


def test_anonymous_notice_has_a_pinned_query_count(api, make_org):
    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            res = api().get("/api/providers/publicity", {"page_size": 50})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries), res.json()["total"]

    batch = make_batch()
    on_publicity(make_org("410771", kind="provider"), batch)
    one, t1 = count()
    for _ in range(29):
        on_publicity(make_org("410771", kind="provider"), batch)
    thirty, t30 = count()
    assert (t1, t30) == (1, 30)
    assert one == thirty == 3, (one, thirty)  # count, page, dictionary labels
