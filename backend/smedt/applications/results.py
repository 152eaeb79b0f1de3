"""What happens when a submission is selected (入选): a domain module registers a handler by key
(e.g. the pilot library entry, the provider pool membership) and a campaign names it. Handlers run
inside the finalize transaction with the locked submission; a refusal rolls the result back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ResultHandler = Callable[[Any, Any], None]  # (submission, actor)

_HANDLERS: dict[str, tuple[str, ResultHandler]] = {}


def register_result_handler(key: str, label: str, handler: ResultHandler) -> None:
    _HANDLERS[key] = (label, handler)


def result_handlers() -> dict[str, str]:
    """key → label, for the campaign form."""
    return {k: label for k, (label, _) in _HANDLERS.items()}


def result_handle(key: str, submission: Any, actor: Any) -> None:
    if key and key in _HANDLERS:
        _HANDLERS[key][1](submission, actor)


# A domain module may also check (and reserve) at submission, inside the submit transaction — e.g. the
# subsidy claim reserving its invoices — and add sections to the reviewers' materials. Both are keyed by
# the same result-handler key the campaign names; a refusal raised by a check rolls the submission back.
SubmitCheck = Callable[[Any, Any], None]  # (submission, actor)
MaterialsExtra = Callable[[Any], list[Any]]  # submission → extra reviews.materials.MaterialSection

_SUBMIT_CHECKS: dict[str, SubmitCheck] = {}
_MATERIALS: dict[str, MaterialsExtra] = {}


def register_submit_check(key: str, check: SubmitCheck) -> None:
    _SUBMIT_CHECKS[key] = check


def submit_check(key: str, submission: Any, actor: Any) -> None:
    if key and key in _SUBMIT_CHECKS:
        _SUBMIT_CHECKS[key](submission, actor)


def register_result_materials(key: str, extra: MaterialsExtra) -> None:
    _MATERIALS[key] = extra


def result_materials(key: str, submission: Any) -> list[Any]:
    return list(_MATERIALS[key](submission)) if key and key in _MATERIALS else []
