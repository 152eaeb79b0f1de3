"""Reads of indicator sets (public reference data: no scope narrowing needed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import DatabaseError

from smedt.assessment.definition import Definition, compile_definition, load_bytes, packaged_path
from smedt.assessment.errors import AssessmentErrorCode
from smedt.assessment.models import IndicatorSet, IndicatorSetStatus
from smedt.core.errors import NotFound
from smedt.gmcrypto.sm3 import sm3_hex

Source = Literal["auto", "db", "file"]
_compiled: dict[str, Definition] = {}  # source digest → compiled definition (content never changes)
_CACHE_SIZE = 32


def _remember(digest: str, definition: Definition) -> Definition:
    if len(_compiled) >= _CACHE_SIZE:
        _compiled.clear()
    _compiled[digest] = definition
    return definition


def indicator_set_get(*, code: str, version: str | None = None) -> IndicatorSet:
    """A version by code — the active one when ``version`` is not given."""
    qs = IndicatorSet.objects.filter(code=code)
    qs = qs.filter(version=version) if version else qs.filter(status=IndicatorSetStatus.ACTIVE)
    found = qs.first()
    if found is None:
        what = f"指标体系“{code}”" + (f"的版本“{version}”" if version else "（启用中的版本）")
        raise NotFound(f"{what}不存在", code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND)
    return found


def indicator_set_definition(indicator_set: IndicatorSet) -> Definition:
    """The compiled definition of a stored version (compiled once per process)."""
    cached = _compiled.get(indicator_set.source_digest)
    if cached is not None:
        return cached
    return _remember(indicator_set.source_digest, compile_definition(indicator_set.definition))


@dataclass(frozen=True)
class ResolvedDefinition:
    """A definition and where it came from: a stored version, or the file shipped with the code."""

    definition: Definition
    source: Literal["database", "file"]
    location: str
    digest: str


def definition_resolve(*, code: str, version: str | None = None, source: Source = "auto") -> ResolvedDefinition:
    """The definition for ``code``: the stored (active or given) version, else the packaged file.

    ``source="auto"`` uses the database when it holds the code and falls back to
    ``smedt/assessment/data/<code>.yaml`` when it does not (or is not migrated yet);
    ``"db"`` and ``"file"`` use only one of them.
    """
    if source in ("auto", "db"):
        try:
            stored = IndicatorSet.objects.filter(code=code).exists()
        except DatabaseError:
            if source == "db":
                raise
            stored = False
        if stored or source == "db":
            found = indicator_set_get(code=code, version=version)
            return ResolvedDefinition(
                indicator_set_definition(found), "database", f"IndicatorSet #{found.pk}", found.source_digest
            )
    path = packaged_path(code)
    if not path.is_file():
        raise NotFound(
            f"指标体系“{code}”不存在（数据库中没有，也没有随程序提供的数据文件）",
            code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND,
        )
    raw = path.read_bytes()
    digest = sm3_hex(raw)
    definition = _compiled.get(digest) or _remember(digest, load_bytes(raw)[1])
    if version and definition.version != version:
        raise NotFound(
            f"数据文件 {path.name} 的版本是“{definition.version}”，不是“{version}”",
            code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND,
        )
    return ResolvedDefinition(definition, "file", str(path), digest)
