"""What other modules may read of 一企一档, and how they hear that it changed.

``enterprise_facts(org_id=…)`` returns the enterprise's current figures per year; a module that
keeps results derived from them subscribes with ``facts_changed_subscribe(callback)`` from its
``ready()``. Callbacks run inside the transaction that changed the facts: they enqueue a
background task (the database queue row commits or vanishes with the change), never heavy work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FactsCallback = Callable[[int], None]
_subscribers: list[FactsCallback] = []

YEAR_FIELDS = (
    "operating_revenue",
    "rd_expense",
    "profit",
    "total_assets",
    "employees",
    "rd_staff",
    "invention_patents",
    "utility_patents",
    "design_patents",
    "software_copyrights",
)


@dataclass(frozen=True)
class EnterpriseFacts:
    org_id: int
    sub_industries: list[str] = field(default_factory=list)
    industry_code: str = ""
    founded_year: int | None = None
    years: dict[int, dict[str, Decimal | int | None]] = field(default_factory=dict)


def enterprise_facts(*, org_id: int) -> EnterpriseFacts:
    """The current facts of one enterprise (no permission check: the caller has checked its own scope)."""
    from smedt.enterprises.models import EnterpriseProfile

    profile = EnterpriseProfile.objects.filter(org_id=org_id).prefetch_related("figures").first()
    if profile is None:
        return EnterpriseFacts(org_id=org_id)
    years: dict[int, dict[str, Any]] = {}
    for f in profile.figures.all():
        years[f.year] = {name: getattr(f, name) for name in YEAR_FIELDS}
    return EnterpriseFacts(
        org_id=org_id,
        sub_industries=list(profile.sub_industries or []),
        industry_code=profile.industry_code,
        founded_year=profile.founded_on.year if profile.founded_on else None,
        years=years,
    )


def facts_changed_subscribe(callback: FactsCallback) -> None:
    if callback not in _subscribers:
        _subscribers.append(callback)


def facts_changed(*, org_id: int) -> None:
    """Announce that an enterprise's facts changed (called by the 一企一档 write services)."""
    for cb in list(_subscribers):
        cb(org_id)
