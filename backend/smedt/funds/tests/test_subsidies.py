"""补贴申请 end to end through the API: computed amount with its trace → submit on the application engine
(invoices reserved) → county → city → 公示 → result commits the money → tranches with vouchers → 奖补名单,
archive part 4, insights. Plus every refusal the issue names, each proved to write nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.applications.models import Submission
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.funds import subsidy_rules
from smedt.funds.models import Commitment, LedgerEntry, SubsidyClaim, SubsidyDisbursement, SubsidyInvoice
from smedt.funds.subsidy_campaign import subsidy_campaign_open
from smedt.notify.models import Message

pytestmark = pytest.mark.django_db


# --- the rules (pure) --------------------------------------------------------------------------------------


def _line(i: int, amount: str, category: str = "software", **kw: Any) -> subsidy_rules.Line:
    base: dict[str, Any] = {
        "investment_id": i,
        "project_id": 1,
        "project_title": "改造项目",
        "name": f"支出{i}",
        "invoice_no": f"NO{i}",
        "amount": Decimal(amount),
        "category": category,
        "has_invoice": True,
        "has_payment_proof": True,
    }
    base.update(kw)
    return subsidy_rules.Line(**base)


RULES = subsidy_rules.Rules(
    version="t",
    ratio_pct=Decimal("50"),
    cap=Decimal("500000.00"),
    min_level=2,
    eligible_categories=("software", "cloud", "data_gateway"),
    tranches_pct=(Decimal("60"), Decimal("40")),
)


def test_ratio_categories_proofs_and_cap() -> None:
    lines = [
        _line(1, "100000.01"),
        _line(2, "50000.00", "cloud"),
        _line(3, "30000.00", "data_gateway"),
        _line(4, "90000.00", "hardware"),  # other hardware: not counted
        _line(5, "10000.00", has_payment_proof=False),
        _line(6, "10000.00", claimed_elsewhere="“2025年补贴”"),
    ]
    r = subsidy_rules.compute(lines, level=2, r=RULES)
    assert r.eligible_investment == Decimal("180000.01")
    assert r.amount == Decimal("90000.00")  # 90,000.005 rounded down to the cent, never up
    assert [ln["counted"] for ln in r.lines] == ["计入", "计入", "计入", "不计入", "不计入", "不计入"]
    assert "其他硬件设备" in r.lines[3]["reason"] and "付款凭证" in r.lines[4]["reason"]
    assert "只能申请一次" in r.lines[5]["reason"]
    assert [t["step"] for t in r.trace] == ["合格投资", "等级门槛", "按比例", "补贴金额"]
    capped = subsidy_rules.compute([_line(1, "2000000.00")], level=3, r=RULES)
    assert capped.amount == Decimal("500000.00") and "上限" in capped.trace[-1]["formula"]


def test_level_gate() -> None:
    for level in (None, 1):
        r = subsidy_rules.compute([_line(1, "100000.00")], level=level, r=RULES)
        assert r.amount == 0 and not r.eligible and r.trace[1]["value"] == "不满足"


def test_tranches_sum_exactly() -> None:
    assert subsidy_rules.tranche_amounts(Decimal("90000.01"), RULES) == [Decimal("54000.00"), Decimal("36000.01")]


# --- the flow ----------------------------------------------------------------------------------------------


FORM = {
    "contact": "张三",
    "contact_phone": "13800000000",
    "bank_name": "中国工商银行新乡分行",
    "bank_account": "6222020000000001",
    "statement": "承诺所提供材料真实有效",
}


def _apply(api: Any, user: Any, campaign: Any) -> Any:
    ent = api(user)
    prefill = ent.get(f"/api/applications/campaigns/{campaign.pk}/prefill").json()
    data = {**FORM, **{k: prefill["values"][k] for k in ("eligible_investment", "applied_amount")}}
    res = ent.post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": data},
    )
    assert res.status_code == 201, res.json()
    sid = res.json()["id"]
    return sid, ent.post(
        f"/api/applications/submissions/{sid}/submit",
        {"template_version_id": campaign.template_version_id, "data": data},
    )


def _through_review(api: Any, sid: int, county: Any, city: Any) -> Any:
    review_id = Submission.objects.get(pk=sid).review_id
    assert api(county).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    assert api(city).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    Submission.objects.filter(pk=sid).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    return api(city).post(f"/api/applications/submissions/{sid}/finalize")


def test_apply_review_commit_disburse(
    api,
    budget,
    accepted,
    campaign,
    enterprise_a_user,
    enterprise_b_user,
    county_a_officer,
    county_b_officer,
    city_admin,
):
    # before applying: the computed amount and its trace (hardware not counted: (200k+60k+40k) × 50 % = 150k)
    ent = api(enterprise_a_user)
    preview = ent.get("/api/funds/subsidies/preview").json()
    assert preview["amount"] == "150000.00" and preview["eligible_investment"] == "300000.00"
    assert [t["step"] for t in preview["trace"]] == ["合格投资", "等级门槛", "按比例", "补贴金额"]
    assert [ln["counted"] for ln in preview["lines"]] == ["计入", "计入", "计入", "不计入"]
    prefill = ent.get(f"/api/applications/campaigns/{campaign.pk}/prefill").json()
    assert prefill["values"]["applied_amount"] == "150000.00"
    assert "按补贴规则计算" in prefill["provenance"]["applied_amount"]["source_label"]

    sid, res = _apply(api, enterprise_a_user, campaign)
    assert res.status_code == 200, res.json()
    claim = SubsidyClaim.objects.get(submission_id=sid)
    assert claim.amount == Decimal("150000.00") and claim.invoices.count() == 3
    assert set(SubsidyInvoice.objects.values_list("invoice_no", flat=True)) == {"INV-001", "INV-002", "INV-003"}

    # reviewers see the computation in the materials; another county sees nothing
    review_id = Submission.objects.get(pk=sid).review_id
    materials = api(county_a_officer).get(f"/api/reviews/{review_id}/materials").json()
    titles = [s["title"] for s in materials["sections"]]
    assert "补贴金额计算" in titles and "发票明细" in titles
    assert api(county_b_officer).get(f"/api/funds/subsidies/{claim.pk}").status_code == 404
    assert api(enterprise_b_user).get(f"/api/funds/subsidies/{claim.pk}").status_code == 404

    res = _through_review(api, sid, county_a_officer, city_admin)
    assert res.status_code == 200, res.json()
    claim.refresh_from_db()
    assert claim.commitment is not None and claim.commitment.committed == Decimal("150000.00")
    assert claim.commitment.line_id == budget.county_line.pk  # the most local line with enough money
    assert Message.objects.filter(recipient=enterprise_a_user, title__contains="补贴已批准").exists()

    # 奖补名单: public, public fields only
    public = api().get("/api/funds/public/subsidies").json()["items"]
    assert [(r["enterprise_name"], r["amount"]) for r in public] == [("红旗测试企业", "150000.00")]
    assert "bank_account" not in public[0] and "trace" not in public[0]

    # tranche 1: default 60 % with a voucher; the enterprise is told
    detail = api(city_admin).get(f"/api/funds/subsidies/{claim.pk}").json()
    assert detail["allowed_actions"] == ["disburse"] and detail["next_amount"] == "90000.00"
    assert api(enterprise_a_user).get(f"/api/funds/subsidies/{claim.pk}").json()["allowed_actions"] == []
    voucher = upload(api(city_admin), "转账回单.pdf", PDF_BYTES).json()["id"]
    res = api(city_admin).post(
        f"/api/funds/subsidies/{claim.pk}/disburse", {"voucher_id": voucher, "reference": "回单 2026-0001"}
    )
    assert res.status_code == 201, res.json()
    body = res.json()
    assert body["disbursed"] == "90000.00" and body["status_label"] == "部分拨付"
    assert body["disbursements"][0]["voucher_name"] == "转账回单.pdf" and body["next_amount"] == "60000.00"
    assert LedgerEntry.objects.filter(kind="disburse", enterprise=accepted.enterprise).count() == 1
    assert Message.objects.filter(recipient=enterprise_a_user, title__contains="第 1 批已拨付").exists()

    # archive part 4 from the ledger, with the voucher
    from smedt.enterprises.models import PilotEnterprise
    from smedt.funds.archive import funds_part

    pilot = PilotEnterprise.objects.create(org=accepted.enterprise, region=accepted.enterprise.region)
    part = funds_part(pilot)
    assert [r["类型"] for r in part.rows] == ["承诺", "拨付"] and part.attachments[0].name == "转账回单.pdf"

    # insights 奖补名单 and the project list column
    from smedt.insights.subsidies import subsidy_summary

    summary = subsidy_summary(city_admin, None)
    assert summary["available"] and summary["total_amount"] == Decimal("150000.00") and summary["enterprise_count"] == 1

    # export with labels
    from smedt.exports.testing import export_xlsx

    rows = export_xlsx(api(city_admin), "subsidies", {"status": "approved"})
    assert rows[0][0] == "企业名称" and rows[1][0] == "红旗测试企业" and "部分拨付" in rows[1]


def test_invoice_subsidised_once(api, budget, accepted, campaign, city_admin, enterprise_a_user):
    now = timezone.now()
    second = subsidy_campaign_open(
        actor=city_admin,
        name="2026年第二批数字化改造补贴",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )
    ent = api(enterprise_a_user)
    draft = ent.post(
        f"/api/applications/campaigns/{second.pk}/submissions",
        {"template_version_id": second.template_version_id, "data": {"contact": "张三"}},
    ).json()["id"]
    _sid, res = _apply(api, enterprise_a_user, campaign)
    assert res.status_code == 200
    claims, invoices = SubsidyClaim.objects.count(), SubsidyInvoice.objects.count()
    data = {**FORM, "eligible_investment": "300000.00", "applied_amount": "150000.00"}
    res = ent.post(
        f"/api/applications/submissions/{draft}/submit",
        {"template_version_id": second.template_version_id, "data": data},
    )
    assert_error(res, 409, "funds.invoice_already_subsidised")
    assert "INV-001" in res.json()["message"] and "只能申请一次" in res.json()["message"]
    assert Submission.objects.get(pk=draft).status == "draft"  # nothing submitted, nothing reserved
    assert (SubsidyClaim.objects.count(), SubsidyInvoice.objects.count()) == (claims, invoices)
    # a new application is not even opened once nothing is left to claim
    third = subsidy_campaign_open(
        actor=city_admin,
        name="2026年第三批数字化改造补贴",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )
    res = ent.post(
        f"/api/applications/campaigns/{third.pk}/submissions",
        {"template_version_id": third.template_version_id, "data": {"contact": "张三"}},
    )
    assert_error(res, 409, "applications.not_eligible")


def test_invoice_freed_when_the_first_claim_is_rejected(
    api, budget, accepted, campaign, city_admin, county_a_officer, enterprise_a_user
):
    sid, _ = _apply(api, enterprise_a_user, campaign)
    review_id = Submission.objects.get(pk=sid).review_id
    assert api(county_a_officer).post(f"/api/reviews/{review_id}/reject", {"opinion": "材料不实"}).status_code == 200
    now = timezone.now()
    second = subsidy_campaign_open(
        actor=city_admin,
        name="2026年第二批数字化改造补贴",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )
    _sid2, res = _apply(api, enterprise_a_user, second)
    assert res.status_code == 200, res.json()
    assert SubsidyInvoice.objects.filter(claim__submission_id=_sid2).count() == 3


def test_over_budget_approval_writes_nothing(
    api, budget, accepted, campaign, city_admin, county_a_officer, enterprise_a_user
):
    from smedt.funds import services

    # leave less than 150,000 on every transformation line
    services.entry_commit(actor=city_admin, line=budget.county_line, enterprise=accepted.enterprise, amount="100000")
    services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=accepted.enterprise, amount="900000")
    sid, _ = _apply(api, enterprise_a_user, campaign)
    entries = LedgerEntry.objects.count()
    res = _through_review(api, sid, county_a_officer, city_admin)
    assert_error(res, 409, "funds.over_allocated")
    assert "预算不足" in res.json()["message"]
    assert Submission.objects.get(pk=sid).status == "publicity"
    assert SubsidyClaim.objects.get(submission_id=sid).commitment is None
    assert LedgerEntry.objects.count() == entries


def test_disbursement_refusals_write_nothing(
    api, budget, accepted, campaign, city_admin, county_a_officer, enterprise_a_user
):
    sid, _ = _apply(api, enterprise_a_user, campaign)
    claim = SubsidyClaim.objects.get(submission_id=sid)
    voucher = upload(api(city_admin), "回单.pdf", PDF_BYTES).json()["id"]
    url = f"/api/funds/subsidies/{claim.pk}/disburse"
    assert_error(
        api(city_admin).post(url, {"voucher_id": voucher, "reference": "R1"}), 409, "funds.subsidy_not_approved"
    )
    assert _through_review(api, sid, county_a_officer, city_admin).status_code == 200
    entries, rows = LedgerEntry.objects.count(), SubsidyDisbursement.objects.count()
    over = api(city_admin).post(url, {"voucher_id": voucher, "reference": "R1", "amount": "150000.01"})
    assert_error(over, 409, "funds.over_committed")
    assert "尚可拨付 150,000.00 元" in over.json()["message"]
    assert api(city_admin).post(url, {"voucher_id": voucher, "reference": "R1", "amount": "-5"}).status_code == 422
    assert_error(api(city_admin).post(url, {"voucher_id": "", "reference": "R1"}), 422, "funds.invalid_field")
    theirs = upload(api(enterprise_a_user), "伪造.pdf", PDF_BYTES).json()["id"]
    assert_error(api(city_admin).post(url, {"voucher_id": theirs, "reference": "R1"}), 422, "funds.invalid_field")
    assert api(county_a_officer).post(url, {"voucher_id": voucher, "reference": "R1"}).status_code == 404
    assert (LedgerEntry.objects.count(), SubsidyDisbursement.objects.count()) == (entries, rows)
    assert Commitment.objects.get(pk=SubsidyClaim.objects.get(pk=claim.pk).commitment_id).disbursed == 0


def test_not_eligible_below_the_level_gate(api, budget, accepted, campaign, enterprise_a_user):
    type(accepted.after_assessment).objects.filter(pk=accepted.after_assessment_id).update(level=1)
    preview = api(enterprise_a_user).get("/api/funds/subsidies/preview").json()
    assert preview["amount"] == "0.00" and preview["trace"][1]["value"] == "不满足"
    ent = api(enterprise_a_user)
    res = ent.get(f"/api/applications/campaigns/{campaign.pk}/prefill")
    assert res.status_code in (200, 409, 422)
    assert SubsidyClaim.objects.count() == 0


# --- the optional finance (财政) step: county → city → finance, the money commits only after the last one ----------


@pytest.fixture
def finance_campaign(settings: Any, city_admin: Any) -> Any:
    settings.SMEDT_FUNDS_FINANCE_REVIEW = True
    now = timezone.now()
    return subsidy_campaign_open(
        actor=city_admin,
        name="2026年第一批数字化改造补贴（财政审核）",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )


def _todo_ids(api: Any, user: Any) -> list[int]:
    res = api(user).get("/api/reviews/todo")
    assert res.status_code == 200, res.json()
    return [r["id"] for r in res.json()["items"]]


def test_setting_picks_the_chain(settings, city_admin):
    now = timezone.now()
    settings.SMEDT_FUNDS_FINANCE_REVIEW = False
    off = subsidy_campaign_open(actor=city_admin, name="不含财政", opens_at=now, closes_at=now + timedelta(days=3))
    settings.SMEDT_FUNDS_FINANCE_REVIEW = True
    on = subsidy_campaign_open(actor=city_admin, name="含财政", opens_at=now, closes_at=now + timedelta(days=3))
    explicit = subsidy_campaign_open(
        actor=city_admin, name="指定", opens_at=now, closes_at=now + timedelta(days=3), finance=False
    )
    assert (off.review_chain, on.review_chain, explicit.review_chain) == (
        "application_review",
        "application_review_finance",
        "application_review",
    )


def test_finance_step_is_last_and_the_money_commits_only_after_it(
    api, make_user, budget, accepted, finance_campaign, city_admin, county_a_officer, enterprise_a_user
):
    finance = make_user("finance_city", "finance_officer", "410700")
    finance_b = make_user("finance_county_b", "finance_officer", "410783")  # another county's finance bureau
    sid, res = _apply(api, enterprise_a_user, finance_campaign)
    assert res.status_code == 200, res.json()
    review_id = Submission.objects.get(pk=sid).review_id
    committed = (budget.transformation.committed, budget.county_line.committed)

    # not the finance bureau's turn yet: not in its to-do list, and it may not decide (it sees the city's reviews)
    assert review_id not in _todo_ids(api, finance)
    assert_error(api(finance).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}), 403, "permission_denied")
    assert api(county_a_officer).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    res = api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"})
    assert res.status_code == 200, res.json()
    assert res.json()["status"] == "pending" and res.json()["current_step_name"] == "财政审核"
    assert res.json()["steps"] == ["县区初审", "市级复审", "财政审核"]
    # after the city: still in review, nothing committed
    assert Submission.objects.get(pk=sid).status == "reviewing"
    assert SubsidyClaim.objects.get(submission_id=sid).commitment is None
    assert Commitment.objects.count() == 0

    # the city may not decide the finance step; another county's finance bureau does not see it
    assert_error(api(city_admin).post(f"/api/reviews/{review_id}/approve", {}), 403, "permission_denied")
    assert review_id not in _todo_ids(api, finance_b)
    assert_error(api(finance_b).get(f"/api/reviews/{review_id}/materials"), 404, "not_found")
    assert_error(api(finance_b).post(f"/api/reviews/{review_id}/approve", {}), 404, "not_found")

    # the city's finance bureau: in its to-do list, with the computation in the drawer's materials
    assert review_id in _todo_ids(api, finance)
    materials = api(finance).get(f"/api/reviews/{review_id}/materials").json()
    assert {"补贴金额计算", "发票明细"} <= {s["title"] for s in materials["sections"]}
    res = api(finance).post(f"/api/reviews/{review_id}/approve", {"opinion": "资金已核"})
    assert res.status_code == 200, res.json()
    assert res.json()["status"] == "approved"
    assert Submission.objects.get(pk=sid).status == "publicity"
    assert SubsidyClaim.objects.get(submission_id=sid).commitment is None  # 公示 first

    Submission.objects.filter(pk=sid).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    res = api(city_admin).post(f"/api/applications/submissions/{sid}/finalize")
    assert res.status_code == 200, res.json()
    claim = SubsidyClaim.objects.get(submission_id=sid)
    assert claim.commitment is not None and claim.commitment.committed == Decimal("150000.00")
    budget.transformation.refresh_from_db()
    budget.county_line.refresh_from_db()
    assert budget.transformation.committed + budget.county_line.committed == sum(committed) + Decimal("150000.00")


def test_finance_return_and_reject_commit_nothing(
    api, make_user, budget, accepted, finance_campaign, city_admin, county_a_officer, enterprise_a_user
):
    finance = make_user("finance_city", "finance_officer", "410700")
    sid, _ = _apply(api, enterprise_a_user, finance_campaign)
    review_id = Submission.objects.get(pk=sid).review_id
    for reviewer in (county_a_officer, city_admin):
        assert api(reviewer).post(f"/api/reviews/{review_id}/approve", {}).status_code == 200
    entries = LedgerEntry.objects.count()
    assert_error(
        api(finance).post(f"/api/reviews/{review_id}/return", {"opinion": ""}), 422, "reviews.opinion_required"
    )
    res = api(finance).post(f"/api/reviews/{review_id}/return", {"opinion": "请补充银行账户证明"})
    assert res.status_code == 200, res.json()
    assert Submission.objects.get(pk=sid).status == "returned"
    assert LedgerEntry.objects.count() == entries and Commitment.objects.count() == 0
