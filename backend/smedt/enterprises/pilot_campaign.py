"""试点企业遴选 as campaigns of the application engine: the campaign kind "pilot", the shipped 试点企业申报书
template (the former application form as a template version; a campaign narrows its 细分行业 options) and
the result handler that enters a selected enterprise into the pilot library. Registered in apps.ready."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from smedt.enterprises.models import PilotEnterprise, PilotStatus
from smedt.enterprises.services.common import notify_org

PILOT_KIND = "pilot"
PILOT_KIND_LABEL = "试点企业遴选"
PILOT_LIBRARY = "enterprises.pilot_library"
SUB_INDUSTRY_FIELD = "sub_industry"
TEMPLATE_FILE = Path(__file__).parent / "data" / "pilot-application-template.json"


def pilot_template() -> dict[str, Any]:
    """{name, description, form} of the shipped pilot application template."""
    doc: dict[str, Any] = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return doc


def pilot_library_enter(submission: Any, actor: Any) -> None:
    """A selected submission enters (or re-activates) the enterprise in the pilot library."""
    sub_industry = str((submission.data or {}).get(SUB_INDUSTRY_FIELD) or "")
    pilot = PilotEnterprise.objects.select_for_update().filter(org_id=submission.org_id).first()
    if pilot is None:
        pilot = PilotEnterprise.objects.create(
            org_id=submission.org_id,
            region=submission.region,
            sub_industry=sub_industry,
            submission=submission,
            campaign=submission.campaign,
        )
    else:
        pilot.sub_industry, pilot.status, pilot.status_reason = sub_industry, PilotStatus.ACTIVE, ""
        pilot.submission, pilot.campaign = submission, submission.campaign
        pilot.save(update_fields=["sub_industry", "status", "status_reason", "submission", "campaign", "updated_at"])
    notify_org(
        org_id=submission.org_id,
        title="恭喜，贵企业已入选试点企业库",
        body=f"{submission.campaign.name}：公示期满，已入库（{timezone.localdate():%Y-%m-%d}）。",
        link=f"/enterprises/pilots/{pilot.pk}",
        dedupe_key=f"pilot-enter-submission-{submission.pk}",
    )
