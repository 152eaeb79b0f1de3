"""Writes on typical cases (典型案例): edit, record the enterprise's consent, publish, withdraw."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict
from smedt.orgs.models import OrgKind
from smedt.portal import workflow
from smedt.portal.errors import PortalErrorCode
from smedt.portal.models import TypicalCase
from smedt.portal.sanitize import rich_text_clean
from smedt.portal.services import common
from smedt.portal.services.search_index import index_case
from smedt.rbac.services import require

MANAGE_CASE = "portal.manage_case"
LEVELS = range(0, 5)  # 未达到一级 … 四级 of the 2024 indicator set
CASE_FIELDS = (
    "title",
    "summary",
    "enterprise_id",
    "enterprise_name",
    "sub_industry",
    "scenario_codes",
    "provider_id",
    "provider_name",
    "product_name",
    "investment",
    "level_before",
    "level_after",
    "efficiency",
    "story",
)


def snapshot(c: TypicalCase) -> dict[str, Any]:
    return {
        "title": c.title,
        "status": c.status,
        "enterprise": c.enterprise_name,
        "sub_industry": c.sub_industry,
        "scenarios": c.scenario_codes,
        "investment": c.investment,
        "levels": [c.level_before, c.level_after],
        "consent_at": c.consent_at,
    }


def _level(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or value not in LEVELS:
        raise common.fail(PortalErrorCode.INVALID_LEVEL, field, "等级应为 0（未达到一级）至 4（四级）")
    return value


def _efficiency(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """[{name, before, after, unit}] with decimal figures kept as strings (exact)."""
    out = []
    for idx, row in enumerate(rows or []):
        data = row if isinstance(row, dict) else dict(row)
        name = str(data.get("name") or "").strip()
        if not name:
            raise common.fail(PortalErrorCode.INVALID_EFFICIENCY, "efficiency", f"第 {idx + 1} 项：请填写指标名称")
        try:
            before = Decimal(str(data["before"])) if data.get("before") is not None else None
            after = Decimal(str(data["after"])) if data.get("after") is not None else None
        except (InvalidOperation, ValueError) as exc:
            raise common.fail(
                PortalErrorCode.INVALID_EFFICIENCY, "efficiency", f"第 {idx + 1} 项：改造前后数值应为数字"
            ) from exc
        out.append(
            {
                "name": name[:64],
                "before": str(before) if before is not None else None,
                "after": str(after) if after is not None else None,
                "unit": str(data.get("unit") or "")[:16],
            }
        )
    return out


def _apply(c: TypicalCase, changes: dict[str, Any]) -> list[str]:
    fields: list[str] = []
    cleaners: dict[str, Any] = {
        "title": common.check_title,
        "summary": lambda v: (v or "").strip(),
        "enterprise_name": lambda v: (v or "").strip(),
        "sub_industry": common.check_sub_industry,
        "scenario_codes": common.check_scenarios,
        "provider_name": lambda v: (v or "").strip(),
        "product_name": lambda v: (v or "").strip(),
        "investment": lambda v: common.check_money(v, "investment"),
        "level_before": lambda v: _level(v, "level_before"),
        "level_after": lambda v: _level(v, "level_after"),
        "efficiency": _efficiency,
        "story": rich_text_clean,
    }
    for name, clean in cleaners.items():
        if name in changes:
            setattr(c, name, clean(changes[name]))
            fields.append(name)
    if "enterprise_id" in changes:
        org = common.org_of_kind(changes["enterprise_id"], OrgKind.ENTERPRISE, field="enterprise_id", required=False)
        c.enterprise = org
        fields.append("enterprise")
        if org is not None and not c.enterprise_name:
            c.enterprise_name = org.name
            fields.append("enterprise_name")
    if "provider_id" in changes:
        prov = common.org_of_kind(changes["provider_id"], OrgKind.PROVIDER, field="provider_id", required=False)
        c.provider = prov
        fields.append("provider")
        if prov is not None and not c.provider_name:
            c.provider_name = prov.name
            fields.append("provider_name")
    if not c.enterprise_name:
        raise common.fail("portal.enterprise_required", "enterprise_name", "请填写企业名称或选择企业")
    return list(dict.fromkeys(fields))


@transaction.atomic
def case_create(
    *,
    actor: Any,
    region_code: str,
    data: dict[str, Any],
    cover_id: UUID | None = None,
    image_ids: Sequence[UUID] = (),
    source_project_id: int | None = None,
) -> TypicalCase:
    region = common.region_for_content(region_code)
    require(actor, MANAGE_CASE, region_path=region.path)
    c = TypicalCase(region=region, created_by=actor, source_project_id=source_project_id)
    _apply(c, {k: v for k, v in data.items() if k in CASE_FIELDS})
    if cover_id is not None:
        c.cover = common.attachments_owned(actor, [cover_id], field="cover_id")[0]
    try:
        with transaction.atomic():
            c.save()
    except IntegrityError as exc:
        raise Conflict(code=PortalErrorCode.CASE_EXISTS, message="该改造项目已生成典型案例") from exc
    if image_ids:
        c.images.set(common.attachments_owned(actor, image_ids, field="image_ids"))
    audit_record(actor=actor, action="portal.case_create", target=c, after=snapshot(c))
    return c


def _lock(c: TypicalCase) -> TypicalCase:
    return TypicalCase.objects.select_for_update().select_related("region").get(pk=c.pk)


@transaction.atomic
def case_update(*, actor: Any, case: TypicalCase, changes: dict[str, Any]) -> TypicalCase:
    c = _lock(case)
    require(actor, MANAGE_CASE, region_path=c.region.path)
    if c.status not in workflow.CASE_EDITABLE:
        raise Conflict(code=PortalErrorCode.NOT_EDITABLE, message="已发布的案例请先撤下再修改")
    before = snapshot(c)
    fields = _apply(c, {k: v for k, v in changes.items() if k in CASE_FIELDS})
    if "cover_id" in changes:
        kept = [c.cover_id] if c.cover_id else []
        c.cover = (
            common.attachments_owned(actor, [changes["cover_id"]], keep=kept, field="cover_id")[0]
            if changes["cover_id"]
            else None
        )
        fields.append("cover")
    if "image_ids" in changes:
        existing = list(c.images.values_list("pk", flat=True))
        c.images.set(common.attachments_owned(actor, changes["image_ids"] or [], keep=existing, field="image_ids"))
    if fields:
        c.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="portal.case_update", target=c, before=before, after=snapshot(c))
    return c


@transaction.atomic
def case_consent_record(*, actor: Any, case: TypicalCase, person: str, note: str = "") -> TypicalCase:
    """Record that the enterprise agreed to publication: who agreed, who recorded it, when."""
    c = _lock(case)
    require(actor, MANAGE_CASE, region_path=c.region.path)
    person = (person or "").strip()
    if not person:
        raise common.fail("portal.consent_person_required", "person", "请填写企业同意人")
    before = snapshot(c)
    c.consent_person = person[:64]
    c.consent_note = (note or "").strip()[:500]
    c.consent_at = timezone.now()
    c.consent_recorded_by = actor
    c.save(update_fields=["consent_person", "consent_note", "consent_at", "consent_recorded_by", "updated_at"])
    audit_record(actor=actor, action="portal.case_consent_record", target=c, before=before, after=snapshot(c))
    return c


def _move(actor: Any, case: TypicalCase, action: str) -> TypicalCase:
    c = _lock(case)
    require(actor, workflow.CASE.permission(c.status, action), region_path=c.region.path)
    if action == workflow.PUBLISH and c.consent_at is None:
        raise Conflict(code=PortalErrorCode.CONSENT_REQUIRED, message="发布前须记录企业同意公开该案例")
    before = snapshot(c)
    c.status = workflow.CASE.transition(c.status, action)
    c.published_at = timezone.now() if c.status == workflow.PUBLISHED else c.published_at
    c.save(update_fields=["status", "published_at", "updated_at"])
    index_case(c)
    audit_record(actor=actor, action=f"portal.case_{action}", target=c, before=before, after=snapshot(c))
    return c


@transaction.atomic
def case_publish(*, actor: Any, case: TypicalCase) -> TypicalCase:
    return _move(actor, case, workflow.PUBLISH)


@transaction.atomic
def case_withdraw(*, actor: Any, case: TypicalCase) -> TypicalCase:
    return _move(actor, case, workflow.WITHDRAW)


@transaction.atomic
def case_redraft(*, actor: Any, case: TypicalCase) -> TypicalCase:
    return _move(actor, case, workflow.REDRAFT)


@transaction.atomic
def case_create_from_project(
    *,
    actor: Any,
    project_id: int,
    region_code: str,
    title: str,
    enterprise_id: int,
    sub_industry: str = "",
    scenario_codes: Sequence[str] = (),
    provider_id: int | None = None,
    provider_name: str = "",
    product_name: str = "",
    investment: Decimal | None = None,
    level_before: int | None = None,
    level_after: int | None = None,
    efficiency: Sequence[dict[str, Any]] = (),
    summary: str = "",
) -> TypicalCase:
    """Hook for the projects module (issue 6): a draft case pre-filled from an accepted project.

    The projects module calls it from its own service once a transformation project is accepted
    (验收通过) and passes the figures it holds: enterprise, provider and product, investment,
    assessment level before/after, efficiency figures. The case starts as a draft tied to the
    project (`source_project_id`, one case per project: a second call is a 409); the editor
    completes the story and records the enterprise's consent before publishing.
    """
    return case_create(
        actor=actor,
        region_code=region_code,
        source_project_id=project_id,
        data={
            "title": title,
            "summary": summary,
            "enterprise_id": enterprise_id,
            "sub_industry": sub_industry,
            "scenario_codes": list(scenario_codes),
            "provider_id": provider_id,
            "provider_name": provider_name,
            "product_name": product_name,
            "investment": investment,
            "level_before": level_before,
            "level_after": level_after,
            "efficiency": list(efficiency),
        },
    )
