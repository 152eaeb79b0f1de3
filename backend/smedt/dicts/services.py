"""Dictionary writes."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, NotFound, ValidationFailed
from smedt.dicts.models import DictItem, DictType
from smedt.rbac.services import require

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


def dict_label(code: str, value: str | None) -> str:
    """The label users read for one value of a dictionary; "—" for none, the value itself if unknown."""
    if not value:
        return "—"
    label = DictItem.objects.filter(dict_type__code=code, value=value).values_list("label", flat=True).first()
    return label or value


def dict_labels_of(code: str, values: list[str] | tuple[str, ...]) -> str:
    """Several values of one dictionary as "起重装备、汽车零部件" (one query)."""
    if not values:
        return "—"
    labels = dict(DictItem.objects.filter(dict_type__code=code, value__in=list(values)).values_list("value", "label"))
    return "、".join(labels.get(v, v) for v in values)


def dict_type_get(*, code: str) -> DictType:
    dt = DictType.objects.filter(code=code).first()
    if dt is None:
        raise NotFound(f"字典“{code}”不存在")
    return dt


@transaction.atomic
def dict_type_create(*, actor: Any, code: str, name: str) -> DictType:
    require(actor, "dicts.manage_dict")
    if not CODE_RE.match(code):
        raise ValidationFailed(
            code="dicts.invalid_code",
            message="字典编码须为小写字母开头的字母、数字、下划线",
            details={"fields": {"code": "格式不正确"}},
        )
    if DictType.objects.filter(code=code).exists():
        raise Conflict(code="dicts.exists", message=f"字典编码“{code}”已存在", details={"fields": {"code": "已存在"}})
    dt = DictType.objects.create(code=code, name=name.strip())
    audit_record(actor=actor, action="dicts.type_create", target=dt, after={"code": code, "name": name})
    return dt


def _item_snapshot(item: DictItem) -> dict[str, Any]:
    return {"value": item.value, "label": item.label, "sort": item.sort, "is_active": item.is_active}


@transaction.atomic
def dict_item_create(*, actor: Any, dict_type: DictType, value: str, label: str, sort: int = 0) -> DictItem:
    require(actor, "dicts.manage_dict")
    value = value.strip()
    if not value or not label.strip():
        raise ValidationFailed(code="dicts.required", message="值和显示名都不能为空")
    if DictItem.objects.filter(dict_type=dict_type, value=value).exists():
        raise Conflict(code="dicts.item_exists", message=f"值“{value}”已存在", details={"fields": {"value": "已存在"}})
    item = DictItem.objects.create(dict_type=dict_type, value=value, label=label.strip(), sort=sort)
    audit_record(actor=actor, action="dicts.item_create", target=item, after=_item_snapshot(item))
    return item


@transaction.atomic
def dict_item_update(*, actor: Any, item_id: int, changes: dict[str, Any]) -> DictItem:
    require(actor, "dicts.manage_dict")
    item = DictItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound("字典项不存在")
    before = _item_snapshot(item)
    fields = []
    for key in ("label", "sort", "is_active"):
        if changes.get(key) is not None:
            setattr(item, key, changes[key].strip() if isinstance(changes[key], str) else changes[key])
            fields.append(key)
    if fields:
        item.save(update_fields=fields)
    audit_record(actor=actor, action="dicts.item_update", target=item, before=before, after=_item_snapshot(item))
    return item


@transaction.atomic
def dict_item_delete(*, actor: Any, item_id: int) -> None:
    require(actor, "dicts.manage_dict")
    item = DictItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFound("字典项不存在")
    audit_record(actor=actor, action="dicts.item_delete", target=item, before=_item_snapshot(item))
    item.delete()


def dicts_load(*, path: Any) -> int:
    """Create missing reference dictionaries and items from a data file; keeps admin edits."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    count = 0
    with transaction.atomic():
        for spec in data.get("dicts", []):
            dt, _ = DictType.objects.get_or_create(code=spec["code"], defaults={"name": spec["name"], "builtin": True})
            for sort, item in enumerate(spec.get("items", [])):
                _, created = DictItem.objects.get_or_create(
                    dict_type=dt, value=item["value"], defaults={"label": item["label"], "sort": sort}
                )
                count += int(created)
    return count
