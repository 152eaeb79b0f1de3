"""Campaign kinds: a domain module registers the kind of campaign it runs on the engine (e.g. a selection),
with the label users read and the result handler its campaigns use by default. The engine filters lists by
kind so a domain menu entry leads to the engine's own pages; it knows nothing else about the kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CampaignKind:
    key: str
    label: str
    result_handler: str = ""


_KINDS: dict[str, CampaignKind] = {}


def register_campaign_kind(key: str, label: str, *, result_handler: str = "") -> None:
    _KINDS[key] = CampaignKind(key=key, label=label, result_handler=result_handler)


def campaign_kinds() -> dict[str, CampaignKind]:
    return dict(_KINDS)


def kind_label(key: str) -> str:
    found = _KINDS.get(key)
    return found.label if found else ""
