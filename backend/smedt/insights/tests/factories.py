"""Rows for dashboard tests and the benchmark: projects in given stages with their timeline, pilot
enterprises, 规上 records with a current digital level. Written straight to the tables (the flows that
produce them are tested in their own apps)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from smedt.assessment.models import AnalysisEntry, IndicatorSet
from smedt.enterprises.models import EnterpriseProfile, PilotEnterprise
from smedt.projects.models import Project, ProjectEvent

# status → the timeline actions that led there (transformation)
TRANSFORMATION_PATH = {
    "pending_provider": ["create"],
    "contracting": ["create", "confirm"],
    "signed": ["create", "confirm", "contract_signed"],
    "filing_review": ["create", "confirm", "contract_signed", "submit_filing"],
    "implementing": ["create", "confirm", "contract_signed", "submit_filing", "filing_approved"],
    "completed": ["create", "confirm", "contract_signed", "submit_filing", "filing_approved", "complete"],
    "acceptance_review": [
        "create",
        "confirm",
        "contract_signed",
        "submit_filing",
        "filing_approved",
        "complete",
        "apply_acceptance",
    ],
    "accepted": [
        "create",
        "confirm",
        "contract_signed",
        "submit_filing",
        "filing_approved",
        "complete",
        "apply_acceptance",
        "acceptance_approved",
    ],
    "cancelled": ["create", "cancel"],
}
DIAGNOSIS_PATH = {
    "pending_provider": ["create"],
    "diagnosing": ["create", "confirm", "contract_signed"],
    "done": ["create", "confirm", "contract_signed", "submit_report", "confirm_report"],
}


def indicator_set() -> IndicatorSet:
    obj, _ = IndicatorSet.objects.get_or_create(
        code="test-insights",
        version="1",
        defaults={
            "name": "测试指标体系",
            "status": "archived",
            "definition": {},
            "source_digest": "insights-test",
            "imported_at": timezone.now(),
        },
    )
    return obj


def level_set(org: Any, level: int) -> AnalysisEntry:
    now = timezone.now()
    entry, _ = AnalysisEntry.objects.update_or_create(
        org=org,
        defaults={
            "source": "self",
            "indicator_set": indicator_set(),
            "region": org.region,
            "submitted_at": now,
            "submitted_month": now.date().replace(day=1),
            "total_score": Decimal("50.00"),
            "level": level,
        },
    )
    return entry


def profile(org: Any, *, sub: str, above_scale: bool | None, level: int | None = None) -> EnterpriseProfile:
    p, _ = EnterpriseProfile.objects.update_or_create(
        org=org, defaults={"sub_industries": [sub], "above_scale": above_scale}
    )
    if level is not None:
        level_set(org, level)
    return p


def pilot(org: Any, *, sub: str = "auto_parts", level: int | None = None) -> PilotEnterprise:
    return PilotEnterprise.objects.create(org=org, region=org.region, sub_industry=sub, level=level)


def project(
    *,
    enterprise: Any,
    provider: Any,
    kind: str = "transformation",
    status: str = "implementing",
    sub: str = "auto_parts",
    days_ago: int = 30,
    step_days: int = 3,
    overdue: bool = False,
) -> Project:
    start = timezone.now() - dt.timedelta(days=days_ago)
    p = Project.objects.create(
        kind=kind,
        title=f"{enterprise.name}{kind}",
        enterprise=enterprise,
        provider=provider,
        region=enterprise.region,
        sub_industry=sub,
        amount=Decimal("100000.00"),
        status=status,
        step_due_at=timezone.now() - dt.timedelta(days=1) if overdue else None,
        finished_at=timezone.now() if status in ("accepted", "done") else None,
    )
    Project.objects.filter(pk=p.pk).update(created_at=start)
    path = (DIAGNOSIS_PATH if kind == "diagnosis" else TRANSFORMATION_PATH)[status]
    events = ProjectEvent.objects.bulk_create(
        [ProjectEvent(project=p, action=a, to_status=status if i == len(path) - 1 else "") for i, a in enumerate(path)]
    )
    for i, e in enumerate(events):
        ProjectEvent.objects.filter(pk=e.pk).update(created_at=start + dt.timedelta(days=i * step_days))
    p.refresh_from_db()
    return p
