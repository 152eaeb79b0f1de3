"""Review processes: declared by the module that owns the reviewable thing, registered at start-up.

A process names its steps (each with the permission a reviewer needs over the item's region)
and callbacks that move the target when the review ends. Later modules (pilot selection,
acceptance, funds, cultivation) declare theirs the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smedt.core.errors import ValidationFailed


@dataclass(frozen=True)
class ReviewStep:
    key: str
    name: str
    permission: str


COUNTY_STEP = ReviewStep("county", "县区初审", "reviews.review_county")
CITY_STEP = ReviewStep("city", "市级复审", "reviews.review_city")
# the optional finance bureau (财政) step after the city's review (subsidy campaigns, SMEDT_FUNDS_FINANCE_REVIEW)
FINANCE_STEP = ReviewStep("finance", "财政审核", "reviews.review_finance")

Callback = Callable[[Any, Any, Any], None]  # (target, review_request, actor)


def _noop(target: Any, request: Any, actor: Any) -> None:
    return None


@dataclass(frozen=True)
class ReviewProcess:
    key: str
    name: str
    steps: tuple[ReviewStep, ...]
    model_label: str  # "orgs.organization"
    on_approved: Callback = _noop
    on_rejected: Callback = _noop
    on_returned: Callback = _noop
    on_resubmitted: Callback = _noop
    summary: Callable[[Any], dict[str, str]] = field(default=lambda target: {})
    link: Callable[[Any], str] = field(default=lambda target: "")
    # Separation of duties: whoever submitted (or resubmitted) the item may not decide on it at
    # any step. Turn off only where a written rule lets the submitter review their own item.
    separation_of_duties: bool = True


_REGISTRY: dict[str, ReviewProcess] = {}


def register_process(process: ReviewProcess) -> ReviewProcess:
    if not process.steps:
        raise ValueError(f"review process {process.key} has no steps")
    _REGISTRY[process.key] = process
    return process


def get_process(key: str) -> ReviewProcess:
    try:
        return _REGISTRY[key]
    except KeyError as exc:
        raise ValidationFailed(code="reviews.unknown_process", message=f"审核流程“{key}”不存在") from exc


def all_processes() -> list[ReviewProcess]:
    return list(_REGISTRY.values())
