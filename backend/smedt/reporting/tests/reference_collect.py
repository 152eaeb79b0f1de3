"""The per-record outbox collection as it was before it became set-based (frozen copy, tests only): the batch
collection must queue exactly the records — same idempotency keys, bodies, titles and regions — this one does."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from smedt.regions.models import Region
from smedt.reporting.models import RecordKind
from smedt.reporting.services import outbox_add


def collect_all_per_record() -> dict[str, int]:
    """One record per pilot enterprise, transformation project, accepted project (levels before/after) and
    disbursement whose content is new or changed; unchanged content is not queued again (idempotent)."""
    from smedt.enterprises.models import PilotEnterprise, PilotStatus
    from smedt.funds.models import LedgerEntry
    from smedt.projects.models import Project

    counts = {k: 0 for k in RecordKind.values}  # records checked per kind (new or already queued)

    def add(kind: str, ref: str, title: str, region: Region, data: dict[str, Any]) -> None:
        outbox_add(kind=kind, object_ref=ref, title=title, region=region, data=data)
        counts[kind] += 1

    pilots = (
        PilotEnterprise.objects.dangerously_unscoped().filter(status=PilotStatus.ACTIVE).select_related("org", "region")
    )
    for p in pilots.iterator(chunk_size=500):
        add(
            RecordKind.PILOT,
            p.org.credit_code,
            p.org.name,
            p.region,
            {
                "name": p.org.name,
                "credit_code": p.org.credit_code,
                "region_code": p.region.code,
                "sub_industry": p.sub_industry,
                "level": p.level,
                "entered_at": p.entered_at.date().isoformat(),
            },
        )
    projects = (
        Project.objects.dangerously_unscoped()
        .filter(kind="transformation")
        .select_related("enterprise", "provider", "region", "before_assessment", "after_assessment", "after_onsite")
    )
    for pr in projects.iterator(chunk_size=500):
        common = {
            "project_no": f"P{pr.pk}",
            "enterprise_credit_code": pr.enterprise.credit_code,
            "provider_credit_code": pr.provider.credit_code,
            "region_code": pr.region.code,
        }
        add(
            RecordKind.PROJECT,
            f"P{pr.pk}",
            pr.title,
            pr.region,
            {
                **common,
                "title": pr.title,
                "status": pr.status,
                "amount": str(pr.amount),
                "sub_industry": pr.sub_industry,
            },
        )
        if pr.status == "accepted":
            before = pr.before_assessment.level if pr.before_assessment else None
            after_obj = pr.after_onsite or pr.after_assessment
            add(
                RecordKind.ACCEPTANCE,
                f"P{pr.pk}",
                pr.title,
                pr.region,
                {
                    **common,
                    "accepted_at": timezone.localtime(pr.finished_at).date().isoformat() if pr.finished_at else None,
                    "level_before": before,
                    "level_after": getattr(after_obj, "level", None),
                },
            )
    for e in LedgerEntry.objects.dangerously_unscoped().filter(kind="disburse").select_related("enterprise", "region"):
        add(
            RecordKind.FUNDS,
            f"L{e.pk}",
            f"拨付 {e.amount} 元" + (f" · {e.enterprise.name}" if e.enterprise else ""),
            e.region,
            {
                "entry_no": f"L{e.pk}",
                "enterprise_credit_code": e.enterprise.credit_code if e.enterprise else None,
                "region_code": e.region.code,
                "amount": str(e.amount),
                "booked_at": timezone.localtime(e.created_at).date().isoformat(),
            },
        )
    return counts
