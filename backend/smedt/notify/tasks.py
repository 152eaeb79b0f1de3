"""Thin background tasks: call one service. Idempotent."""

from __future__ import annotations

from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=3)
def send_notice_sms() -> dict[str, int]:
    from smedt.notify.services import notice_sms_send_pending

    return notice_sms_send_pending()
