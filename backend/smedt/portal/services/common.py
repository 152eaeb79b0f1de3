"""Validation shared by the portal's services: dictionary values, scenario codes, regions, files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from smedt.core.errors import ValidationFailed
from smedt.files.models import Attachment
from smedt.orgs.models import Organization, OrgStatus
from smedt.portal.errors import PortalErrorCode
from smedt.portal.reference import CATEGORY_DICT, SUB_INDUSTRY_DICT
from smedt.regions.models import Region, RegionLevel

INDICATOR_SET_CODE = "2024-manufacturing"


def fail(code: str, field: str, message: str) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def dict_values(dict_code: str) -> set[str]:
    from smedt.dicts.models import DictItem

    return set(DictItem.objects.filter(dict_type__code=dict_code, is_active=True).values_list("value", flat=True))


def check_category(value: str) -> str:
    if value not in dict_values(CATEGORY_DICT):
        raise fail(PortalErrorCode.INVALID_CATEGORY, "category", "栏目不存在或已停用")
    return value


def check_sub_industry(value: str, *, field: str = "sub_industry") -> str:
    if value and value not in dict_values(SUB_INDUSTRY_DICT):
        raise fail(PortalErrorCode.INVALID_SUB_INDUSTRY, field, f"细分行业“{value}”不存在")
    return value


def check_sub_industries(values: Iterable[str]) -> list[str]:
    out = sorted(set(values))
    allowed = dict_values(SUB_INDUSTRY_DICT)
    unknown = [v for v in out if v not in allowed]
    if unknown:
        raise fail(PortalErrorCode.INVALID_SUB_INDUSTRY, "sub_industries", f"细分行业不存在：{'、'.join(unknown)}")
    return out


def scenario_names() -> dict[str, str]:
    """Scenario id → name of the active 2024 indicator set (or the packaged file)."""
    from smedt.assessment.selectors import definition_resolve

    definition = definition_resolve(code=INDICATOR_SET_CODE).definition
    return {s.id: s.name for s in definition.scenarios}


def check_scenarios(codes: Iterable[str], *, field: str = "scenario_codes", required: bool = False) -> list[str]:
    out = list(dict.fromkeys(c.strip().upper() for c in codes if c and c.strip()))
    if required and not out:
        raise fail(PortalErrorCode.INVALID_SCENARIO, field, "请选择场景")
    known = scenario_names()
    unknown = [c for c in out if c not in known]
    if unknown:
        raise fail(PortalErrorCode.INVALID_SCENARIO, field, f"场景编号不存在：{'、'.join(unknown)}")
    return out


def region_for_content(code: str) -> Region:
    """Content belongs to the city or to one county (district, zone)."""
    region = Region.objects.filter(code=code, is_active=True).first()
    if region is None or region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        raise fail(PortalErrorCode.INVALID_REGION, "region_code", "请选择市或县（区）")
    return region


def check_title(value: str, field: str = "title") -> str:
    value = (value or "").strip()
    if not value:
        raise fail(PortalErrorCode.TITLE_REQUIRED, field, "请填写标题")
    return value


def check_tags(values: Sequence[str]) -> list[str]:
    tags = list(dict.fromkeys(t.strip() for t in values if t and t.strip()))
    if len(tags) > 10 or any(len(t) > 20 for t in tags):
        raise fail("portal.invalid_tags", "tags", "标签最多 10 个，每个不超过 20 字")
    return tags


def attachments_owned(
    actor: Any, ids: Iterable[UUID | str], *, keep: Iterable[Any] = (), field: str
) -> list[Attachment]:
    """Files the actor uploaded (or already linked to this item); anything else is refused."""
    wanted = {str(i) for i in ids}
    if not wanted:
        return []
    kept = {str(i) for i in keep}
    rows = list(Attachment.objects.filter(pk__in=sorted(wanted)))
    ok = [a for a in rows if str(a.pk) in kept or a.uploaded_by_id == getattr(actor, "pk", None)]
    if len(ok) != len(wanted):
        raise fail(PortalErrorCode.INVALID_ATTACHMENT, field, "附件不存在或不是您上传的文件")
    return ok


def org_of_kind(org_id: int | None, kind: str, *, field: str, required: bool = True) -> Organization | None:
    if org_id is None:
        if required:
            raise fail(PortalErrorCode.INVALID_ORG, field, "请选择单位")
        return None
    org = Organization.objects.select_related("region").filter(pk=org_id, kind=kind).first()
    if org is None or org.status != OrgStatus.ACTIVE:
        raise fail(PortalErrorCode.INVALID_ORG, field, "单位不存在、类型不符或未通过认证")
    return org


def check_money(value: Decimal | None, field: str) -> Decimal | None:
    if value is None:
        return None
    if value < 0:
        raise fail(PortalErrorCode.INVALID_BUDGET, field, "金额不能为负数")
    return value.quantize(Decimal("0.01"))


def view_count_bump(model: Any, pk: int) -> None:
    """One UPDATE … SET view_count = view_count + 1; never a read-modify-write of the row."""
    from django.db.models import F

    model.objects.filter(pk=pk).update(view_count=F("view_count") + 1)
