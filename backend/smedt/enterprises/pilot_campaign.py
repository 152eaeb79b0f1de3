"""Pilot selection as a campaign of the application engine (first step of moving 试点企业遴选 onto it):
the shipped 试点企业申报书 template (the current application form as a template version) and the result
handler that enters a selected enterprise into the pilot library. Registered in apps.ready."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from smedt.enterprises.models import PilotEnterprise, PilotStatus
from smedt.enterprises.services.common import notify_org

PILOT_LIBRARY = "enterprises.pilot_library"
TEMPLATE_FILE = Path(__file__).parent / "data" / "pilot-application-template.json"


def pilot_template() -> dict[str, Any]:
    """{name, description, form} of the shipped pilot application template."""
    doc: dict[str, Any] = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return doc


def pilot_library_enter(submission: Any, actor: Any) -> None:
    """A selected submission enters (or re-activates) the enterprise in the pilot library."""
    sub_industry = str((submission.data or {}).get("sub_industry") or "")
    pilot = PilotEnterprise.objects.select_for_update().filter(org_id=submission.org_id).first()
    if pilot is None:
        pilot = PilotEnterprise.objects.create(
            org_id=submission.org_id, region=submission.region, sub_industry=sub_industry
        )
    else:
        pilot.sub_industry, pilot.status, pilot.status_reason = sub_industry, PilotStatus.ACTIVE, ""
        pilot.save(update_fields=["sub_industry", "status", "status_reason", "updated_at"])
    notify_org(
        org_id=submission.org_id,
        title="恭喜，贵企业已入选试点企业库",
        body=f"{submission.campaign.name}：公示期满，已入库（{timezone.localdate():%Y-%m-%d}）。",
        link=f"/enterprises/pilots/{pilot.pk}",
        dedupe_key=f"pilot-enter-submission-{submission.pk}",
    )
