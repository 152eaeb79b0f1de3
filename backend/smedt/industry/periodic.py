"""Periodic jobs of the industry module (run by the scheduler)."""

from __future__ import annotations

from smedt.industry.services import reminders_send
from smedt.taskqueue.scheduler import periodic

REMIND_EVERY_SECONDS = 6 * 3600


@periodic(REMIND_EVERY_SECONDS, name="industry.remind_reports")
def remind_reports() -> None:
    reminders_send()
