"""Diagnosis findings (诊断发现): the provider records them with the report, edits them until the enterprise
confirms the report, and every reader of the project sees them; bad input is a 422 with nothing written,
other parties get 403 and readers out of scope 404."""

from __future__ import annotations

from typing import Any

import pytest

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error
from smedt.projects.models import DiagnosisFinding, ProjectEvent
from smedt.projects.tests.conftest import upload

pytestmark = pytest.mark.django_db

WELDING = {
    "scene": "S07",
    "description": "焊点检测结果只记在纸质检验单上，批次与工艺参数无法关联",
    "severity": "high",
    "suggestion": "以批次码贯通冲压、焊接、检验工序，建设质量追溯模块",
}
RULES = {
    "title": "数据管理制度缺失",
    "description": "设备、质量数据没有明确的责任部门",
    "severity": "low",
    "suggestion": "制定数据管理办法，明确责任人和口径",
}


def _save(client: Any, pid: int, findings: list[dict[str, Any]]) -> Any:
    return client.put(f"/api/projects/{pid}/findings", {"findings": findings})


def _deliver(api: Any, world: Any, pid: int, assessed: Any) -> Any:
    before = assessed(best=False)
    res = api(world["provider"]).post(
        f"/api/projects/{pid}/report", {"attachment_id": upload(world["provider"]), "before_assessment_id": before.pk}
    )
    assert res.status_code == 200, res.content
    return res.json()


def test_the_provider_records_findings_and_every_reader_sees_them(
    api: Any, world: Any, signed: Any, county_a_officer: Any, city_admin: Any
) -> None:
    p = signed()
    assert "edit_findings" in api(world["provider"]).get(f"/api/projects/{p['id']}").json()["my_actions"]
    assert "edit_findings" not in api(world["enterprise"]).get(f"/api/projects/{p['id']}").json()["my_actions"]

    res = _save(api(world["provider"]), p["id"], [WELDING, {**RULES, "scene": " s08 "}])
    assert res.status_code == 200, res.content
    rows = res.json()["findings"]
    assert [(f["position"], f["scene"], f["scene_name"], f["severity_label"]) for f in rows] == [
        (1, "S07", "质量管理", "高"),
        (2, "S08", "设备管理", "低"),
    ]
    assert rows[1]["title"] == "数据管理制度缺失"
    assert list(DiagnosisFinding.objects.filter(scene="S07").values_list("project_id", flat=True)) == [p["id"]]

    for reader in (world["enterprise"], county_a_officer, city_admin):
        body = api(reader).get(f"/api/projects/{p['id']}").json()
        assert [f["description"] for f in body["findings"]] == [WELDING["description"], RULES["description"]]
        assert "edit_findings" not in body["my_actions"]

    # saving again replaces the list (edit, remove, reorder)
    res = _save(api(world["provider"]), p["id"], [{**RULES, "severity": "medium"}])
    assert [(f["position"], f["scene"], f["title"], f["severity"]) for f in res.json()["findings"]] == [
        (1, "", "数据管理制度缺失", "medium")
    ]
    assert DiagnosisFinding.objects.filter(project_id=p["id"]).count() == 1
    record = AuditRecord.objects.filter(action="projects.findings_update").order_by("-id").first()
    assert record is not None
    assert record.before == {"findings": ["S07（高）", "S08（低）"]}
    assert record.after == {"findings": ["数据管理制度缺失（中）"]}


def test_findings_are_locked_once_the_enterprise_confirms_the_report(
    api: Any, world: Any, signed: Any, assessed: Any
) -> None:
    ent, prov = api(world["enterprise"]), api(world["provider"])
    p = signed()
    assert _save(prov, p["id"], [WELDING]).status_code == 200
    delivered = _deliver(api, world, p["id"], assessed)
    assert delivered["timeline"][-1]["note"].endswith("；诊断发现 1 条")

    # delivered, waiting for the enterprise: the provider may still correct them, and the timeline says so
    assert "edit_findings" in prov.get(f"/api/projects/{p['id']}").json()["my_actions"]
    res = _save(prov, p["id"], [WELDING, RULES])
    assert res.status_code == 200
    assert res.json()["timeline"][-1]["action_label"] == "修改诊断发现"
    assert ProjectEvent.objects.filter(project_id=p["id"], action="update_findings").count() == 1

    assert ent.post(f"/api/projects/{p['id']}/actions/confirm_report", {}).json()["status"] == "done"
    assert "edit_findings" not in prov.get(f"/api/projects/{p['id']}").json()["my_actions"]
    body = assert_error(_save(prov, p["id"], [RULES]), 409, "invalid_transition")
    assert "诊断报告确认后诊断发现已锁定" in body["message"]
    # someone who is not its provider learns nothing about the state: refused as before
    assert _save(ent, p["id"], [RULES]).status_code == 403
    assert DiagnosisFinding.objects.filter(project_id=p["id"]).count() == 2


def test_findings_before_the_diagnosis_starts_or_on_a_transformation_are_refused(
    api: Any, world: Any, start: Any, signed: Any
) -> None:
    prov = api(world["provider"])
    pending = start()
    assert_error(_save(prov, pending["id"], [WELDING]), 409, "invalid_transition")
    transformation = signed("transformation")
    assert_error(_save(prov, transformation["id"], [WELDING]), 409, "invalid_transition")
    assert not DiagnosisFinding.objects.exists()


@pytest.mark.parametrize(
    ("finding", "field", "message"),
    [
        ({**WELDING, "scene": "S99"}, "findings.0.scene", "数字化水平场景“S99”不存在"),
        ({**WELDING, "scene": ""}, "findings.0.title", "请选择数字化水平场景或填写问题"),
        ({**WELDING, "description": "  "}, "findings.0.description", "请填写问题描述"),
        ({**WELDING, "severity": "urgent"}, "findings.0.severity", "请选择严重程度"),
        ({**WELDING, "suggestion": ""}, "findings.0.suggestion", "请填写改进建议"),
        ({**WELDING, "title": "问" * 101}, "findings.0.title", "长度超出限制"),
        ({**WELDING, "description": "述" * 1001}, "findings.0.description", "长度超出限制"),
        ({**WELDING, "suggestion": "建\u202e议"}, "findings.0.suggestion", "控制字符"),
    ],
)
def test_bad_findings_are_a_422_naming_the_field_and_nothing_is_written(
    api: Any, world: Any, signed: Any, finding: dict[str, Any], field: str, message: str
) -> None:
    p = signed()
    prov = api(world["provider"])
    assert _save(prov, p["id"], [RULES]).status_code == 200
    before = AuditRecord.objects.count()

    res = prov.put(f"/api/projects/{p['id']}/findings", {"findings": [RULES, finding]})

    assert res.status_code == 422, res.content
    fields = res.json()["details"]["fields"]
    key = field.replace("findings.0", "findings.1")
    assert message in fields[key]
    assert list(DiagnosisFinding.objects.values_list("title", flat=True)) == ["数据管理制度缺失"]
    assert AuditRecord.objects.count() == before


def test_at_most_thirty_findings(api: Any, world: Any, signed: Any) -> None:
    p = signed()
    res = _save(api(world["provider"]), p["id"], [WELDING] * 31)
    assert res.status_code == 422
    assert "findings" in res.json()["details"]["fields"]
    assert _save(api(world["provider"]), p["id"], [WELDING] * 30).status_code == 200
    assert DiagnosisFinding.objects.count() == 30


def test_only_the_projects_provider_edits_and_readers_out_of_scope_get_404(
    api: Any,
    world: Any,
    signed: Any,
    make_org: Any,
    make_user: Any,
    county_a_officer: Any,
    county_b_officer: Any,
    city_admin: Any,
    enterprise_b_user: Any,
    outsider: Any,
) -> None:
    p = signed()
    url = f"/api/projects/{p['id']}"
    assert _save(api(world["provider"]), p["id"], [WELDING]).status_code == 200
    # who sees the project but is not its provider: refused
    for user in (world["enterprise"], county_a_officer, city_admin):
        assert _save(api(user), p["id"], [RULES]).status_code == 403
    # who does not see the project: not found, for reading and for writing
    other_provider = make_user("provider_2", "provider_user", org=make_org("410771", kind="provider"))
    for user in (other_provider, enterprise_b_user, county_b_officer, outsider):
        assert api(user).get(url).status_code == 404
        assert _save(api(user), p["id"], [RULES]).status_code == 404
    assert api().put(f"{url}/findings", {"findings": [RULES]}).status_code == 401
    assert list(DiagnosisFinding.objects.values_list("scene", flat=True)) == ["S07"]
