"""Thin background tasks: load by id, call one service. Idempotent."""

from __future__ import annotations

from smedt.insights.services import export_run
from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=3)
def run_progress_export(*, job_id: int) -> str:
    return export_run(job_id=job_id)
