"""The export kinds: each module registers what it can export (``export_register`` in its ``exports.py``).

A kind says who may export it (a permission code, checked for the job's owner), which filters it takes
(the same schema as its list), and how to build the rows for a user: ``source(user, params)`` returns
an :class:`ExportSource` whose queryset already starts from the user's scope (``visible_to``). The job
calls it again at run time for its owner, so the file holds what the owner may see then."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from pydantic import BaseModel

from smedt.core.export import Column

Columns = Sequence[Column] | Callable[[], Sequence[Column]]


@dataclass(frozen=True)
class ExportSource:
    """What to write: the columns (header label, getter) and the rows of a queryset, read in chunks.

    ``batch`` turns one chunk of model instances into the row objects the getters read (for
    lookups done once per chunk instead of once per row); ``columns`` may be a callable when the
    labels depend on the data (a campaign's template) and should only be computed by the job."""

    queryset: QuerySet[Any]
    columns: Columns
    batch: Callable[[list[Any]], Iterable[Any]] | None = None
    chunk_size: int = 2000

    def resolved_columns(self) -> Sequence[Column]:
        return self.columns() if callable(self.columns) else self.columns

    def rows(self) -> Iterator[Any]:
        it = self.queryset.iterator(chunk_size=self.chunk_size)
        if self.batch is None:
            yield from it
            return
        chunk: list[Any] = []
        for obj in it:
            chunk.append(obj)
            if len(chunk) >= self.chunk_size:
                yield from self.batch(chunk)
                chunk = []
        if chunk:
            yield from self.batch(chunk)


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str  # Chinese: the file name, the sheet, the 我的导出 list
    params: type[BaseModel]
    source: Callable[[Any, Any], ExportSource]
    permission: str | None = None  # required of the owner at start and at run time


_registry: dict[str, ExportKind] = {}


def export_register(
    name: str,
    *,
    label: str,
    params: type[BaseModel],
    source: Callable[[Any, Any], ExportSource],
    permission: str | None = None,
) -> ExportKind:
    kind = ExportKind(name=name, label=label, params=params, source=source, permission=permission)
    _registry[name] = kind
    return kind


def export_unregister(name: str) -> None:
    """For tests that register a kind of their own."""
    _registry.pop(name, None)


def export_kind(name: str) -> ExportKind | None:
    return _registry.get(name)


def export_kinds() -> list[ExportKind]:
    return sorted(_registry.values(), key=lambda k: k.name)
