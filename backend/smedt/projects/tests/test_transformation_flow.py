"""The transformation project (1.3.2): filing, implementation, acceptance with pre-checks, county → city."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.portal.headlines import headlines
from smedt.projects.models import InvestmentItem, Project
from smedt.projects.tests.conftest import upload
from smedt.providers.models import ProviderPoolMember

pytestmark = pytest.mark.django_db

MATERIALS = {
    "effectiveness": "设备综合效率提升 12%，订单交付周期缩短 20%",
    "data_integration": "ERP、MES、WMS 数据贯通，主数据统一",
    "management_reform": "设立数字化转型办公室，修订生产管理制度",
}


@pytest.fixture
def diagnosis_done(world: Any, provider_org: Any, assessed: Any) -> Project:
    org = world["pilot"].org
    return Project.objects.create(
        kind="diagnosis", title="前期诊断", enterprise=org, provider=provider_org, region=org.region,
        amount=Decimal("20000.00"), status="done", before_assessment=assessed(best=False),
    )  # fmt: skip


@pytest.fixture
def dictionaries(db: Any) -> None:
    from pathlib import Path

    import smedt.dicts
    from smedt.dicts.services import dicts_load

    dicts_load(path=Path(smedt.dicts.__file__).parent / "data" / "reference-dicts.yaml")


def _review(api: Any, user: Any, review_id: int, decision: str, opinion: str = "") -> Any:
    return api(user).post(f"/api/reviews/{review_id}/{decision}", {"opinion": opinion})


def _implement(
    api: Any, world: Any, pid: int, county: Any, *, amounts: tuple[str, ...] = ("60000.00", "40000.00")
) -> None:
    ent, prov = api(world["enterprise"]), api(world["provider"])
    today = timezone.localdate().isoformat()
    m = prov.post(f"/api/projects/{pid}/milestones", {"name": "MES 上线", "planned_date": today})
    assert m.status_code == 201, m.content
    log = prov.post(
        f"/api/projects/{pid}/logs",
        {"content": "完成设备联网", "attachment_ids": [upload(world["provider"], "日志.pdf")]},
    )
    assert log.status_code == 201 and len(log.json()["attachment_ids"]) == 1
    change = ent.post(f"/api/projects/{pid}/logs", {"content": "增加仓储模块", "is_major_change": True})
    assert change.json()["change_status"] == "pending"
    blocked = ent.post(f"/api/projects/{pid}/actions/complete", {})
    assert blocked.status_code == 422  # milestone open, change pending
    assert (
        api(world["provider"]).post(f"/api/projects/logs/{change.json()['id']}/decide", {"approve": True}).status_code
        == 403
    )
    assert api(county).post(f"/api/projects/logs/{change.json()['id']}/decide", {"approve": False}).status_code == 422
    assert (
        api(county).post(f"/api/projects/logs/{change.json()['id']}/decide", {"approve": True}).json()["change_status"]
        == "approved"
    )
    assert prov.post(f"/api/projects/{pid}/milestones/{m.json()['id']}/done", {"actual_date": today}).status_code == 200
    for n, amount in enumerate(amounts):
        res = ent.post(
            f"/api/projects/{pid}/investments",
            {
                "name": f"软件许可{n}", "amount": amount, "invoice_no": f"INV{pid}{n:03d}",
                "invoice_date": today, "payment_date": today,
                "invoice_id": upload(world["enterprise"], "发票.pdf"), "payment_proof_id": upload(world["enterprise"], "付款凭证.pdf"),
            },
        )  # fmt: skip
        assert res.status_code == 201, res.content
    assert (
        prov.post(
            f"/api/projects/{pid}/investments",
            {"name": "x", "amount": "1", "invoice_no": "Z", "invoice_date": today, "payment_date": today},
        ).status_code
        == 403
    )
    assert ent.post(f"/api/projects/{pid}/actions/complete", {}).json()["status"] == "completed"


def test_transformation_from_filing_to_city_acceptance_with_one_rectification(
    api: Any, world: Any, signed: Any, diagnosis_done: Project, assessed: Any,
    county_a_officer: Any, county_b_officer: Any, city_admin: Any, dictionaries: None,
) -> None:  # fmt: skip
    ent = api(world["enterprise"])
    p = signed("transformation", diagnosis_id=diagnosis_done.pk, title="红旗汽车零部件数字化改造")
    pid = p["id"]
    assert p["status"] == "signed" and p["before_assessment_id"] == diagnosis_done.before_assessment_id

    # filing (备案), reviewed by the county; county B cannot act on it
    filed = ent.post(f"/api/projects/{pid}/filing", {"note": ""}).json()
    assert filed["status"] == "filing_review" and filed["waiting_on"] == "县区"
    rid = filed["filing_review_id"]
    assert _review(api, county_b_officer, rid, "approve").status_code == 404
    assert _review(api, county_a_officer, rid, "return", "请补充实施方案").status_code == 200
    assert ent.get(f"/api/projects/{pid}").json()["status"] == "filing_returned"
    assert ent.post(f"/api/projects/{pid}/filing", {"note": "已补充"}).json()["status"] == "filing_review"
    assert _review(api, county_a_officer, rid, "approve").status_code == 200
    assert ent.get(f"/api/projects/{pid}").json()["status"] == "implementing"

    _implement(api, world, pid, county_a_officer)

    after = assessed(best=True)
    res = ent.post(
        f"/api/projects/{pid}/acceptance", {**MATERIALS, "stated_benefit": "250000", "after_assessment_id": after.pk}
    )
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == "acceptance_review" and body["prechecks"] == []
    assert Decimal(body["io_ratio"]) == Decimal("2.50") and Decimal(body["investment_total"]) == Decimal("100000.00")
    assert body["comparison"]["level_delta"] > 0 and body["comparison"]["indicators"]
    rid = body["acceptance_review_id"]

    # county → city; the city returns for rectification; resubmitted; both approve
    assert _review(api, county_a_officer, rid, "approve").status_code == 200
    assert ent.get(f"/api/projects/{pid}").json()["waiting_on"] == "市级"
    assert _review(api, city_admin, rid, "return", "投入产出测算依据不足").status_code == 200
    rect = ent.get(f"/api/projects/{pid}").json()
    assert rect["status"] == "rectifying" and rect["status_note"] == "投入产出测算依据不足"
    again = ent.post(f"/api/projects/{pid}/acceptance", {**MATERIALS, "stated_benefit": "300000"})
    assert again.status_code == 200 and again.json()["status"] == "acceptance_review"
    assert Decimal(again.json()["io_ratio"]) == Decimal("3.00")
    assert _review(api, county_a_officer, rid, "approve").status_code == 200
    assert _review(api, city_admin, rid, "approve").status_code == 200
    final = ent.get(f"/api/projects/{pid}").json()
    assert final["status"] == "accepted" and final["finished_at"]
    assert {h["key"]: h["value"] for h in headlines()}["accepted_projects"] == 1
    assert AuditRecord.objects.filter(action="projects.project_acceptance_approved").count() == 1
    assert [e["action"] for e in final["timeline"]].count("acceptance_returned") == 1
    # the provider's rating draws on the outcome (accepted after one rectification round, milestones on time)
    from smedt.providers.models import ProjectRating

    marks = dict(ProjectRating.objects.filter(project_ref=f"project-{pid}").values_list("dimension", "score"))
    assert marks == {"acceptance": Decimal("60.00"), "on_time": Decimal("100.00")}
    from smedt.portal.models import TypicalCase

    case = TypicalCase.objects.get(source_project_id=pid)  # a draft case for the portal editors
    assert case.title == "红旗汽车零部件数字化改造" and case.level_after == 4


def test_prechecks_fire_on_crafted_data(
    api: Any, world: Any, signed: Any, diagnosis_done: Project, assessed: Any, county_a_officer: Any, provider_org: Any
) -> None:
    ent = api(world["enterprise"])
    p = signed("transformation", diagnosis_id=diagnosis_done.pk)
    pid = p["id"]
    ent.post(f"/api/projects/{pid}/filing", {})
    _review(api, county_a_officer, p["filing_review_id"] or Project.objects.get(pk=pid).filing_review_id, "approve")
    _implement(api, world, pid, county_a_officer, amounts=("60000.00",))
    # an invoice dated before the contract, without proof, reused in another project
    other = Project.objects.create(
        kind="transformation", title="另一个项目", enterprise=diagnosis_done.enterprise, provider=provider_org,
        region=diagnosis_done.region, amount=Decimal("1"), status="implementing",
    )  # fmt: skip
    early = timezone.localdate() - timedelta(days=30)
    InvestmentItem.objects.create(
        project=other, name="重复", amount=1, invoice_no="DUP-1", invoice_date=early, payment_date=early
    )
    ent_item = InvestmentItem.objects.create(
        project_id=pid,
        name="提前开票",
        amount=Decimal("1000.00"),
        invoice_no="DUP-1",
        invoice_date=early,
        payment_date=early,
    )
    assert ent_item.pk
    ProviderPoolMember.objects.filter(org=provider_org).update(status="disabled")
    same_level = assessed(best=False)
    res = ent.post(
        f"/api/projects/{pid}/acceptance",
        {**MATERIALS, "management_reform": "", "stated_benefit": "1000", "after_assessment_id": same_level.pk},
    )
    assert res.status_code == 200, res.content
    codes = {f["code"] for f in res.json()["prechecks"]}
    assert codes == {
        "duplicate_invoice", "invoice_before_contract", "payment_before_contract", "amount_mismatch",
        "provider_not_in_pool", "missing_document", "level_not_improved",
    }  # fmt: skip
    missing = next(f for f in res.json()["prechecks"] if f["code"] == "missing_document")
    assert "管理体制配套改革" in missing["message"] and "发票（DUP-1）" in missing["message"]
    # shown to the reviewers as well
    assert api(county_a_officer).get(f"/api/projects/{pid}").json()["prechecks"] == res.json()["prechecks"]


def test_implementation_records_only_while_implementing(api: Any, world: Any, signed: Any) -> None:
    p = signed("transformation")
    today = timezone.localdate().isoformat()
    res = api(world["enterprise"]).post(f"/api/projects/{p['id']}/logs", {"content": "提前记录"})
    assert res.status_code == 409
    res = api(world["enterprise"]).post(
        f"/api/projects/{p['id']}/investments",
        {"name": "x", "amount": "1", "invoice_no": "A", "invoice_date": today, "payment_date": today},
    )
    assert res.status_code == 409
    res = api(world["enterprise"]).post(f"/api/projects/{p['id']}/acceptance", {**MATERIALS, "stated_benefit": "1"})
    assert res.status_code == 409 and res.json()["code"] == "invalid_transition"


def test_transformation_needs_a_done_diagnosis_of_the_same_enterprise(api: Any, world: Any, provider_org: Any) -> None:
    org = world["pilot"].org
    pending = Project.objects.create(
        kind="diagnosis", title="未完成诊断", enterprise=org, provider=provider_org, region=org.region,
        amount=Decimal("1"), status="diagnosing",
    )  # fmt: skip
    body = {
        "kind": "transformation",
        "provider_id": provider_org.pk,
        "title": "改造",
        "amount": "1",
        "diagnosis_id": pending.pk,
    }
    res = api(world["enterprise"]).post("/api/projects", body)
    assert res.status_code == 422 and res.json()["code"] == "projects.diagnosis_not_done"
