"""Campaign kinds: a domain module registers the kind of campaign it runs on the engine (e.g. a selection),
with the label users read, the result handler its campaigns use by default and the presets a new campaign of
that kind starts from in the city's form (who applies, the review chain, expert scoring and its sheet). The
engine filters lists by kind so a domain menu entry leads to the engine's own pages; it knows nothing else about
the kind."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CampaignKind:
    key: str
    label: str
    result_handler: str = ""
    org_kinds: tuple[str, ...] = ("enterprise",)
    review_chain: str = "application_review"
    expert_scoring: bool = False
    score_items: tuple[tuple[str, str], ...] = field(default=())  # (name, max score) rows of the preset sheet


_KINDS: dict[str, CampaignKind] = {}


def register_campaign_kind(
    key: str,
    label: str,
    *,
    result_handler: str = "",
    org_kinds: tuple[str, ...] = ("enterprise",),
    review_chain: str = "application_review",
    expert_scoring: bool = False,
    score_items: tuple[tuple[str, str], ...] = (),
) -> None:
    _KINDS[key] = CampaignKind(
        key=key,
        label=label,
        result_handler=result_handler,
        org_kinds=org_kinds,
        review_chain=review_chain,
        expert_scoring=expert_scoring,
        score_items=score_items,
    )


def campaign_kinds() -> dict[str, CampaignKind]:
    return dict(_KINDS)


def kind_label(key: str) -> str:
    found = _KINDS.get(key)
    return found.label if found else ""


def kind_out(k: CampaignKind) -> dict[str, object]:
    """A kind as the campaign form reads it (label, default result handler, presets)."""
    return {
        "key": k.key,
        "label": k.label,
        "result_handler": k.result_handler,
        "org_kinds": list(k.org_kinds),
        "review_chain": k.review_chain,
        "expert_scoring": k.expert_scoring,
        "score_items": [{"name": n, "max_score": m} for n, m in k.score_items],
    }
