"""Which catalogue products and which typical cases fit an industry-chain scenario. Pure: values in,
ranked values out (tested without a database)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SCENE_WEIGHT = 3  # per digital-level scene the product and the scenario share
INDUSTRY_WEIGHT = 2  # the product names the chain's 细分行业
GENERAL_INDUSTRY_WEIGHT = 1  # the product names no 细分行业: it serves every industry, a little less well
KEYWORD_WEIGHT = 1  # a keyword of the scenario appears in the product's name or summary


@dataclass(frozen=True)
class ScenarioProfile:
    scenes: Sequence[str]
    sub_industry: str
    keywords: Sequence[str]


@dataclass(frozen=True)
class Candidate:
    key: int
    scenes: Sequence[str]
    sub_industries: Sequence[str]
    text: str = ""


@dataclass(frozen=True)
class Match:
    key: int
    score: int
    shared_scenes: tuple[str, ...]
    reasons: tuple[str, ...]


def rank(scenario: ScenarioProfile, candidates: Sequence[Candidate], *, limit: int = 10) -> list[Match]:
    """Candidates sharing at least one scene with the scenario, best first; ties keep the input order."""
    found: list[tuple[int, Match]] = []
    for pos, c in enumerate(candidates):
        shared = tuple(s for s in scenario.scenes if s in c.scenes)
        if not shared:
            continue
        score = SCENE_WEIGHT * len(shared)
        reasons = ["scene"]
        if scenario.sub_industry and scenario.sub_industry in c.sub_industries:
            score += INDUSTRY_WEIGHT
            reasons.append("sub_industry")
        elif not c.sub_industries:
            score += GENERAL_INDUSTRY_WEIGHT
            reasons.append("any_industry")
        if any(k and k in c.text for k in scenario.keywords):
            score += KEYWORD_WEIGHT
            reasons.append("keyword")
        found.append((pos, Match(c.key, score, shared, tuple(reasons))))
    found.sort(key=lambda item: (-item[1].score, item[0]))
    return [m for _, m in found[:limit]]


def candidate_title(scene_name: str) -> str:
    """The default title of a scenario accepted from a candidate problem (the editor may change it)."""
    return f"{scene_name}数字化薄弱"
