"""Writes of the industry module: chains (loaded from data, edited by the city), operating reports
(save → submit → county confirms or returns; confirmed figures enter 一企一档), reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smedt.industry import config, summary
from smedt.industry.errors import IndustryErrorCode
from smedt.industry.models import (
    Chain,
    ChainLink,
    ChainMember,
    MemberRole,
    OperatingReport,
    ReportStatus,
    ReportValue,
    Stage,
)
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require
from smedt.regions.models import Region

MAX_VALUE = Decimal("99999999999999.99")
MIN_EXPLANATION = 4
CENT = Decimal("0.01")


def field_error(field: str, message: str, code: str = IndustryErrorCode.INVALID_FIELD) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


# --- chains --------------------------------------------------------------------------------------------


@transaction.atomic
def chains_load(*, region_code: str | None = None) -> int:
    """Seed the city's chains and links from `data/chains-*.yaml` (idempotent: existing ones are kept as edited)."""
    data = config.chains_data()
    region = Region.objects.filter(code=region_code or str(data["region"])).first()
    if region is None:
        return 0
    created = 0
    for n, c in enumerate(data["chains"]):
        chain, new = Chain.objects.get_or_create(
            region=region,
            code=str(c["code"]),
            defaults={
                "name": str(c["name"]),
                "sub_industry": str(c.get("sub_industry", "")),
                "description": str(c.get("description", "")),
                "sort": n,
                "data_version": str(data["version"]),
            },
        )
        if not new:
            continue
        created += 1
        ChainLink.objects.bulk_create(
            [
                ChainLink(chain=chain, stage=str(link["stage"]), name=str(link["name"]), sort=i)
                for i, link in enumerate(c["links"])
            ]
        )
    return created


def _city_region(actor: Any, region_code: str) -> Region:
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise field_error("region_code", "区划不存在")
    require(actor, "industry.manage_chain", region_path=region.path)
    return region


@transaction.atomic
def chain_create(*, actor: Any, region_code: str, code: str, name: str, sub_industry: str, description: str) -> Chain:
    region = _city_region(actor, region_code)
    if not name.strip():
        raise field_error("name", "请填写产业链名称")
    if Chain.objects.filter(region=region, code=code).exists():
        raise field_error("code", "该编码已被使用", code=IndustryErrorCode.DUPLICATE)
    chain = Chain.objects.create(
        region=region, code=code, name=name.strip(), sub_industry=sub_industry, description=description
    )
    audit_record(actor=actor, action="industry.chain_create", target=chain, region=region, after={"name": chain.name})
    return chain


@transaction.atomic
def chain_update(*, actor: Any, chain: Chain, changes: dict[str, Any]) -> Chain:
    require(actor, "industry.manage_chain", region_path=chain.region.path)
    if "name" in changes and not str(changes["name"]).strip():
        raise field_error("name", "请填写产业链名称")
    before = {k: getattr(chain, k) for k in changes}
    for k, v in changes.items():
        setattr(chain, k, v)
    chain.save(update_fields=list(changes))
    audit_record(
        actor=actor, action="industry.chain_update", target=chain, region=chain.region, before=before, after=changes
    )
    return chain


@transaction.atomic
def link_create(*, actor: Any, chain: Chain, stage: str, name: str) -> ChainLink:
    require(actor, "industry.manage_chain", region_path=chain.region.path)
    if stage not in Stage.values:
        raise field_error("stage", "环节位置应为上游、中游或下游")
    if not name.strip():
        raise field_error("name", "请填写环节名称")
    if chain.links.filter(name=name.strip()).exists():
        raise field_error("name", "该产业链已有同名环节", code=IndustryErrorCode.DUPLICATE)
    link = ChainLink.objects.create(chain=chain, stage=stage, name=name.strip(), sort=chain.links.count())
    audit_record(
        actor=actor, action="industry.link_create", target=link, region=chain.region, after={"name": link.name}
    )
    return link


@transaction.atomic
def link_delete(*, actor: Any, link: ChainLink) -> None:
    require(actor, "industry.manage_chain", region_path=link.chain.region.path)
    if link.members.exists():
        raise Conflict(code="industry.link_in_use", message="该环节下还有链上企业，请先移出企业")
    audit_record(
        actor=actor, action="industry.link_delete", target=link, region=link.chain.region, before={"name": link.name}
    )
    link.delete()


def _enterprise(org_id: int) -> Organization:
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None:
        raise field_error("org_id", "企业不存在")
    if org.kind != OrgKind.ENTERPRISE:
        raise field_error("org_id", "只有企业可以加入产业链", code=IndustryErrorCode.NOT_ENTERPRISE)
    return org


def _clean_member(chain: Chain, link_id: int, role: str) -> ChainLink:
    link = chain.links.filter(pk=link_id).first()
    if link is None:
        raise field_error("link_id", "环节不属于该产业链")
    if role not in MemberRole.values:
        raise field_error("role", "企业类型应为样板企业、复制推广企业或链上企业")
    return link


@transaction.atomic
def member_add(
    *, actor: Any, chain: Chain, org_id: int, link_id: int, role: str, transformed_on: date | None
) -> ChainMember:
    require(actor, "industry.manage_chain", region_path=chain.region.path)
    link = _clean_member(chain, link_id, role)
    org = _enterprise(org_id)
    if not org.region.path.startswith(chain.region.path):
        raise field_error("org_id", "企业不在该产业链所属区域")
    try:
        with transaction.atomic():
            member = ChainMember.objects.create(
                chain=chain, link=link, org=org, role=role, transformed_on=transformed_on
            )
    except IntegrityError:
        raise field_error("org_id", "该企业已在本产业链中", code=IndustryErrorCode.DUPLICATE) from None
    summary.chain_changed(chain.pk)
    audit_record(
        actor=actor,
        action="industry.member_add",
        target=member,
        region=org.region,
        org_id=org.pk,
        after={"chain": chain.name, "link": link.name, "role": MemberRole(role).label},
    )
    return member


@transaction.atomic
def member_update(
    *, actor: Any, member: ChainMember, link_id: int, role: str, transformed_on: date | None
) -> ChainMember:
    require(actor, "industry.manage_chain", region_path=member.chain.region.path)
    link = _clean_member(member.chain, link_id, role)
    before = {"link": member.link.name, "role": member.role, "transformed_on": str(member.transformed_on or "")}
    member.link, member.role, member.transformed_on = link, role, transformed_on
    member.save(update_fields=["link", "role", "transformed_on"])
    summary.chain_changed(member.chain_id)
    audit_record(
        actor=actor,
        action="industry.member_update",
        target=member,
        region=member.org.region,
        org_id=member.org_id,
        before=before,
        after={"link": link.name, "role": role, "transformed_on": str(transformed_on or "")},
    )
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: ChainMember) -> None:
    require(actor, "industry.manage_chain", region_path=member.chain.region.path)
    summary.chain_changed(member.chain_id)
    audit_record(
        actor=actor,
        action="industry.member_remove",
        target=member,
        region=member.org.region,
        org_id=member.org_id,
        before={"chain": member.chain.name, "org": member.org.name},
    )
    member.delete()


# --- operating reports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueIn:
    indicator: str
    value: Any
    explanation: str = ""


def reporting_org(actor: Any, org_id: int | None) -> Organization:
    """The enterprise the actor reports for: the one given, else its only enterprise."""
    grant = user_grants(actor).grant("industry.report")
    if grant.empty:
        raise PermissionDenied()
    if org_id is None:
        ids = sorted(grant.org_ids)
        if len(ids) != 1:
            raise field_error("org_id", "请选择报送的企业")
        org_id = ids[0]
    org = Organization.objects.select_related("region").filter(pk=org_id, kind=OrgKind.ENTERPRISE).first()
    if org is None or not grant.covers(org_id=org.pk, region_path=org.region.path):
        raise NotFound("企业不存在或无权访问")
    return org


def clean_value(ind: config.Indicator, raw: Any) -> Decimal:
    field = f"values.{ind.code}"
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise field_error(field, f"{ind.name}应为数字（单位：{ind.unit}）") from None
    if not value.is_finite():
        raise field_error(field, f"{ind.name}应为数字（单位：{ind.unit}）")
    if value != value.quantize(CENT):
        raise field_error(field, f"{ind.name}最多保留两位小数")
    if abs(value) > MAX_VALUE:
        raise field_error(field, f"{ind.name}数值过大，请核对单位（{ind.unit}）")
    if value < 0 and not ind.signed:
        raise field_error(field, f"{ind.name}不能为负数")
    if ind.kind == "count" and value != value.to_integral_value():
        raise field_error(field, f"{ind.name}应为整数")
    if ind.kind == "percent" and not Decimal(0) <= value <= Decimal(100):
        raise field_error(field, f"{ind.name}应在 0–100 之间")
    return value.quantize(CENT)


def change_of(value: Decimal, previous: Decimal | None) -> Decimal | None:
    if previous is None or previous == 0:
        return None
    return ((value - previous) / abs(previous) * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _previous_values(org: Organization, period: config.Period) -> dict[str, Decimal]:
    prev = config.period_previous(period)
    return dict(
        ReportValue.objects.filter(
            report__org=org,
            report__period=prev.code,
            report__status__in=(ReportStatus.SUBMITTED, ReportStatus.CONFIRMED),
        ).values_list("indicator", "value")
    )


def _parse_period(code: str) -> config.Period:
    period = config.period_parse(code)
    if period is None:
        example = "2026-03" if config.frequency() == "month" else "2026-Q1"
        raise field_error("period", f"报送期格式不正确，应形如 {example}", code=IndustryErrorCode.INVALID_PERIOD)
    return period


@transaction.atomic
def report_save(*, actor: Any, org_id: int | None, period: str, values: list[ValueIn]) -> OperatingReport:
    """Create or update the enterprise's report of one period (draft or returned); flags jumps."""
    org = reporting_org(actor, org_id)
    p = _parse_period(period)
    if p.start > timezone.localdate():
        raise field_error("period", "报送期尚未开始", code=IndustryErrorCode.INVALID_PERIOD)
    known = config.indicator_map()
    cleaned: dict[str, tuple[Decimal, str]] = {}
    for v in values:
        ind = known.get(v.indicator)
        if ind is None:
            raise field_error("values", f"指标不存在：{v.indicator}")
        if v.indicator in cleaned:
            raise field_error(f"values.{v.indicator}", f"{ind.name}重复填写")
        if v.value is None or str(v.value).strip() == "":
            continue
        cleaned[v.indicator] = (clean_value(ind, v.value), v.explanation.strip())
    if not cleaned:
        raise field_error("values", "请至少填写一项指标")
    report = OperatingReport.objects.select_for_update().filter(org=org, period=p.code).first()
    if report is None:
        report = OperatingReport.objects.create(
            org=org,
            region=org.region,
            period=p.code,
            period_start=p.start,
            due_on=p.due_on,
            config_version=config.version(),
        )
    elif report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise Conflict(
            code="industry.report_locked",
            message=f"该期数据{ReportStatus(report.status).label}，不能修改",
            details={"current": report.status},
        )
    previous = _previous_values(org, p)
    report.values.all().delete()
    rows = []
    for code, (value, explanation) in cleaned.items():
        prev = previous.get(code)
        change = change_of(value, prev)
        flagged = change is not None and abs(change) > config.jump_pct()
        rows.append(
            ReportValue(
                report=report,
                indicator=code,
                value=value,
                previous=prev,
                change_pct=change,
                flagged=flagged,
                explanation=explanation[:300],
            )
        )
    ReportValue.objects.bulk_create(rows)
    report.flagged = sum(1 for r in rows if r.flagged)
    report.min_change_pct = min((r.change_pct for r in rows if r.change_pct is not None), default=None)
    report.save(update_fields=["flagged", "min_change_pct", "updated_at"])
    summary.parts_changed(org.pk, [p.code], confirmed=False)
    audit_record(
        actor=actor,
        action="industry.report_save",
        target=report,
        region=org.region,
        org_id=org.pk,
        after={"period": p.code, "values": {r.indicator: str(r.value) for r in rows}, "flagged": report.flagged},
    )
    return report


def _lock(report: OperatingReport) -> OperatingReport:
    return (
        OperatingReport.objects.select_for_update(of=("self",))
        .select_related("org__region", "region")
        .get(pk=report.pk)
    )


def _transition(report: OperatingReport, action: str, allowed_from: tuple[str, ...]) -> None:
    if report.status not in allowed_from:
        raise Conflict(
            code="invalid_transition",
            message=f"当前状态（{ReportStatus(report.status).label}）不允许执行该操作",
            details={"current": report.status, "action": action, "allowed": list(allowed_from)},
        )


@transaction.atomic
def report_submit(*, actor: Any, report: OperatingReport) -> OperatingReport:
    report = _lock(report)
    require(actor, "industry.report", org_id=report.org_id)
    _transition(report, "submit", (ReportStatus.DRAFT, ReportStatus.RETURNED))
    missing = {
        f"values.{v.indicator}": f"{config.indicator_map()[v.indicator].name}环比变动 {v.change_pct}% 超过 "
        f"{config.jump_pct()}%，请说明原因（至少 {MIN_EXPLANATION} 个字）"
        for v in report.values.filter(flagged=True)
        if len(v.explanation) < MIN_EXPLANATION and v.indicator in config.indicator_map()
    }
    if missing:
        raise ValidationFailed(
            code=IndustryErrorCode.EXPLANATION_REQUIRED,
            message="有指标与上期相比波动异常，请填写说明后再提交",
            details={"fields": missing},
        )
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, timezone.now(), actor
    report.review_note = ""
    report.save(update_fields=["status", "submitted_at", "submitted_by", "review_note", "updated_at"])
    summary.parts_changed(report.org_id, [report.period], confirmed=False)
    audit_record(
        actor=actor,
        action="industry.report_submit",
        target=report,
        region=report.region,
        org_id=report.org_id,
        after={"period": report.period, "flagged": report.flagged},
    )
    _notify_county(report)
    return report


def _notify_county(report: OperatingReport) -> None:
    from smedt.notify.services import message_send
    from smedt.rbac.models import RoleAssignment

    ids = RoleAssignment.objects.filter(
        role__permissions__code="industry.confirm_report", region_id=report.region_id
    ).values_list("user_id", flat=True)
    period = config.period_parse(report.period)
    message_send(
        recipient_ids=ids,
        title=f"经营数据待确认：{report.org.name} {period.label if period else report.period}",
        body=f"异常波动 {report.flagged} 项" if report.flagged else "",
        link=f"/industry/reports?id={report.pk}",
        category="industry",
        dedupe_key=f"industry.submitted.{report.pk}.{report.submitted_at:%Y%m%d%H%M%S}" if report.submitted_at else "",
    )


@transaction.atomic
def report_confirm(*, actor: Any, report: OperatingReport, note: str = "") -> OperatingReport:
    """County confirmation: the figures become facts of 一企一档 (provenance 审核确认)."""
    from smedt.enterprises.services.profile import period_facts_record

    report = _lock(report)
    require(actor, "industry.confirm_report", region_path=report.region.path)
    if actor.pk == report.submitted_by_id:
        raise PermissionDenied("不能确认自己报送的数据")
    _transition(report, "confirm", (ReportStatus.SUBMITTED,))
    report.status, report.confirmed_at, report.confirmed_by = ReportStatus.CONFIRMED, timezone.now(), actor
    report.review_note = note.strip()
    report.save(update_fields=["status", "confirmed_at", "confirmed_by", "review_note", "updated_at"])
    values = {f"industry.{v.indicator}.{report.period}": str(v.value) for v in report.values.all()}
    period_facts_record(org=report.org, year=report.period_start.year, values=values, actor=actor)
    summary.parts_changed(report.org_id, [report.period], confirmed=True)
    audit_record(
        actor=actor,
        action="industry.report_confirm",
        target=report,
        region=report.region,
        org_id=report.org_id,
        after={"period": report.period, "facts": len(values)},
    )
    _notify_org(report, f"经营数据已确认：{report.period}", report.review_note)
    return report


@transaction.atomic
def report_return(*, actor: Any, report: OperatingReport, note: str) -> OperatingReport:
    report = _lock(report)
    require(actor, "industry.confirm_report", region_path=report.region.path)
    if len(note.strip()) < MIN_EXPLANATION:
        raise field_error("note", f"请填写退回原因（至少 {MIN_EXPLANATION} 个字）")
    _transition(report, "return", (ReportStatus.SUBMITTED,))
    report.status, report.review_note = ReportStatus.RETURNED, note.strip()
    report.save(update_fields=["status", "review_note", "updated_at"])
    summary.parts_changed(report.org_id, [report.period], confirmed=False)
    audit_record(
        actor=actor,
        action="industry.report_return",
        target=report,
        region=report.region,
        org_id=report.org_id,
        after={"period": report.period, "note": report.review_note},
    )
    _notify_org(report, f"经营数据被退回修改：{report.period}", report.review_note)
    return report


def _notify_org(report: OperatingReport, title: str, body: str) -> None:
    from smedt.notify.services import message_send
    from smedt.rbac.models import RoleAssignment

    ids = RoleAssignment.objects.filter(org_id=report.org_id).values_list("user_id", flat=True)
    message_send(recipient_ids=ids, title=title, body=body, link="/industry/report", category="industry")


def reminders_send(*, today: date | None = None) -> int:
    """Remind every chain enterprise that has not submitted the period now due: once when it opens,
    once more when it is overdue (dedupe keys make repeated runs harmless)."""
    from smedt.notify.services import message_send
    from smedt.rbac.models import RoleAssignment

    today = today or timezone.localdate()
    period = config.period_current_due(today)
    late = today > period.due_on
    reported = OperatingReport.objects.filter(
        period=period.code, status__in=(ReportStatus.SUBMITTED, ReportStatus.CONFIRMED)
    ).values("org_id")
    org_ids = set(ChainMember.objects.exclude(org_id__in=reported).values_list("org_id", flat=True).distinct())
    users: dict[int, list[int]] = {}
    for org_id, user_id in RoleAssignment.objects.filter(
        org_id__in=sorted(org_ids), role__permissions__code="industry.report"
    ).values_list("org_id", "user_id"):
        users.setdefault(org_id, []).append(user_id)
    sent = 0
    kind = "late" if late else "due"
    for org_id, ids in sorted(users.items()):
        sent += message_send(
            recipient_ids=ids,
            title=(
                f"{period.label}经营数据已逾期，请尽快报送"
                if late
                else f"请于 {period.due_on:%m月%d日} 前报送{period.label}经营数据"
            ),
            link="/industry/report",
            category="industry",
            dedupe_key=f"industry.remind.{kind}.{period.code}.{org_id}",
            sms=True,  # a reporting reminder is a service notice: also by SMS
        )
    return sent
