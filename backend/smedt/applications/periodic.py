"""Periodic jobs of the application engine (run by the scheduler)."""

from __future__ import annotations

from smedt.applications.services.campaigns import campaign_reminders_send
from smedt.taskqueue.scheduler import periodic

REMIND_EVERY_SECONDS = 3600


@periodic(REMIND_EVERY_SECONDS, name="applications.remind_closing_campaigns")
def remind_closing_campaigns() -> None:
    campaign_reminders_send()
