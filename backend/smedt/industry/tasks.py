"""Thin background tasks: load by id, call one service. Idempotent."""

from __future__ import annotations

from smedt.industry.imports import import_run
from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=3)
def run_report_import(*, job_id: int) -> str:
    return import_run(job_id=job_id)


@retrying_task(max_attempts=3)
def run_scenario_refresh(*, run_id: int) -> str:
    from smedt.industry.scenarios import run_execute

    return run_execute(run_id=run_id)
