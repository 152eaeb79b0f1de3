"""试点企业库: enable/disable a pilot enterprise, the checks other modules ask. Entering the library happens
when a pilot-selection campaign's submission is selected (`enterprises.pilot_campaign.pilot_library_enter`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict
from smedt.enterprises.models import PilotEnterprise, PilotStatus
from smedt.enterprises.services.common import field_error, notify_org
from smedt.rbac.services import require


@transaction.atomic
def pilot_set_active(*, actor: Any, pilot: PilotEnterprise, active: bool, reason: str) -> PilotEnterprise:
    pilot = PilotEnterprise.objects.select_for_update(of=("self",)).select_related("region").get(pk=pilot.pk)
    require(actor, "enterprises.manage_pilot", region_path=pilot.region.path)
    reason = reason.strip()
    if not reason:
        raise field_error("reason", "请填写停用或启用的原因")
    target = PilotStatus.ACTIVE if active else PilotStatus.DISABLED
    if pilot.status == target:
        raise Conflict(
            code="invalid_transition",
            message="该试点企业已是启用状态" if active else "该试点企业已停用",
            details={"current": pilot.get_status_display(), "allowed": ["停用" if active else "启用"]},
        )
    before = pilot.status
    pilot.status, pilot.status_reason = target, reason[:255]
    pilot.save(update_fields=["status", "status_reason", "updated_at"])
    notify_org(
        org_id=pilot.org_id,
        title="贵企业的试点资格已恢复" if active else "贵企业的试点资格已停用",
        body=reason,
        dedupe_key=f"pilot-status-{pilot.pk}-{timezone.now().timestamp()}",
    )
    audit_record(
        actor=actor,
        action="enterprises.pilot_enable" if active else "enterprises.pilot_disable",
        target=pilot,
        region=pilot.region,
        org_id=pilot.org_id,
        before={"status": before},
        after={"status": target, "reason": reason},
    )
    return pilot


def pilot_can_start_project(org_id: int) -> bool:
    """For the projects module: only an active pilot enterprise may start a new project."""
    return PilotEnterprise.objects.filter(org_id=org_id, status=PilotStatus.ACTIVE).exists()


@transaction.atomic
def pilot_level_record(*, org_id: int, level: int | None) -> None:
    """For the assessment module: the latest rated 数字化水平 level of a pilot enterprise."""
    if level is not None and not 1 <= level <= 4:
        raise field_error("level", "数字化水平等级应为 1 至 4")
    PilotEnterprise.objects.filter(org_id=org_id).update(level=level)
