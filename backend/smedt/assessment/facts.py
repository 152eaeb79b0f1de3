"""The latest submitted self-assessment as a back-end data provider of the application engine."""

from __future__ import annotations

from smedt.applications.facts import FactProvider, FactSpec
from smedt.applications.prereview import Fact
from smedt.assessment.models import Assessment, AssessmentStatus

SPECS = (
    FactSpec("level", "数字化水平等级", "number", "级"),
    FactSpec("total_score", "数字化水平评测得分", "number", "分"),
)


def assessment_facts(org_id: int, keys: set[str]) -> dict[str, Fact]:
    latest = (
        Assessment.objects.filter(org_id=org_id, status=AssessmentStatus.SUBMITTED)
        .order_by("-submitted_at")
        .only("level", "total_score", "submitted_at")
        .first()
    )
    if latest is None:
        return {}
    out = {}
    for spec in SPECS:
        if spec.key in keys:
            value = getattr(latest, spec.key)
            out[spec.key] = Fact(
                value=None if value is None else str(value),
                label=f"数字化水平评测·{spec.label}",
                source_label="自评结果",
                recorded_at=latest.submitted_at.isoformat() if latest.submitted_at else "",
            )
    return out


PROVIDER = FactProvider(name="assessment", label="数字化水平评测", specs=SPECS, fetch=assessment_facts)
