"""Importing indicator-set versions from data files (no code change needed for a new version)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.assessment.definition import DATA_DIR, load_bytes
from smedt.assessment.errors import AssessmentErrorCode
from smedt.assessment.models import IndicatorSet, IndicatorSetStatus
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.rbac.services import require

MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class IndicatorSetImport:
    indicator_set: IndicatorSet
    created: bool  # False: the same file (same SM3 digest) was imported before


def _snapshot(obj: IndicatorSet) -> dict[str, Any]:
    return {
        "code": obj.code,
        "version": obj.version,
        "name": obj.name,
        "status": obj.status,
        "source_name": obj.source_name,
        "source_digest": obj.source_digest,
    }


def _read(path_or_bytes: Path | str | bytes, source_name: str) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, source_name
    path = Path(path_or_bytes)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationFailed(
                code=AssessmentErrorCode.INDICATOR_SET_TOO_LARGE,
                message=f"指标体系文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限",
            )
        return path.read_bytes(), source_name or path.name
    except OSError:
        raise ValidationFailed(
            code=AssessmentErrorCode.INVALID_INDICATOR_SET, message=f"无法读取指标体系文件“{path.name}”"
        ) from None


def _import(*, actor: Any, raw: bytes, source_name: str, activate: bool | None) -> IndicatorSetImport:
    """``activate=None``: activate only when the code has no active version yet."""
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationFailed(
            code=AssessmentErrorCode.INDICATOR_SET_TOO_LARGE,
            message=f"指标体系文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限",
        )
    digest = sm3_hex(raw)
    existing = IndicatorSet.objects.filter(source_digest=digest).first()
    if existing is not None:
        return IndicatorSetImport(existing, created=False)
    data, definition = load_bytes(raw)  # DefinitionInvalid (422) lists every problem; nothing written yet
    try:
        with transaction.atomic():
            if IndicatorSet.objects.filter(code=definition.code, version=definition.version).exists():
                raise Conflict(
                    code=AssessmentErrorCode.INDICATOR_SET_VERSION_EXISTS,
                    message=(
                        f"指标体系“{definition.code}”的版本“{definition.version}”已导入，且内容与本文件不同；"
                        "如需更新，请在文件中提高 version 后再导入"
                    ),
                    details={"code": definition.code, "version": definition.version},
                )
            if activate is None:
                activate = not IndicatorSet.objects.filter(
                    code=definition.code, status=IndicatorSetStatus.ACTIVE
                ).exists()
            if activate:
                for previous in IndicatorSet.objects.select_for_update().filter(
                    code=definition.code, status=IndicatorSetStatus.ACTIVE
                ):
                    previous.status = IndicatorSetStatus.INACTIVE
                    previous.save(update_fields=["status"])
                    audit_record(
                        actor=actor,
                        action="assessment.indicator_set_deactivate",
                        target=previous,
                        before={"status": IndicatorSetStatus.ACTIVE},
                        after={"status": IndicatorSetStatus.INACTIVE},
                    )
            created = IndicatorSet.objects.create(
                code=definition.code,
                version=definition.version,
                name=definition.name,
                status=IndicatorSetStatus.ACTIVE if activate else IndicatorSetStatus.INACTIVE,
                definition=data,
                source_name=source_name[:255],
                source_digest=digest,
                imported_at=timezone.now(),
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(
                actor=actor, action="assessment.indicator_set_import", target=created, after=_snapshot(created)
            )
    except IntegrityError:
        # a concurrent import of the same file (or of another version of the same code) got there first
        existing = IndicatorSet.objects.filter(source_digest=digest).first()
        if existing is not None:
            return IndicatorSetImport(existing, created=False)
        raise Conflict(
            code=AssessmentErrorCode.INDICATOR_SET_VERSION_EXISTS,
            message="另一个导入正在进行，请刷新后重试",
        ) from None
    return IndicatorSetImport(created, created=True)


def indicator_set_import(
    *, actor: Any, path_or_bytes: Path | str | bytes, source_name: str = "", activate: bool = True
) -> IndicatorSetImport:
    """Import one indicator-set version from a data file (YAML or JSON).

    The file is checked as a whole before anything is written; errors come back in Chinese,
    all at once. Importing the same file again (same SM3 digest) returns the stored version
    and writes nothing. A new version becomes the active one for its code (``activate``) and
    the previous active version is deactivated; assessments keep the version they used.
    """
    require(actor, "assessment.manage_indicator_set")
    raw, name = _read(path_or_bytes, source_name)
    return _import(actor=actor, raw=raw, source_name=name, activate=activate)


def indicator_sets_load(*, path: Path | None = None) -> list[IndicatorSetImport]:
    """Reference data: import the packaged data files (or one file) as the system. Idempotent.

    A packaged version becomes active only when its code has no active version, so loading
    reference data never replaces a version an administrator imported.
    """
    paths = [path] if path is not None else sorted(DATA_DIR.glob("*.yaml"))
    results = []
    for p in paths:
        raw, name = _read(p, "")
        results.append(_import(actor=None, raw=raw, source_name=name, activate=None))
    return results
