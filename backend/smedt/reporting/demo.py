"""Demo data for 上报与绩效 (idempotent): a computed, not yet confirmed 绩效 snapshot of last quarter and the
outbox filled with the demo's pilot enterprises, projects, acceptance results and disbursements (they wait as
待发送 while SMEDT_NATIONAL_TRANSPORT is off)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from smedt.accounts.models import User
from smedt.reporting import services
from smedt.reporting.models import PerformanceSnapshot


def _last_quarter() -> str:
    today = timezone.localdate()
    q = (today.month - 1) // 3  # 0 → last year's Q4
    return f"{today.year - 1}-Q4" if q == 0 else f"{today.year}-Q{q}"


@transaction.atomic
def reporting_demo_load() -> int:
    """Returns the number of outbox records checked (0 when the city administrator is missing)."""
    admin = User.objects.filter(username="city_admin").first()
    if admin is None:
        return 0
    period = _last_quarter()
    if not PerformanceSnapshot.objects.filter(period=period).exists():
        snap = services.snapshot_create(actor=admin, period=period)
        services.snapshot_compute(snapshot_id=snap.pk)
    return sum(services.collect_all().values())
