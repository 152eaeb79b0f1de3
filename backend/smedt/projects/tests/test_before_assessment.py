"""Issue 6 follow-ups: the before-assessment of a transformation project (with and without a diagnosis), the
contract date of the pre-checks (the last signature), the county hearing about a reported major change."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.notify.models import Message
from smedt.projects import services
from smedt.projects.models import ContractSignature, InvestmentItem, Project, ProjectEvent

pytestmark = pytest.mark.django_db

MATERIALS = {"effectiveness": "效率提升", "data_integration": "数据贯通", "management_reform": "制度配套"}


def _completed(project_id: int, *, amount: str = "100000.00", day: Any = None) -> None:
    """Move a signed transformation project to 'completed' with one fully documented investment line."""
    from smedt.projects.tests.conftest import upload

    p = Project.objects.get(pk=project_id)
    Project.objects.filter(pk=project_id).update(status="completed")
    ent_user = p.created_by
    day = day or timezone.localdate()
    InvestmentItem.objects.create(
        project=p, name="软件许可", amount=Decimal(amount), invoice_no=f"INV-{project_id}",
        invoice_date=day, payment_date=day,
        invoice_id=upload(ent_user, "发票.pdf"), payment_proof_id=upload(ent_user, "付款凭证.pdf"),
    )  # fmt: skip


def _codes(body: dict[str, Any]) -> set[str]:
    return {f["code"] for f in body["prechecks"]}


# --- before-assessment ------------------------------------------------------------------------------------------


def test_without_diagnosis_the_missing_before_assessment_is_a_finding(
    api: Any, world: Any, signed: Any, assessed: Any
) -> None:
    p = signed("transformation", title="无诊断的改造", amount="100000.00")
    assert p["before_assessment_id"] is None and p["diagnosis_id"] is None
    _completed(p["id"])
    res = api(world["enterprise"]).post(
        f"/api/projects/{p['id']}/acceptance",
        {**MATERIALS, "stated_benefit": "50000", "after_assessment_id": assessed(best=True).pk},
    )
    assert res.status_code == 200, res.content
    body = res.json()
    assert _codes(body) == {"missing_before_assessment"}
    finding = body["prechecks"][0]
    assert finding["message"] == "缺少改造前评估，无法比对"
    assert body["comparison"] is None


def test_without_diagnosis_the_enterprise_picks_the_before_assessment(
    api: Any, world: Any, signed: Any, assessed: Any
) -> None:
    p = signed("transformation", title="无诊断的改造", amount="100000.00")
    _completed(p["id"])
    before, after = assessed(best=False), assessed(best=True)
    # the picker lists the enterprise's submitted assessments for the project
    options = api(world["enterprise"]).get(f"/api/projects/{p['id']}/assessments").json()
    assert {before.pk, after.pk} <= {o["id"] for o in options if o["source"] == "self"}
    res = api(world["enterprise"]).post(
        f"/api/projects/{p['id']}/acceptance",
        {**MATERIALS, "stated_benefit": "50000", "before_assessment_id": before.pk, "after_assessment_id": after.pk},
    )
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["before_assessment_id"] == before.pk and body["prechecks"] == []
    assert body["comparison"]["level_delta"] > 0
    assert Project.objects.get(pk=p["id"]).before_assessment_id == before.pk


def test_a_before_level_not_below_the_after_level_fires_the_level_check(
    api: Any, world: Any, signed: Any, assessed: Any
) -> None:
    p = signed("transformation", title="无诊断的改造", amount="100000.00")
    _completed(p["id"])
    before, after = assessed(best=True), assessed(best=False)
    res = api(world["enterprise"]).post(
        f"/api/projects/{p['id']}/acceptance",
        {**MATERIALS, "stated_benefit": "50000", "before_assessment_id": before.pk, "after_assessment_id": after.pk},
    )
    assert res.status_code == 200, res.content
    assert _codes(res.json()) == {"level_not_improved"}


def test_with_diagnosis_the_before_assessment_defaults_to_the_diagnosis_one(
    api: Any, world: Any, signed: Any, assessed: Any, provider_org: Any
) -> None:
    org = world["pilot"].org
    diag_before = assessed(best=False)
    diagnosis = Project.objects.create(
        kind="diagnosis", title="前期诊断", enterprise=org, provider=provider_org, region=org.region,
        amount=Decimal("20000.00"), status="done", before_assessment=diag_before,
    )  # fmt: skip
    p = signed("transformation", diagnosis_id=diagnosis.pk, amount="100000.00")
    assert p["before_assessment_id"] == diag_before.pk
    _completed(p["id"])
    res = api(world["enterprise"]).post(
        f"/api/projects/{p['id']}/acceptance",
        {**MATERIALS, "stated_benefit": "50000", "after_assessment_id": assessed(best=True).pk},
    )
    assert res.status_code == 200, res.content
    assert res.json()["before_assessment_id"] == diag_before.pk and res.json()["prechecks"] == []


def test_the_before_assessment_must_be_the_enterprises_own_and_differ_from_the_after_one(
    api: Any, world: Any, signed: Any, assessed: Any, enterprise_b: Any, enterprise_b_user: Any
) -> None:
    from smedt.assessment.services.indicator_sets import indicator_sets_load
    from smedt.assessment.tests.factories import full_document, make_submitted

    p = signed("transformation", title="无诊断的改造", amount="100000.00")
    _completed(p["id"])
    indicator_set = indicator_sets_load()[0].indicator_set
    foreign = make_submitted(
        org=enterprise_b, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_b_user
    )
    ent = api(world["enterprise"])
    res = ent.post(
        f"/api/projects/{p['id']}/acceptance",
        {**MATERIALS, "stated_benefit": "50000", "before_assessment_id": foreign.pk},
    )
    assert res.status_code == 422 and "before_assessment_id" in res.json()["details"]["fields"]
    same = assessed(best=True)
    res = ent.post(
        f"/api/projects/{p['id']}/acceptance",
        {**MATERIALS, "stated_benefit": "50000", "before_assessment_id": same.pk, "after_assessment_id": same.pk},
    )
    assert res.status_code == 422
    assert res.json()["details"]["fields"]["before_assessment_id"] == "改造前评估与改造后评测不能是同一份评测"
    # nothing half-written
    row = Project.objects.get(pk=p["id"])
    assert row.status == "completed" and row.before_assessment_id is None and row.after_assessment_id is None


# --- the contract date of the pre-checks ---------------------------------------------------------------------------


def test_contract_date_is_the_last_signature_invoices_on_that_day_pass(world: Any, signed: Any) -> None:
    """The contract takes effect when both parties signed: an invoice between the first and the second
    signature predates the contract; one on the day of the second signature does not."""
    p = signed("transformation", title="合同日期", amount="100.00")
    project = Project.objects.get(pk=p["id"])
    first_day = timezone.localdate() - timedelta(days=10)
    second_day = timezone.localdate() - timedelta(days=3)
    first, second = ContractSignature.objects.filter(contract__project=project).order_by("signed_at", "id")

    def noon(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(12)))

    ContractSignature.objects.filter(pk=first.pk).update(signed_at=noon(first_day))
    ContractSignature.objects.filter(pk=second.pk).update(signed_at=noon(second_day))

    assert services.acceptance_facts(project).contract_signed_on == second_day
    item = InvestmentItem.objects.create(
        project=project, name="许可", amount=Decimal("100.00"), invoice_no="B-1",
        invoice_date=second_day, payment_date=second_day,
    )  # fmt: skip
    from smedt.projects.prechecks import run_prechecks

    codes = {f["code"] for f in run_prechecks(services.acceptance_facts(project))}
    assert not codes & {"invoice_before_contract", "payment_before_contract"}

    between = first_day + timedelta(days=1)
    InvestmentItem.objects.filter(pk=item.pk).update(invoice_date=between, payment_date=second_day - timedelta(days=1))
    codes = {f["code"] for f in run_prechecks(services.acceptance_facts(project))}
    assert {"invoice_before_contract", "payment_before_contract"} <= codes


# --- major change notification -------------------------------------------------------------------------------------


def test_county_is_told_about_a_reported_major_change_once(
    api: Any, world: Any, signed: Any, county_a_officer: Any, county_b_officer: Any, city_admin: Any
) -> None:
    p = signed("transformation", title="变更通知")
    Project.objects.filter(pk=p["id"]).update(status="implementing")
    res = api(world["enterprise"]).post(
        f"/api/projects/{p['id']}/logs", {"content": "增加仓储模块", "is_major_change": True}
    )
    assert res.status_code == 201, res.content
    event = ProjectEvent.objects.get(project_id=p["id"], action="major_change")
    services.event_notify(event_id=event.pk)
    services.event_notify(event_id=event.pk)  # a retried task adds nothing

    to_county = Message.objects.filter(recipient=county_a_officer, dedupe_key=f"projects-event-{event.pk}-approver")
    assert to_county.count() == 1
    msg = to_county.get()
    assert msg.title == "待审批重大变更：变更通知" and "增加仓储模块" in msg.body
    assert msg.link == f"/projects/{p['id']}"
    assert Message.objects.filter(recipient=city_admin, dedupe_key__startswith="projects-event-").count() == 1
    assert not Message.objects.filter(recipient=county_b_officer).exists()  # another county hears nothing
    # the provider hears about it as a party; the reporting user does not get their own event
    assert Message.objects.filter(recipient=world["provider"], dedupe_key=f"projects-event-{event.pk}").count() == 1
    assert not Message.objects.filter(
        recipient=world["enterprise"], dedupe_key__startswith=f"projects-event-{event.pk}"
    )


def test_an_ordinary_log_entry_does_not_notify_the_county(
    api: Any, world: Any, signed: Any, county_a_officer: Any
) -> None:
    p = signed("transformation", title="普通日志")
    Project.objects.filter(pk=p["id"]).update(status="implementing")
    assert api(world["provider"]).post(f"/api/projects/{p['id']}/logs", {"content": "完成设备联网"}).status_code == 201
    for event in ProjectEvent.objects.filter(project_id=p["id"]):
        services.event_notify(event_id=event.pk)
    assert not Message.objects.filter(recipient=county_a_officer).exists()
