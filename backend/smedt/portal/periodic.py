"""Periodic jobs of the portal (run by the scheduler; idempotent)."""

from __future__ import annotations

from smedt.portal.services.announcements import announcement_publish_due
from smedt.taskqueue.scheduler import periodic

PUBLISH_DUE_EVERY_SECONDS = 60


@periodic(PUBLISH_DUE_EVERY_SECONDS, name="portal.publish_due_announcements")
def publish_due_announcements() -> None:
    announcement_publish_due()
