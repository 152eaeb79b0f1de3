"""The cultivation library: recognitions, 复核, removal, actions, reminders, statistics, pipeline, scope, queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.cultivation.models import LibraryEntry, Recognition, RecognitionStatus
from smedt.cultivation.services.library import expiry_sweep
from smedt.cultivation.tests.factories import make_recognition, make_standing
from smedt.exports.testing import export_xlsx
from smedt.notify.models import Message

pytestmark = pytest.mark.django_db
LIB = "/api/cultivation/library"


def _record(api: Any, user: Any, org: Any, **extra: Any) -> Any:
    data = {"org_id": org.pk, "tier": "specialized", "certificate_no": "ZJTX-2025-001", "recognized_on": "2025-06-01"}
    return api(user).post("/api/cultivation/recognitions", {**data, **extra})


def test_city_records_a_recognition_and_the_library_follows(
    api: Any, city_admin: Any, enterprise_a: Any, enterprise_a_user: Any
) -> None:
    res = _record(api, city_admin, enterprise_a)
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["valid_until"] == "2028-06-01"  # 3 years (documented default)
    assert body["document_no"] == "工信部企业〔2022〕63号"  # regime in force on the recognition date
    rows = api(city_admin).get(LIB).json()["items"]
    assert rows[0]["tier"] == "specialized" and rows[0]["tier_label"] == "专精特新中小企业"
    assert rows[0]["review_due"] == "2028-06-01" and rows[0]["certificate_no"] == "ZJTX-2025-001"
    assert AuditRecord.objects.filter(action="cultivation.recognition_record").count() == 1
    assert Message.objects.filter(recipient=enterprise_a_user, title__contains="专精特新").exists()
    # the same certificate twice is a conflict, not a second row
    dup = _record(api, city_admin, enterprise_a)
    assert dup.status_code == 409 and dup.json()["code"] == "cultivation.certificate_exists"
    # bad input
    bad = _record(api, city_admin, enterprise_a, tier="gold", certificate_no="X")
    assert bad.status_code == 422
    bad = _record(api, city_admin, enterprise_a, certificate_no="Y", recognized_on="2099-01-01")
    assert bad.status_code == 422 and "recognized_on" in bad.json()["details"]["fields"]
    assert Recognition.objects.count() == 1


def test_only_the_city_records_and_scope_holds(
    api: Any,
    county_a_officer: Any,
    county_b_officer: Any,
    enterprise_a: Any,
    enterprise_b: Any,
    enterprise_a_user: Any,
    enterprise_b_user: Any,
) -> None:
    assert _record(api, county_a_officer, enterprise_a).status_code == 403
    assert _record(api, enterprise_a_user, enterprise_a).status_code == 403
    make_recognition(enterprise_a, "innovative")
    make_recognition(enterprise_b, "specialized")
    assert {r["org_id"] for r in api(county_a_officer).get(LIB).json()["items"]} == {enterprise_a.pk}
    assert {r["org_id"] for r in api(county_b_officer).get(LIB).json()["items"]} == {enterprise_b.pk}
    assert {r["org_id"] for r in api(enterprise_a_user).get(LIB).json()["items"]} == {enterprise_a.pk}
    entry_a = LibraryEntry.objects.get(org=enterprise_a)
    assert api(county_b_officer).get(f"{LIB}/{entry_a.pk}").status_code == 404
    assert api(enterprise_b_user).get(f"{LIB}/{entry_a.pk}").status_code == 404
    assert api(county_a_officer).post(f"{LIB}/{entry_a.pk}/remove", {"reason": "x"}).status_code == 404


def test_filters_and_export_with_labels(api: Any, city_admin: Any, enterprise_a: Any, enterprise_b: Any) -> None:
    today = timezone.localdate()
    make_recognition(enterprise_a, "innovative", on=today - timedelta(days=1000), until=today + timedelta(days=30))
    make_recognition(enterprise_b, "specialized", on=today - timedelta(days=10))
    client = api(city_admin)
    assert [r["org_id"] for r in client.get(LIB, {"tier": "specialized"}).json()["items"]] == [enterprise_b.pk]
    assert [r["org_id"] for r in client.get(LIB, {"expiring_days": 60}).json()["items"]] == [enterprise_a.pk]
    assert [r["org_id"] for r in client.get(LIB, {"region_code": "410783"}).json()["items"]] == [enterprise_b.pk]
    assert client.get(LIB, {"tier": "gold"}).status_code == 422
    rows = export_xlsx(client, "cultivation_library", {"tier": "specialized"})
    assert rows[0][:5] == ("企业名称", "统一社会信用代码", "所在县区", "细分行业", "当前梯度")
    assert rows[1][4] == "专精特新中小企业" and len(rows) == 2


def test_re_review_passed_extends_failed_ends(api: Any, city_admin: Any, enterprise_a: Any) -> None:
    today = timezone.localdate()
    rec = make_recognition(
        enterprise_a, "specialized", on=today - timedelta(days=1000), until=today + timedelta(days=20)
    )
    make_recognition(
        enterprise_a, "innovative", on=today - timedelta(days=1200), until=today + timedelta(days=400), no="CX-1"
    )
    client = api(city_admin)
    res = client.post(
        f"/api/cultivation/recognitions/{rec.pk}/re-reviews", {"passed": True, "reviewed_on": today.isoformat()}
    )
    assert res.status_code == 201, res.content
    after = date.fromisoformat(res.json()["valid_until_after"])
    assert after == (today + timedelta(days=20)).replace(year=today.year + 3) or after.year == today.year + 3
    assert LibraryEntry.objects.get(org=enterprise_a).valid_until == after
    res = client.post(
        f"/api/cultivation/recognitions/{rec.pk}/re-reviews",
        {"passed": False, "reviewed_on": today.isoformat(), "opinion": "研发投入不达标"},
    )
    assert res.status_code == 201
    entry = LibraryEntry.objects.get(org=enterprise_a)
    assert entry.tier == "innovative"  # falls back to the other valid title
    again = client.post(
        f"/api/cultivation/recognitions/{rec.pk}/re-reviews", {"passed": True, "reviewed_on": today.isoformat()}
    )
    assert again.status_code == 409
    timeline = client.get(f"{LIB}/{entry.pk}").json()
    titles = [e["title"] for e in timeline["events"]]
    assert "专精特新中小企业复核通过" in titles and "专精特新中小企业复核未通过" in titles


def test_removal_needs_a_reason_and_is_audited(api: Any, city_admin: Any, enterprise_a: Any) -> None:
    make_recognition(enterprise_a, "specialized")
    entry = LibraryEntry.objects.get(org=enterprise_a)
    client = api(city_admin)
    assert client.post(f"{LIB}/{entry.pk}/remove", {"reason": " "}).status_code == 422
    res = client.post(f"{LIB}/{entry.pk}/remove", {"reason": "发生重大安全事故"})
    assert res.status_code == 200 and res.json()["status"] == "removed" and res.json()["tier"] == "none"
    assert Recognition.objects.get(org=enterprise_a).status == RecognitionStatus.REMOVED
    rec = AuditRecord.objects.get(action="cultivation.library_remove")
    assert rec.after["reason"] == "发生重大安全事故"
    assert client.post(f"{LIB}/{entry.pk}/remove", {"reason": "再次"}).status_code == 409


def test_actions_logged_by_county_in_scope(
    api: Any, county_a_officer: Any, county_b_officer: Any, enterprise_a: Any, enterprise_a_user: Any
) -> None:
    make_recognition(enterprise_a, "innovative")
    data = {"org_id": enterprise_a.pk, "kind": "visit", "title": "上门走访", "content": "了解研发投入"}
    assert api(county_b_officer).post("/api/cultivation/actions", data).status_code == 403
    assert api(enterprise_a_user).post("/api/cultivation/actions", data).status_code == 403
    assert api(county_a_officer).post("/api/cultivation/actions", {**data, "kind": "x"}).status_code == 422
    res = api(county_a_officer).post("/api/cultivation/actions", data)
    assert res.status_code == 201 and res.json()["kind_label"] == "走访"
    assert api(county_b_officer).get("/api/cultivation/actions").json()["total"] == 0
    entry = LibraryEntry.objects.get(org=enterprise_a)
    events = api(county_a_officer).get(f"{LIB}/{entry.pk}").json()["events"]
    assert any(e["title"] == "走访：上门走访" for e in events)


def test_expiry_sweep_reminds_once_and_expires(
    enterprise_a: Any, enterprise_a_user: Any, city_admin: Any, county_b_officer: Any
) -> None:
    today = timezone.localdate()
    soon = make_recognition(
        enterprise_a, "specialized", on=today - timedelta(days=1000), until=today + timedelta(days=30)
    )
    first = expiry_sweep(today=today)
    assert first["reminded"] == 2  # the enterprise user and the city admin
    assert expiry_sweep(today=today)["reminded"] == 0  # de-duplicated
    assert Message.objects.filter(recipient=enterprise_a_user, title__contains="到期").count() == 1
    assert not Message.objects.filter(recipient=county_b_officer).exists()
    result = expiry_sweep(today=today + timedelta(days=31))
    assert result["expired"] == 1
    soon.refresh_from_db()
    assert soon.status == RecognitionStatus.EXPIRED
    assert LibraryEntry.objects.get(org=enterprise_a).tier == "none"


def test_statistics_and_pipeline_by_scope(
    api: Any, city_admin: Any, county_b_officer: Any, enterprise_a: Any, enterprise_b: Any, make_org: Any
) -> None:
    make_recognition(enterprise_a, "innovative")
    make_recognition(enterprise_b, "specialized")
    make_standing(enterprise_a, tier="specialized", gap="4")
    other = make_org("410702")
    make_standing(other, tier="innovative", gap="8")
    make_standing(enterprise_b, tier="little_giant", gap="0", status="pass")
    stats = api(city_admin).get("/api/cultivation/statistics").json()
    assert {t["tier"]: t["count"] for t in stats["totals"]} == {"innovative": 1, "specialized": 1, "little_giant": 0}
    pipe = api(city_admin).get("/api/cultivation/pipeline").json()
    assert pipe["totals"] == {"total": 3, "passing": 1, "within_near": 1, "within_far": 2, "conditions_only": 0}
    cands = api(city_admin).get("/api/cultivation/pipeline/candidates").json()["items"]
    assert [c["org_id"] for c in cands] == [enterprise_a.pk, other.pk]  # closest first, passing excluded
    b_pipe = api(county_b_officer).get("/api/cultivation/pipeline").json()
    assert b_pipe["totals"]["total"] == 1 and b_pipe["rows"][0]["region_code"] == "410783"
    assert api(county_b_officer).get("/api/cultivation/pipeline/candidates").json()["total"] == 0
    b_stats = api(county_b_officer).get("/api/cultivation/statistics").json()
    assert [g["key"] for g in b_stats["by_region"]] == ["410783"]


def test_criteria_settings_are_city_configuration(api: Any, city_admin: Any, enterprise_a_user: Any) -> None:
    url = "/api/cultivation/criteria/v2022/settings/expiry_reminder_days"
    assert api(enterprise_a_user).put(url, {"value": 30}).status_code == 403
    res = api(city_admin).put(url, {"value": "abc"})
    assert res.status_code == 422
    res = api(city_admin).put(url, {"value": 30})
    assert res.status_code == 200
    param = next(p for p in res.json()["parameters"] if p["key"] == "expiry_reminder_days")
    assert param["value"] == 30 and param["customized"] and param["default"] == 90
    tese = [
        {
            "name": "河南省特色指标：省级专精特新产业集群",
            "options": [{"text": "是", "score": 10}, {"text": "否", "score": 0}],
        }
    ]
    res = api(city_admin).put("/api/cultivation/criteria/v2022/settings/sp_tese_indicators", {"value": tese})
    assert res.status_code == 200, res.content
    too_much = [{"name": "甲", "options": [{"text": "是", "score": 16}, {"text": "否", "score": 0}]}]
    assert (
        api(city_admin)
        .put("/api/cultivation/criteria/v2022/settings/sp_tese_indicators", {"value": too_much})
        .status_code
        == 422
    )
    res = api(city_admin).put(url, {"value": None})
    assert next(p for p in res.json()["parameters"] if p["key"] == "expiry_reminder_days")["customized"] is False
    assert api(city_admin).put("/api/cultivation/criteria/v2022/settings/nope", {"value": 1}).status_code == 404
    assert api(enterprise_a_user).get("/api/cultivation/criteria").status_code == 200


# signed in: session, user, session guard (3) + session save, grants (2), count, page; + dictionary labels
PINNED = {
    LIB: 10,
    "/api/cultivation/self-assessments": 9,
    "/api/cultivation/actions": 9,
    "/api/cultivation/pipeline/candidates": 10,
}


@pytest.mark.parametrize("path", sorted(PINNED))
def test_list_query_counts_do_not_grow_with_rows(api: Any, city_admin: Any, make_org: Any, path: str) -> None:
    from smedt.cultivation.models import CultivationAction

    def fill(n: int) -> None:
        for _ in range(n):
            org = make_org("410702")
            make_recognition(org, "innovative")
            make_standing(org)
            CultivationAction.objects.create(
                org=org, region=org.region, kind="visit", title="走访", happened_on=date(2026, 1, 1)
            )

    def count() -> tuple[int, int]:
        client = api(city_admin)
        with CaptureQueriesContext(connection) as ctx:
            res = client.get(path, {"page_size": 50})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries), res.json()["total"]

    fill(1)
    one, total = count()
    assert total == 1
    fill(29)
    thirty, total = count()
    assert total == 30
    assert (one, thirty) == (PINNED[path], PINNED[path])


def test_a_recorded_recognition_moves_the_next_tier_in_the_pipeline(
    api: Any, city_admin: Any, enterprise_a: Any, enterprise_a_user: Any
) -> None:
    from smedt.core.testing import run_queued_tasks
    from smedt.cultivation.models import TierStanding
    from smedt.cultivation.tests.factories import answers

    data = answers()
    data.pop("holds_specialized")
    api(enterprise_a_user).post("/api/cultivation/self-assessments", {"answers": data})
    assert TierStanding.objects.get(org=enterprise_a, is_next=True).tier == "specialized"
    assert _record(api, city_admin, enterprise_a).status_code == 201
    run_queued_tasks()
    assert TierStanding.objects.get(org=enterprise_a, is_next=True).tier == "little_giant"
    cands = api(city_admin).get("/api/cultivation/pipeline/candidates").json()["items"]
    assert [(c["org_id"], c["tier"]) for c in cands] == [(enterprise_a.pk, "little_giant")]
