"""一企一档 writes: basic data and yearly figures, each changed fact recorded with its provenance."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import NotFound, PermissionDenied
from smedt.enterprises import sizing
from smedt.enterprises.errors import EnterpriseErrorCode
from smedt.enterprises.models import EnterpriseProfile, EnterpriseYearFigure, FactRecord, FactSource
from smedt.enterprises.services.common import actor_name, clean_dict_list, field_error, visible_attachment
from smedt.enterprises.services.facts import facts_changed
from smedt.files.models import Attachment
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require

INDUSTRY_RE = re.compile(r"^[A-T]\d{4}$")
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

PROFILE_FIELDS = {
    "registered_capital": "注册资本",
    "founded_on": "成立日期",
    "legal_representative": "法定代表人",
    "industry_code": "行业代码",
    "sub_industries": "试点细分行业",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "contact_email": "电子邮箱",
    "business_scope": "主营业务",
    "above_scale": "规上企业",
}
MONEY_FIGURES = {
    "operating_revenue": "营业收入",
    "rd_expense": "研发费用",
    "profit": "利润总额",
    "total_assets": "资产总额",
    "export_revenue": "出口额",
}
COUNT_FIGURES = {
    "employees": "从业人员",
    "rd_staff": "研发人员",
    "invention_patents": "发明专利",
    "utility_patents": "实用新型专利",
    "design_patents": "外观设计专利",
    "software_copyrights": "软件著作权",
}
FIGURE_FIELDS = {**MONEY_FIGURES, **COUNT_FIGURES}
MAX_MONEY = Decimal("99999999999999.99")


def fact_value(field: str, value: Any) -> str:
    if value is None:
        return ""
    if field == "contact_phone":
        from smedt.orgs.selectors import phone_masked

        return phone_masked(str(value))
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def clean_money(value: Any, *, field: str, label: str, allow_negative: bool = False) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        dec = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise field_error(field, f"{label}应为数字（单位：万元）") from None
    if not dec.is_finite():
        raise field_error(field, f"{label}应为数字（单位：万元）")
    if dec < 0 and not allow_negative:
        raise field_error(field, f"{label}不能为负数")
    if abs(dec) > MAX_MONEY:
        raise field_error(field, f"{label}数值过大")
    return dec.quantize(Decimal("0.01"))


def clean_count(value: Any, *, field: str, label: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        dec = Decimal(str(value).strip())
    except InvalidOperation:
        raise field_error(field, f"{label}应为整数") from None
    if not dec.is_finite() or dec != dec.to_integral_value():
        raise field_error(field, f"{label}应为整数")
    if dec < 0:
        raise field_error(field, f"{label}不能为负数")
    if dec > 10_000_000:
        raise field_error(field, f"{label}数值过大")
    return int(dec)


def clean_year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise field_error("year", "年度应为四位数字") from None
    if not 2000 <= year <= timezone.localdate().year:
        raise field_error("year", f"年度应在 2000 至 {timezone.localdate().year} 之间")
    return year


def clean_profile_changes(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in PROFILE_FIELDS:
            continue
        if key == "registered_capital":
            out[key] = clean_money(value, field=key, label="注册资本")
        elif key == "founded_on":
            if value in (None, ""):
                out[key] = None
            else:
                if isinstance(value, str):
                    try:
                        value = date.fromisoformat(value)
                    except ValueError:
                        raise field_error(key, "成立日期格式应为 YYYY-MM-DD") from None
                if value > timezone.localdate():
                    raise field_error(key, "成立日期不能晚于今天")
                out[key] = value
        elif key == "industry_code":
            code = str(value or "").strip().upper()
            if code and not INDUSTRY_RE.match(code):
                raise field_error(key, "行业代码应为 GB/T 4754 小类代码，如 C3670")
            out[key] = code
        elif key == "sub_industries":
            out[key] = clean_dict_list(
                value or [], dict_code="pilot_sub_industry", field=key, label="细分行业", required=False
            )
        elif key == "above_scale":
            if value not in (None, True, False):
                raise field_error(key, "规上企业应为“是”或“否”")
            out[key] = value
        elif key == "contact_phone":
            phone = str(value or "").strip()
            if phone and not PHONE_RE.match(phone):
                raise field_error(key, "联系电话格式不正确")
            out[key] = phone
        elif key == "contact_email":
            email = str(value or "").strip()
            if email and not EMAIL_RE.match(email):
                raise field_error(key, "电子邮箱格式不正确")
            out[key] = email
        else:
            out[key] = str(value or "").strip()
            limit = 2000 if key == "business_scope" else 64
            if len(out[key]) > limit:
                raise field_error(key, f"{PROFILE_FIELDS[key]}不能超过 {limit} 个字")
    return out


def clean_figure_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in MONEY_FIGURES:
            out[key] = clean_money(value, field=key, label=MONEY_FIGURES[key], allow_negative=key == "profit")
        elif key in COUNT_FIGURES:
            out[key] = clean_count(value, field=key, label=COUNT_FIGURES[key])
    return out


def source_for(actor: Any, org: Organization, *, code: str = "enterprises.edit_profile") -> str:
    """Government in scope → 审核确认; a member of the enterprise → 企业自报. Raises 403 otherwise."""
    if actor is None:
        return FactSource.GOVERNMENT_IMPORT
    grant = user_grants(actor).grant(code)
    if grant.covers(region_path=org.region.path):
        return FactSource.REVIEWER_CONFIRMED
    if grant.covers(org_id=org.pk):
        return FactSource.SELF_DECLARED
    raise PermissionDenied("该企业不在您的管辖范围内")


def record_facts(
    *,
    profile: EnterpriseProfile,
    year: int | None,
    values: dict[str, Any],
    source: str,
    actor: Any,
    evidence: Attachment | None,
) -> list[FactRecord]:
    if not values:
        return []
    FactRecord.objects.filter(profile=profile, year=year, field__in=list(values), is_current=True).update(
        is_current=False
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    return FactRecord.objects.bulk_create(
        [
            FactRecord(
                profile=profile,
                year=year,
                field=field,
                value=fact_value(field, value),
                source=source,
                recorded_by=user,
                recorded_by_name=actor_name(actor) if actor is not None else "系统导入",
                evidence=evidence,
            )
            for field, value in values.items()
        ]
    )


def profile_for_org(*, org: Organization) -> EnterpriseProfile:
    """The profile of an enterprise, created empty on first use (no facts yet, so nothing to audit)."""
    if org.kind != OrgKind.ENTERPRISE:
        raise field_error("org", "只有企业可以建立企业档案", code=EnterpriseErrorCode.NOT_ENTERPRISE)
    profile, _ = EnterpriseProfile.objects.get_or_create(org=org)
    return profile


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(obj, k) != v}


def profile_apply(
    *, profile: EnterpriseProfile, values: dict[str, Any], source: str, actor: Any, evidence: Attachment | None
) -> dict[str, Any]:
    """Write cleaned values and their facts; returns what changed (no permission check: callers do it)."""
    changed = _changed(profile, values)
    for k, v in changed.items():
        setattr(profile, k, v)
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
        record_facts(profile=profile, year=None, values=changed, source=source, actor=actor, evidence=evidence)
    return changed


def _locked_profile(org: Organization) -> EnterpriseProfile:
    """The enterprise's record, locked; created here (inside the caller's transaction) on first write."""
    profile = profile_for_org(org=org)
    return EnterpriseProfile.objects.select_for_update(of=("self",)).select_related("org__region").get(pk=profile.pk)


@transaction.atomic
def profile_update(
    *, actor: Any, org: Organization, changes: dict[str, Any], evidence_id: Any = None
) -> EnterpriseProfile:
    source = source_for(actor, org)
    profile = _locked_profile(org)
    values = clean_profile_changes(changes)
    evidence = visible_attachment(actor, evidence_id, field="evidence_id") if evidence_id else None
    before = {k: fact_value(k, getattr(profile, k)) for k in values}
    changed = profile_apply(profile=profile, values=values, source=source, actor=actor, evidence=evidence)
    if changed:
        figures_resize(profile=profile)
        facts_changed(org_id=profile.org_id)
        audit_record(
            actor=actor,
            action="enterprises.profile_update",
            target=profile,
            region=profile.org.region,
            org_id=profile.org_id,
            before={k: before[k] for k in changed},
            after={k: fact_value(k, v) for k, v in changed.items()} | {"source": source},
        )
    return profile


def compute_size(profile: EnterpriseProfile, figure: EnterpriseYearFigure) -> sizing.SizeResult:
    return sizing.size_class(
        thresholds=sizing.packaged_thresholds(),
        industry_code=profile.industry_code or profile.org.industry_code,
        employees=figure.employees,
        revenue=figure.operating_revenue,
        total_assets=figure.total_assets,
    )


def _apply_size(profile: EnterpriseProfile, figure: EnterpriseYearFigure) -> list[str]:
    result = compute_size(profile, figure)
    new = (result.size_class or "", result.sector, result.version)
    if (figure.size_class, figure.size_sector, figure.size_version) == new:
        return []
    figure.size_class, figure.size_sector, figure.size_version = new
    return ["size_class", "size_sector", "size_version"]


def figures_resize(*, profile: EnterpriseProfile) -> None:
    """The industry code changed: every year's size class may change with it."""
    for figure in profile.figures.all():
        fields = _apply_size(profile, figure)
        if fields:
            figure.save(update_fields=fields)


def figure_apply(
    *,
    profile: EnterpriseProfile,
    year: int,
    values: dict[str, Any],
    source: str,
    actor: Any,
    evidence: Attachment | None,
) -> tuple[EnterpriseYearFigure, dict[str, Any]]:
    figure = EnterpriseYearFigure.objects.select_for_update(of=("self",)).filter(profile=profile, year=year).first()
    if figure is None:
        figure = EnterpriseYearFigure(profile=profile, year=year)
    merged = {k: values.get(k, getattr(figure, k)) for k in FIGURE_FIELDS}
    if merged["rd_staff"] is not None and merged["employees"] is not None and merged["rd_staff"] > merged["employees"]:
        raise field_error("rd_staff", "研发人员不能多于从业人员")
    if (
        merged["rd_expense"] is not None
        and merged["operating_revenue"] is not None
        and merged["rd_expense"] > merged["operating_revenue"] * 10
        and merged["operating_revenue"] > 0
    ):
        raise field_error("rd_expense", "研发费用与营业收入相差过大，请核对单位（万元）")
    changed = _changed(figure, values) if figure.pk else {k: v for k, v in values.items() if v is not None}
    for k, v in changed.items():
        setattr(figure, k, v)
    size_fields = _apply_size(profile, figure)
    if figure.pk is None:
        figure.save()
    elif changed or size_fields:
        figure.save(update_fields=[*changed, *size_fields, "updated_at"])
    record_facts(profile=profile, year=year, values=changed, source=source, actor=actor, evidence=evidence)
    return figure, changed


@transaction.atomic
def figure_upsert(
    *, actor: Any, org: Organization, year: int, values: dict[str, Any], evidence_id: Any = None
) -> EnterpriseYearFigure:
    source = source_for(actor, org)
    profile = _locked_profile(org)
    year = clean_year(year)
    cleaned = clean_figure_values(values)
    evidence = visible_attachment(actor, evidence_id, field="evidence_id") if evidence_id else None
    figure, changed = figure_apply(
        profile=profile, year=year, values=cleaned, source=source, actor=actor, evidence=evidence
    )
    if changed:
        facts_changed(org_id=profile.org_id)
        audit_record(
            actor=actor,
            action="enterprises.figure_upsert",
            target=profile,
            region=profile.org.region,
            org_id=profile.org_id,
            after={"year": year, **{k: fact_value(k, v) for k, v in changed.items()}, "source": source},
        )
    return figure


@transaction.atomic
def facts_confirm(
    *, actor: Any, profile: EnterpriseProfile, year: int | None, fields: list[str], evidence_id: Any = None
) -> list[FactRecord]:
    """A reviewer confirms the current values of some fields: they become 审核确认 facts."""
    profile = EnterpriseProfile.objects.select_for_update(of=("self",)).select_related("org__region").get(pk=profile.pk)
    require(actor, "enterprises.confirm_profile", region_path=profile.org.region.path)
    if year is None:
        target: Any = profile
        known = PROFILE_FIELDS
    else:
        target = profile.figures.filter(year=year).first()
        if target is None:
            raise NotFound(f"{year} 年度数据不存在")
        known = FIGURE_FIELDS
    unknown = [f for f in fields if f not in known]
    if unknown or not fields:
        raise field_error("fields", f"字段不正确：{'、'.join(unknown) or '未选择'}")
    evidence = visible_attachment(actor, evidence_id, field="evidence_id") if evidence_id else None
    values = {f: getattr(target, f) for f in fields}
    facts = record_facts(
        profile=profile, year=year, values=values, source=FactSource.REVIEWER_CONFIRMED, actor=actor, evidence=evidence
    )
    audit_record(
        actor=actor,
        action="enterprises.facts_confirm",
        target=profile,
        region=profile.org.region,
        org_id=profile.org_id,
        after={"year": year, "fields": fields},
    )
    return facts


def period_facts_record(*, org: Organization, year: int, values: dict[str, str], actor: Any) -> int:
    """Figures another module had confirmed by a reviewer for one period (e.g. the industry module's
    monthly operating data) enter 一企一档 as facts with provenance 审核确认. Keys name the figure and
    the period, e.g. ``industry.revenue.2026-03``; an earlier record of the same key stops being current.
    Runs inside the caller's transaction; the caller has checked permission and scope."""
    profile = profile_for_org(org=org)
    return len(
        record_facts(
            profile=profile, year=year, values=values, source=FactSource.REVIEWER_CONFIRMED, actor=actor, evidence=None
        )
    )
