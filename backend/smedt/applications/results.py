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
