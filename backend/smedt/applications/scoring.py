"""Scorers: a domain module that owns a published scoring method (e.g. the 梯度培育 criteria) registers
it here by key, and a template names it in its ``scoring`` block. The engine then asks the scorer for
indicator results and findings in the engine's own shapes (next to the template's rule indicators), so
a rule set lives in one implementation and is never copied into template formulas. Pure registry: the
engine knows no scorer; the scorer may read its own module's data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from smedt.applications.validation import FileInfo, Outcome


@dataclass(frozen=True)
class Scored:
    indicators: list[dict[str, Any]]  # the shape of prereview.indicator_results rows
    findings: list[dict[str, Any]]  # the shape of prereview.findings rows


@dataclass(frozen=True)
class Scorer:
    key: str
    label: str
    # options of a template's scoring block → cleaned options, or ValueError with a Chinese message
    clean_options: Callable[[Mapping[str, Any]], dict[str, Any]]
    # (schema, cleaned submission, back-end facts, attachments) → results; may add field errors to outcome.errors
    score: Callable[[Mapping[str, Any], Outcome, Mapping[str, Any], Mapping[str, FileInfo]], Scored]
    # back-end facts ("<provider>.<key>") the scorer reads besides the template's own, from its options
    facts: Callable[[Mapping[str, Any]], set[str]] = lambda options: set()


_SCORERS: dict[str, Scorer] = {}


def register_scorer(scorer: Scorer) -> Scorer:
    _SCORERS[scorer.key] = scorer
    return scorer


def scorer_labels() -> dict[str, str]:
    return {k: s.label for k, s in _SCORERS.items()}


def scoring_clean(raw: Any) -> tuple[dict[str, Any] | None, str]:
    """A template's ``scoring`` block ({key, options}) cleaned, or the problem in Chinese."""
    if not raw:
        return None, ""
    if not isinstance(raw, dict):
        return None, "评分方法格式不正确"
    key = str(raw.get("key") or "").strip()[:64]
    scorer = _SCORERS.get(key)
    if scorer is None:
        return None, f"评分方法“{key}”不存在"
    given = raw.get("options")
    options: dict[str, Any] = given if isinstance(given, dict) else {}
    try:
        return {"key": key, "options": scorer.clean_options(options)}, ""
    except ValueError as exc:
        return None, str(exc)


def scored(
    schema: Mapping[str, Any], outcome: Outcome, facts: Mapping[str, Any], files: Mapping[str, FileInfo]
) -> Scored | None:
    """The registered scorer's results for a template naming one, else None."""
    block = schema.get("scoring")
    if not block:
        return None
    scorer = _SCORERS.get(block.get("key", ""))
    if scorer is None:
        return None
    return scorer.score(schema, outcome, facts, files)


def scoring_fact_keys(schema: Mapping[str, Any]) -> set[str]:
    """The facts a template's scorer reads (fetched with the template's own)."""
    block = schema.get("scoring")
    scorer = _SCORERS.get(block.get("key", "")) if block else None
    return scorer.facts(block.get("options") or {}) if scorer and block else set()
