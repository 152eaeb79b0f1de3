"""The cultivation tier (梯度培育层级) as a back-end data provider of the application engine and of
policy matching: the enterprise's current tier in the cultivation library, with its recognition."""

from __future__ import annotations

from smedt.applications.facts import FactProvider, FactSpec
from smedt.applications.prereview import Fact
from smedt.cultivation.models import LibraryEntry, LibraryStatus, Tier

SPECS = (FactSpec("tier", "梯度培育层级", "text"),)


def cultivation_facts(org_id: int, keys: set[str]) -> dict[str, Fact]:
    if "tier" not in keys:
        return {}
    entry = LibraryEntry.objects.filter(org_id=org_id).only("tier", "status", "tier_since", "updated_at").first()
    if entry is None:
        return {}
    tier = entry.tier if entry.status == LibraryStatus.ACTIVE else Tier.NONE
    return {
        "tier": Fact(
            value=str(tier),
            label="梯度培育·当前层级",
            source_label=f"培育库（{Tier(tier).label}）",
            recorded_at=(entry.tier_since.isoformat() if entry.tier_since else entry.updated_at.isoformat()),
        )
    }


PROVIDER = FactProvider(name="cultivation", label="梯度培育", specs=SPECS, fetch=cultivation_facts)
