"""Thin background tasks: load by id, call one service. Idempotent."""

from __future__ import annotations

from smedt.exports.services import export_run, exports_expire
from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=3)
def run_export(*, job_id: int) -> str:
    return export_run(job_id=job_id)


@retrying_task(max_attempts=3)
def expire_exports() -> int:
    return exports_expire()
