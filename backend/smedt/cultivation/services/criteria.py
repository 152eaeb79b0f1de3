"""Criteria versions: loaded from the packaged files, picked by date, configured by parameter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import NotFound, ValidationFailed
from smedt.cultivation import criteria as C
from smedt.cultivation.errors import CultivationErrorCode
from smedt.cultivation.evaluation import Criteria, compile_criteria
from smedt.cultivation.models import CriteriaSet, CriteriaSetting
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.rbac.services import require


def criteria_sets_load() -> list[CriteriaSet]:
    """Reference data: import every packaged criteria file not imported yet. Idempotent."""
    out = []
    for path in C.packaged_files():
        raw = path.read_bytes()
        digest = sm3_hex(raw)
        existing = CriteriaSet.objects.filter(source_digest=digest).first()
        if existing is not None:
            out.append(existing)
            continue
        data = C.parse_bytes(raw)
        if CriteriaSet.objects.filter(version=data["version"]).exists():
            raise ValidationFailed(
                code=CultivationErrorCode.INVALID_CRITERIA,
                message=f"认定标准版本“{data['version']}”已导入且内容不同；如需更新，请提高版本号",
            )
        try:
            with transaction.atomic():
                obj = CriteriaSet.objects.create(
                    version=data["version"],
                    name=data["name"],
                    document_no=data["document_no"],
                    effective_from=date.fromisoformat(data["effective_from"]),
                    definition=data,
                    source_name=path.name,
                    source_digest=digest,
                    imported_at=timezone.now(),
                )
                audit_record(
                    actor=None,
                    action="cultivation.criteria_import",
                    target=obj,
                    after={"version": obj.version, "document_no": obj.document_no, "source_digest": digest},
                )
        except IntegrityError:
            obj = CriteriaSet.objects.get(source_digest=digest)
        out.append(obj)
    return out


def criteria_for(when: date) -> CriteriaSet:
    """The regime in force on a date: the latest version whose effective date is not after it."""
    cs = CriteriaSet.objects.filter(effective_from__lte=when).order_by("-effective_from").first()
    if cs is None:
        cs = CriteriaSet.objects.order_by("effective_from").first()
    if cs is None:
        raise NotFound(
            "尚未加载梯度培育认定标准，请联系管理员执行参考数据加载", code=CultivationErrorCode.CRITERIA_NOT_FOUND
        )
    return cs


def criteria_get(*, version: str) -> CriteriaSet:
    cs = CriteriaSet.objects.filter(version=version).first()
    if cs is None:
        raise NotFound("认定标准版本不存在", code=CultivationErrorCode.CRITERIA_NOT_FOUND)
    return cs


def overrides_of(cs: CriteriaSet) -> dict[str, Any]:
    return dict(CriteriaSetting.objects.filter(criteria_set=cs).values_list("key", "value"))


@dataclass(frozen=True)
class CompiledCriteria:
    criteria_set: CriteriaSet
    criteria: Criteria
    parameter_values: dict[str, Any]


_cache: dict[tuple[int, str], CompiledCriteria] = {}


def criteria_compiled(cs: CriteriaSet, overrides: dict[str, Any] | None = None) -> CompiledCriteria:
    """The criteria with the configured parameter values, compiled once per distinct settings."""
    if overrides is None:
        overrides = overrides_of(cs)
    key = (cs.pk, C.canonical_json(overrides))
    hit = _cache.get(key)
    if hit is None:
        resolved = C.resolve(cs.definition, overrides)
        hit = CompiledCriteria(cs, compile_criteria(resolved), resolved["parameter_values"])
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = hit
    return hit


@transaction.atomic
def criteria_setting_set(*, actor: Any, criteria_set: CriteriaSet, key: str, value: Any) -> CriteriaSetting | None:
    """Set one configurable figure (``value=None``: back to the documented default). Audited."""
    require(actor, "cultivation.manage_criteria")
    spec = criteria_set.definition.get("parameters", {}).get(key)
    if spec is None:
        raise NotFound("参数不存在", code=CultivationErrorCode.INVALID_SETTING)
    current = CriteriaSetting.objects.select_for_update().filter(criteria_set=criteria_set, key=key).first()
    before = current.value if current else spec["default"]
    if value is None:
        if current is not None:
            current.delete()
        audit_record(
            actor=actor,
            action="cultivation.setting_reset",
            target=criteria_set,
            before={"key": key, "value": before},
            after={"key": key, "value": spec["default"]},
        )
        return None
    try:
        cleaned = C.clean_param(spec, value)
    except ValueError as exc:
        raise ValidationFailed(
            code=CultivationErrorCode.INVALID_SETTING, message=str(exc), details={"fields": {"value": str(exc)}}
        ) from None
    # the whole criteria must still compile with the new value
    trial = {**overrides_of(criteria_set), key: cleaned}
    try:
        compile_criteria(C.resolve(criteria_set.definition, trial))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed(
            code=CultivationErrorCode.INVALID_SETTING, message=f"参数取值使指标不成立：{exc}"
        ) from None
    if current is None:
        current = CriteriaSetting.objects.create(criteria_set=criteria_set, key=key, value=cleaned, updated_by=actor)
    else:
        current.value = cleaned
        current.updated_by = actor
        current.save(update_fields=["value", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action="cultivation.setting_set",
        target=criteria_set,
        before={"key": key, "value": before},
        after={"key": key, "value": cleaned},
    )
    return current
