"""Reads of the division tree (public reference data: no scope narrowing needed)."""

from __future__ import annotations

from typing import Any

from smedt.core.errors import NotFound
from smedt.regions.models import Region


def region_get(*, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(f"行政区划“{code}”不存在", code="regions.not_found")
    return region


def region_tree(*, include_inactive: bool = True) -> list[dict[str, Any]]:
    """The whole tree in one query, as nested dicts."""
    qs = Region.objects.order_by("depth", "sort", "code")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    nodes: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for r in qs:
        node = {
            "code": r.code,
            "name": r.name,
            "short_name": r.short_name,
            "kind": r.kind,
            "level": r.level,
            "is_active": r.is_active,
            "is_reviewer": r.is_reviewer,
            "children": [],
        }
        nodes[r.pk] = node
        parent = nodes.get(r.parent_id) if r.parent_id else None
        (parent["children"] if parent else roots).append(node)
    return roots
