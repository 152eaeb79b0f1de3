"""Writes of policies: create, edit, conditions (extracted proposals, editor's confirmation), publish,
withdraw. Each is atomic and audited; a change to a published policy is a new version and re-runs
matching in the background; public pages are invalidated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.core.publiccache import public_content_changed
from smedt.files.models import Attachment
from smedt.policies.errors import PolicyErrorCode as E
from smedt.policies.extract import extract
from smedt.policies.indicators import INDICATORS, TIERS
from smedt.policies.models import (
    Department,
    MatchRun,
    Policy,
    PolicyCondition,
    PolicyLevel,
    PolicyStatus,
    PolicyVersion,
    SupportType,
)
from smedt.rbac.services import require
from smedt.regions.models import Region, RegionLevel

EDITABLE = (
    "title",
    "issuer",
    "doc_number",
    "level",
    "department",
    "issued_on",
    "window_start",
    "window_end",
    "expires_on",
    "support_type",
    "amount_max",
    "amount_text",
    "keywords",
    "summary",
    "body",
)
MAX_THRESHOLD = Decimal("99999999999999")


def invalid(field: str, message: str, code: str = E.INVALID_FIELD) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def _check(values: Mapping[str, Any]) -> None:
    for key, label in (("title", "政策名称"), ("issuer", "发文机关")):
        if key in values and not str(values[key] or "").strip():
            raise invalid(key, f"请填写{label}")
    if "level" in values and values["level"] not in PolicyLevel.values:
        raise invalid("level", "政策层级不正确")
    if "department" in values and values["department"] not in Department.values:
        raise invalid("department", "主管部门不正确")
    if "support_type" in values and values["support_type"] not in SupportType.values:
        raise invalid("support_type", "支持方式不正确")
    amount = values.get("amount_max")
    if amount is not None and Decimal(amount) < 0:
        raise invalid("amount_max", "金额不能为负数")
    if "keywords" in values:
        kws = values["keywords"] or []
        if len(kws) > 20 or any(not str(k).strip() or len(str(k)) > 20 for k in kws):
            raise invalid("keywords", "关键词最多 20 个，每个不超过 20 个字")


def _check_dates(p: Policy) -> None:
    if p.window_start and p.window_end and p.window_start > p.window_end:
        raise invalid("window_end", "申报截止日期不能早于开始日期")
    if p.issued_on and p.expires_on and p.expires_on < p.issued_on:
        raise invalid("expires_on", "有效期不能早于发布日期")


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code, is_active=True).first()
    if region is None or region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        raise invalid("region_code", "请选择市或县（区）")
    return region


def _attachments(actor: Any, policy: Policy, ids: Sequence[UUID]) -> list[Attachment]:
    wanted = {str(i) for i in ids}
    kept = {str(a.pk) for a in policy.attachments.all()} if policy.pk else set()
    rows = list(Attachment.objects.filter(pk__in=sorted(wanted)))
    ok = [a for a in rows if str(a.pk) in kept or a.uploaded_by_id == getattr(actor, "pk", None)]
    if len(ok) != len(wanted):
        raise invalid("attachment_ids", "附件不存在或不是您上传的文件")
    return ok


def snapshot_of(p: Policy) -> dict[str, Any]:
    return {
        **{k: (str(getattr(p, k)) if getattr(p, k) is not None else None) for k in EDITABLE if k != "keywords"},
        "keywords": list(p.keywords or []),
        "conditions": [condition_snapshot(c) for c in p.conditions.filter(confirmed=True)],
    }


def condition_snapshot(c: PolicyCondition) -> dict[str, Any]:
    return {
        "indicator": c.indicator,
        "operator": c.operator,
        "threshold": None if c.threshold is None else str(c.threshold.normalize()),
        "values": list(c.values or []),
        "unit": c.unit,
    }


@transaction.atomic
def policy_create(
    *, actor: Any, values: Mapping[str, Any], region_code: str, attachment_ids: Sequence[UUID] = ()
) -> Policy:
    region = _region(region_code)
    require(actor, "policies.manage_policy", region_path=region.path)
    _check({"title": "", "issuer": "", **values})
    p = Policy(region=region, created_by=actor, **{k: v for k, v in values.items() if k in EDITABLE})
    p.title, p.issuer = p.title.strip(), p.issuer.strip()
    _check_dates(p)
    p.save()
    if attachment_ids:
        p.attachments.set(_attachments(actor, p, attachment_ids))
    audit_record(actor=actor, action="policies.policy_create", target=p, after={"title": p.title}, region=region)
    return p


@transaction.atomic
def policy_update(
    *, actor: Any, policy: Policy, changes: Mapping[str, Any], attachment_ids: Sequence[UUID] | None = None
) -> Policy:
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    require(actor, "policies.manage_policy", region_path=p.region.path)
    if p.status == PolicyStatus.WITHDRAWN:
        raise Conflict(code=E.INVALID_STATE, message="已撤回的政策不能修改")
    _check(changes)
    before = {k: str(getattr(p, k)) for k in changes if k in EDITABLE}
    fields = []
    for k, v in changes.items():
        if k in EDITABLE:
            setattr(p, k, v.strip() if isinstance(v, str) and k in ("title", "issuer") else v)
            fields.append(k)
    _check_dates(p)
    if fields:
        p.save(update_fields=[*fields, "updated_at"])
    if attachment_ids is not None:
        p.attachments.set(_attachments(actor, p, attachment_ids))
    audit_record(
        actor=actor,
        action="policies.policy_update",
        target=p,
        before=before,
        after={k: str(getattr(p, k)) for k in fields},
    )
    if p.status == PolicyStatus.PUBLISHED:
        _new_version(actor, p)
    return p


def _clean_condition(raw: Mapping[str, Any], i: int) -> dict[str, Any]:
    field = f"conditions.{i}"
    ind = INDICATORS.get(str(raw.get("indicator") or ""))
    if ind is None:
        raise invalid(field, f"第 {i + 1} 条：指标不存在", E.INVALID_CONDITION)
    op = str(raw.get("operator") or "")
    if op not in ind.operators:
        raise invalid(field, f"第 {i + 1} 条：{ind.label}不能使用该运算符", E.INVALID_CONDITION)
    values = [str(v).strip() for v in (raw.get("values") or []) if str(v).strip()]
    threshold = raw.get("threshold")
    unit = str(raw.get("unit") or "")
    if ind.kind == "number":
        if threshold is None:
            raise invalid(field, f"第 {i + 1} 条：请填写{ind.label}的阈值", E.INVALID_CONDITION)
        threshold = Decimal(str(threshold))
        if threshold < 0 or threshold > MAX_THRESHOLD:
            raise invalid(field, f"第 {i + 1} 条：阈值超出范围", E.INVALID_CONDITION)
        unit = unit or ind.unit
        if unit not in ind.units:
            raise invalid(field, f"第 {i + 1} 条：{ind.label}的单位只能是{'、'.join(ind.units)}", E.INVALID_CONDITION)
        values = []
    else:
        threshold, unit = None, ""
        if not values:
            raise invalid(field, f"第 {i + 1} 条：请选择{ind.label}", E.INVALID_CONDITION)
        if ind.kind == "tier" and (len(values) != 1 or values[0] not in TIERS):
            raise invalid(field, f"第 {i + 1} 条：梯度培育层级不正确", E.INVALID_CONDITION)
        if ind.kind == "region":
            known = set(Region.objects.filter(code__in=values).values_list("code", flat=True))
            if known != set(values):
                raise invalid(field, f"第 {i + 1} 条：区划不存在", E.INVALID_CONDITION)
        if ind.kind == "industry" and any(
            not (v[:1].isalpha() and v[:1].isupper() and (v[1:] == "" or v[1:].isdigit())) for v in values
        ):
            raise invalid(field, f"第 {i + 1} 条：行业代码格式应为门类字母加数字，如 C 或 C34", E.INVALID_CONDITION)
    return {
        "indicator": ind.code,
        "operator": op,
        "threshold": threshold,
        "values": values,
        "unit": unit,
        "source_sentence": str(raw.get("source_sentence") or "")[:500],
        "confirmed": bool(raw.get("confirmed")),
        "proposed": bool(raw.get("proposed")),
    }


def clean_conditions(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if len(rows) > 50:
        raise invalid("conditions", "条件最多 50 条", E.INVALID_CONDITION)
    return [_clean_condition(r, i) for i, r in enumerate(rows)]


@transaction.atomic
def conditions_set(*, actor: Any, policy: Policy, conditions: Sequence[Mapping[str, Any]]) -> Policy:
    """Replace the policy's conditions with the editor's list (confirmed or not)."""
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    require(actor, "policies.manage_policy", region_path=p.region.path)
    if p.status == PolicyStatus.WITHDRAWN:
        raise Conflict(code=E.INVALID_STATE, message="已撤回的政策不能修改")
    cleaned = clean_conditions(conditions)
    before = [condition_snapshot(c) for c in p.conditions.filter(confirmed=True)]
    p.conditions.all().delete()
    PolicyCondition.objects.bulk_create([PolicyCondition(policy=p, position=i, **c) for i, c in enumerate(cleaned)])
    after = [condition_snapshot(c) for c in p.conditions.filter(confirmed=True)]
    audit_record(
        actor=actor,
        action="policies.conditions_set",
        target=p,
        before={"conditions": before},
        after={"conditions": after},
    )
    if p.status == PolicyStatus.PUBLISHED and before != after:
        if not after:
            raise invalid("conditions", "已发布的政策至少保留一条已确认的条件", E.NO_CONDITIONS)
        _new_version(actor, p)
    return p


def region_names() -> dict[str, str]:
    return {name: code for code, name in Region.objects.filter(is_active=True).values_list("code", "name")}


@transaction.atomic
def conditions_extract(*, actor: Any, policy: Policy, text: str | None = None) -> list[PolicyCondition]:
    """Propose conditions from the text (or the policy's own text): unconfirmed proposals replace the
    earlier unconfirmed ones; confirmed conditions stay."""
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    require(actor, "policies.manage_policy", region_path=p.region.path)
    if p.status == PolicyStatus.WITHDRAWN:
        raise Conflict(code=E.INVALID_STATE, message="已撤回的政策不能修改")
    source = text if text is not None else p.body
    if not (source or "").strip():
        raise invalid("text", "请先粘贴政策原文")
    if text is not None and text != p.body:
        p.body = text
        p.save(update_fields=["body", "updated_at"])
    proposals = extract(source, region_names=region_names())
    p.conditions.filter(confirmed=False).delete()
    kept = list(p.conditions.all())
    start = len(kept)
    keys = {
        (c.indicator, c.operator, str(c.threshold.normalize()) if c.threshold is not None else "", ",".join(c.values))
        for c in kept
    }
    rows: list[PolicyCondition] = []
    for pr in proposals:
        key = (
            pr.indicator,
            pr.operator,
            str(pr.threshold.normalize()) if pr.threshold is not None else "",
            ",".join(pr.values),
        )
        if key in keys:
            continue
        rows.append(
            PolicyCondition(
                policy=p,
                position=start + len(rows),
                indicator=pr.indicator,
                operator=pr.operator,
                threshold=pr.threshold,
                values=pr.values,
                unit=pr.unit,
                source_sentence=pr.sentence,
                confirmed=False,
                proposed=True,
            )
        )
    PolicyCondition.objects.bulk_create(rows)
    audit_record(actor=actor, action="policies.conditions_extract", target=p, after={"proposed": len(rows)})
    return list(p.conditions.all())


def _new_version(actor: Any, p: Policy) -> MatchRun:
    """Record the published content as a new version, invalidate public pages, re-run matching."""
    from smedt.policies.tasks import run_matching

    p.version += 1
    p.save(update_fields=["version", "updated_at"])
    PolicyVersion.objects.create(policy=p, version=p.version, snapshot=snapshot_of(p), actor=actor)
    run = MatchRun.objects.create(policy=p, policy_version=p.version)
    transaction.on_commit(lambda: run_matching.enqueue(run_id=run.pk))
    public_content_changed()
    return run


@transaction.atomic
def policy_publish(*, actor: Any, policy: Policy, today: date | None = None) -> Policy:
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    require(actor, "policies.manage_policy", region_path=p.region.path)
    if p.status == PolicyStatus.PUBLISHED:
        raise Conflict(code=E.INVALID_STATE, message="政策已发布")
    today = today or timezone.localdate()
    if p.expires_on and p.expires_on < today:
        raise Conflict(code=E.EXPIRED, message="政策已过有效期，不能发布")
    if not p.conditions.filter(confirmed=True).exists():
        raise invalid("conditions", "发布前请至少确认一条匹配条件（未确认的建议不参与匹配）", E.NO_CONDITIONS)
    p.status, p.published_at = PolicyStatus.PUBLISHED, timezone.now()
    p.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="policies.policy_publish", target=p, after={"version": p.version + 1})
    _new_version(actor, p)
    return p


@transaction.atomic
def policy_withdraw(*, actor: Any, policy: Policy) -> Policy:
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    require(actor, "policies.manage_policy", region_path=p.region.path)
    if p.status != PolicyStatus.PUBLISHED:
        raise Conflict(code=E.INVALID_STATE, message="只有已发布的政策可以撤回")
    p.status = PolicyStatus.WITHDRAWN
    p.save(update_fields=["status", "updated_at"])
    p.matches.all().delete()
    audit_record(actor=actor, action="policies.policy_withdraw", target=p)
    public_content_changed()
    return p


@transaction.atomic
def rematch_request(*, actor: Any, policy: Policy) -> MatchRun:
    from smedt.policies.tasks import run_matching

    require(actor, "policies.manage_policy", region_path=policy.region.path)
    if policy.status != PolicyStatus.PUBLISHED:
        raise Conflict(code=E.INVALID_STATE, message="只有已发布的政策参与匹配")
    run = MatchRun.objects.create(policy=policy, policy_version=policy.version)
    transaction.on_commit(lambda: run_matching.enqueue(run_id=run.pk))
    return run
