"""Thin background tasks: load by id, call one service. Idempotent."""

from __future__ import annotations

from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=3)
def refresh_summary() -> dict[str, int]:
    """Rewrite the background summary of the heavy widgets (idempotent: each run replaces it whole)."""
    from smedt.insights.summary import refresh

    return refresh()


@retrying_task(max_attempts=3)
def refresh_summary_parts(*, widget: str, parts: list[str]) -> dict[str, int]:
    """Rewrite some parts of one widget's summary cells after a write changed them (idempotent)."""
    from smedt.insights.summary import refresh_parts

    return refresh_parts(widget, parts)
