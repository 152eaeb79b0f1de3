"""The diagnosis project (1.3.1) through the API, with personas."""

from __future__ import annotations

from typing import Any

import pytest

from smedt.audit.models import AuditRecord
from smedt.core.testing import run_queued_tasks
from smedt.enterprises.models import PilotEnterprise
from smedt.notify.models import Message
from smedt.projects.models import Project, ProjectEvent
from smedt.projects.tests.conftest import upload
from smedt.providers.models import ProviderPoolMember

pytestmark = pytest.mark.django_db


def test_full_diagnosis_flow(
    api: Any, world: Any, signed: Any, assessed: Any, county_a_officer: Any, city_admin: Any
) -> None:
    ent, prov = api(world["enterprise"]), api(world["provider"])
    p = signed()
    pid = p["id"]
    assert p["status"] == "diagnosing" and p["waiting_on"] == "服务商"
    before = assessed(best=False)

    # the enterprise cannot upload the report; the provider can, with the before-transformation assessment
    report = upload(world["provider"])
    assert (
        ent.post(
            f"/api/projects/{pid}/report", {"attachment_id": report, "before_assessment_id": before.pk}
        ).status_code
        == 403
    )
    res = prov.post(f"/api/projects/{pid}/report", {"attachment_id": report, "before_assessment_id": before.pk})
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "report_submitted" and res.json()["report_name"] == "报告.pdf"

    # returned with comments (revision loop), then resubmitted and confirmed
    empty = ent.post(f"/api/projects/{pid}/actions/return_report", {"note": ""})
    assert empty.status_code == 422 and empty.json()["details"]["fields"]["note"] == "请填写退回意见"
    assert (
        ent.post(f"/api/projects/{pid}/actions/return_report", {"note": "请补充产线数据分析"}).json()["status"]
        == "diagnosing"
    )
    assert (
        prov.post(
            f"/api/projects/{pid}/report", {"attachment_id": report, "before_assessment_id": before.pk}
        ).status_code
        == 200
    )
    assert prov.post(f"/api/projects/{pid}/actions/confirm_report", {}).status_code == 403
    done = ent.post(f"/api/projects/{pid}/actions/confirm_report", {})
    assert done.status_code == 200 and done.json()["status"] == "done" and done.json()["finished_at"]

    # government follows: timeline, documents, no step of its own
    for gov in (county_a_officer, city_admin):
        detail = api(gov).get(f"/api/projects/{pid}").json()
        actions = [e["action"] for e in detail["timeline"]]
        assert actions[0] == "create" and actions[-1] == "confirm_report" and "return_report" in actions
        assert detail["contract"]["frozen"] and detail["report_id"] == report
        assert api(gov).post(f"/api/projects/{pid}/actions/confirm_report", {}).status_code in (403, 409)

    # every step audited; parties notified by the worker, once per event even if delivered twice
    assert AuditRecord.objects.filter(action="projects.project_confirm_report", target_id=str(pid)).count() == 1
    run_queued_tasks()
    count = Message.objects.filter(category="projects").count()
    assert Message.objects.filter(recipient=world["enterprise"], title__contains="提交诊断报告").exists()
    from smedt.projects.services import event_notify

    for e in ProjectEvent.objects.filter(project_id=pid):
        event_notify(event_id=e.pk)
    assert Message.objects.filter(category="projects").count() == count


def test_provider_declines_with_a_reason(api: Any, world: Any, start: Any) -> None:
    p = start()
    prov = api(world["provider"])
    res = prov.post(f"/api/projects/{p['id']}/actions/decline", {"note": " "})
    assert res.status_code == 422 and res.json()["message"] == "请填写拒绝原因"
    res = prov.post(f"/api/projects/{p['id']}/actions/decline", {"note": "档期已满"})
    assert res.json()["status"] == "declined" and res.json()["status_note"] == "档期已满"
    again = prov.post(f"/api/projects/{p['id']}/actions/confirm", {})
    assert again.status_code == 409 and again.json()["details"]["allowed"] == []


def test_only_the_provider_confirms(api: Any, world: Any, start: Any) -> None:
    p = start()
    res = api(world["enterprise"]).post(f"/api/projects/{p['id']}/actions/confirm", {})
    assert res.status_code == 403
    assert Project.objects.get(pk=p["id"]).status == "pending_provider"


def test_only_an_active_pilot_may_start(api: Any, world: Any, provider_org: Any, enterprise_b_user: Any) -> None:
    body = {"kind": "diagnosis", "provider_id": provider_org.pk, "title": "诊断", "amount": "1000"}
    res = api(enterprise_b_user).post("/api/projects", body)  # not in the pilot library
    assert res.status_code == 422 and res.json()["code"] == "projects.not_pilot"
    PilotEnterprise.objects.filter(pk=world["pilot"].pk).update(status="disabled")
    res = api(world["enterprise"]).post("/api/projects", body)
    assert res.status_code == 422 and res.json()["code"] == "projects.not_pilot"
    assert not Project.objects.exists()


def test_provider_must_be_in_the_pool(api: Any, world: Any, provider_org: Any, make_org: Any, outsider: Any) -> None:
    body = {"kind": "diagnosis", "provider_id": provider_org.pk, "title": "诊断", "amount": "1000"}
    ProviderPoolMember.objects.filter(org=provider_org).update(status="exited")
    res = api(world["enterprise"]).post("/api/projects", body)
    assert res.status_code == 422 and res.json()["code"] == "projects.provider_not_in_pool"
    other_enterprise = make_org()
    res = api(world["enterprise"]).post("/api/projects", {**body, "provider_id": other_enterprise.pk})
    assert res.status_code == 422
    assert api(outsider).post("/api/projects", body).status_code == 403
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"title": ""}, "title"), ({"amount": "-1"}, "amount"), ({"kind": "other"}, "kind")],
)
def test_bad_input_is_a_chinese_422(
    api: Any, world: Any, provider_org: Any, change: dict[str, Any], field: str
) -> None:
    body = {"kind": "diagnosis", "provider_id": provider_org.pk, "title": "诊断", "amount": "1000", **change}
    res = api(world["enterprise"]).post("/api/projects", body)
    assert res.status_code == 422
    assert field in res.json()["details"]["fields"]
    assert not Project.objects.exists()


def test_provider_candidates_filtered_by_sub_industry_and_rating(api: Any, world: Any, provider_org: Any) -> None:
    ent = api(world["enterprise"])
    rows = ent.get("/api/projects/providers", {"sub_industry": "auto_parts"}).json()["items"]
    assert [r["org_id"] for r in rows] == [provider_org.pk] and rows[0]["rating_grade"] == "四星"
    assert ent.get("/api/projects/providers", {"sub_industry": "textile"}).json()["total"] == 0
    assert ent.get("/api/projects/providers", {"min_score": "90"}).json()["total"] == 0
    assert ent.get("/api/projects/providers", {"min_score": "80"}).json()["total"] == 1


def test_outsiders_see_nothing(
    api: Any, start: Any, enterprise_b_user: Any, county_b_officer: Any, outsider: Any
) -> None:
    p = start()
    for user in (enterprise_b_user, county_b_officer):
        assert api(user).get(f"/api/projects/{p['id']}").status_code == 404
    assert api(outsider).get(f"/api/projects/{p['id']}").status_code == 404
