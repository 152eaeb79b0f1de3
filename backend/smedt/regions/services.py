"""Division tree writes, and loading a city's divisions from its data file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.rbac.services import require
from smedt.regions.models import Region, RegionLevel
from smedt.regions.selectors import region_get

CODE_RE = re.compile(r"^\d{6}$")
DATA_DIR = Path(__file__).resolve().parent / "data"


def _snapshot(r: Region) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.name,
        "short_name": r.short_name,
        "is_active": r.is_active,
        "is_reviewer": r.is_reviewer,
    }


@transaction.atomic
def region_create(
    *, actor: Any, code: str, name: str, parent_code: str, kind: str = "", is_reviewer: bool = False
) -> Region:
    require(actor, "regions.manage_region")
    if not CODE_RE.match(code):
        raise ValidationFailed(
            code="regions.invalid_code", message="区划代码应为 6 位数字", details={"fields": {"code": "应为 6 位数字"}}
        )
    if Region.objects.filter(code=code).exists():
        raise Conflict(code="regions.exists", message=f"区划代码“{code}”已存在", details={"fields": {"code": "已存在"}})
    parent = region_get(code=parent_code)
    if parent.level == RegionLevel.COUNTY:
        raise ValidationFailed(code="regions.too_deep", message="县区下不能再添加下级区划")
    level = RegionLevel.CITY if parent.level == RegionLevel.PROVINCE else RegionLevel.COUNTY
    region = Region.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        parent=parent,
        level=level,
        path=f"{parent.path}{code}/",
        depth=parent.depth + 1,
        is_reviewer=is_reviewer,
    )
    audit_record(actor=actor, action="regions.region_create", target=region, region=region, after=_snapshot(region))
    return region


@transaction.atomic
def region_update(*, actor: Any, region: Region, changes: dict[str, Any]) -> Region:
    require(actor, "regions.manage_region")
    region = Region.objects.select_for_update().get(pk=region.pk)
    before = _snapshot(region)
    fields = []
    for key in ("name", "short_name", "is_active", "is_reviewer"):
        if changes.get(key) is not None:
            setattr(region, key, changes[key].strip() if isinstance(changes[key], str) else changes[key])
            fields.append(key)
    if fields:
        region.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="regions.region_update",
        target=region,
        region=region,
        before=before,
        after=_snapshot(region),
    )
    return region


def _reviewer_flag(value: Any) -> bool:
    # the data file marks zones "INFERRED": they act as reviewers until the bureau says otherwise
    return value is True or str(value).upper() == "INFERRED"


@transaction.atomic
def regions_load(*, path: Path) -> int:
    """Create or refresh the tree from a divisions file (idempotent). Returns the node count."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    prov = data["province"]
    province, _ = Region.objects.update_or_create(
        code=prov["code"],
        defaults={
            "name": prov["name"],
            "level": RegionLevel.PROVINCE,
            "parent": None,
            "path": f"{prov['code']}/",
            "depth": 0,
        },
    )
    c = data["city"]
    city, _ = Region.objects.update_or_create(
        code=c["code"],
        defaults={
            "name": c["name"],
            "level": RegionLevel.CITY,
            "parent": province,
            "path": f"{province.path}{c['code']}/",
            "depth": 1,
            "code_system": c.get("code_system", "GB/T2260"),
            "is_reviewer": True,
        },
    )
    count = 2
    for sort, d in enumerate(data.get("divisions", [])):
        Region.objects.update_or_create(
            code=d["code"],
            defaults={
                "name": d["name"],
                "short_name": d.get("short_name", ""),
                "kind": d.get("type", ""),
                "level": RegionLevel.COUNTY,
                "parent": city,
                "path": f"{city.path}{d['code']}/",
                "depth": 2,
                "code_system": d.get("code_system", "GB/T2260"),
                "is_reviewer": _reviewer_flag(d.get("reviewer")),
                "sort": sort,
            },
        )
        count += 1
    for h in data.get("historical", []):
        replaced = Region.objects.filter(code=h.get("replaced_by", "")).first()
        Region.objects.update_or_create(
            code=h["code"],
            defaults={
                "name": h["name"],
                "level": RegionLevel.COUNTY,
                "parent": city,
                "path": f"{city.path}{h['code']}/",
                "depth": 2,
                "is_active": False,
                "replaced_by": replaced,
                "sort": 999,
            },
        )
        count += 1
    return count
