"""Supply–demand matching: which published offers fit a need. Pure: values in, ranked values out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

SCENARIO_WEIGHT = 3
INDUSTRY_WEIGHT = 2
GENERAL_INDUSTRY_WEIGHT = 1  # an offer that names no 细分行业 serves every industry, a little less well


@dataclass(frozen=True)
class NeedProfile:
    scenario_code: str
    sub_industry: str


@dataclass(frozen=True)
class OfferProfile:
    key: int
    scenario_codes: Sequence[str]
    sub_industries: Sequence[str]


@dataclass(frozen=True)
class Match:
    key: int
    score: Decimal
    reasons: tuple[str, ...]


def match_offers(need: NeedProfile, offers: Sequence[OfferProfile], *, limit: int = 10) -> list[Match]:
    """Offers sharing the need's scenario and/or 细分行业, best first; an offer with neither is left out.

    Scenario fit counts more than industry fit; ties keep the input order (callers pass newest first).
    """
    found: list[tuple[int, Match]] = []
    for pos, offer in enumerate(offers):
        score = 0
        reasons: list[str] = []
        if need.scenario_code and need.scenario_code in offer.scenario_codes:
            score += SCENARIO_WEIGHT
            reasons.append("scenario")
        if need.sub_industry and need.sub_industry in offer.sub_industries:
            score += INDUSTRY_WEIGHT
            reasons.append("sub_industry")
        elif not offer.sub_industries and score:
            score += GENERAL_INDUSTRY_WEIGHT
            reasons.append("any_industry")
        if score:
            found.append((pos, Match(offer.key, Decimal(score), tuple(reasons))))
    found.sort(key=lambda item: (-item[1].score, item[0]))
    return [m for _, m in found[:limit]]
