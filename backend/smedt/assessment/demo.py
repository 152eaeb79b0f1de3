"""Demo data for the assessment screens: ``assessment_demo_load()`` (called by ``manage.py load_demo``).

Idempotent: an enterprise that already has a submitted self-assessment is left alone. The
assessments go through the real services (start → autosave → submit with the commitment), as
the enterprise's own demo user, so the audit trail and the analysis entries are the real ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.assessment.definition import Definition, Question
from smedt.assessment.models import Assessment, AssessmentStatus
from smedt.assessment.selectors import indicator_set_definition
from smedt.assessment.services.analysis_entries import analysis_entry_refresh
from smedt.assessment.services.assessments import assessment_save_draft, assessment_start, assessment_submit
from smedt.assessment.services.indicator_sets import indicator_sets_load
from smedt.orgs.models import Organization
from smedt.rbac.models import RoleAssignment

# enterprise → [(days ago, dimensions answered at their best, scenario level, size band)], oldest first
PLANS: dict[str, list[tuple[int, tuple[str, ...], int, str]]] = {
    "长垣华瑞起重装备有限公司": [
        (200, ("management",), 1, "medium"),  # 30 分, scenarios at 一级 → 一级
        (40, ("foundation", "management"), 3, "medium"),  # 80 分, scenarios at 三级 → 三级
    ],
    "新乡红旗汽车零部件有限公司": [
        (100, ("foundation",), 2, "small"),  # 50 分, scenarios at 二级 → 二级
    ],
}


def _pick(q: Question, best: bool) -> Any:
    if q.type == "single":
        return (max if best else min)(q.options, key=lambda o: o.score).code
    if best:
        return [o.code for o in q.options if not o.exclusive]
    return [q.exclusive_code or min(q.options, key=lambda o: o.score).code]


def demo_document(definition: Definition, best_dimensions: tuple[str, ...], scenario_level: int) -> dict[str, Any]:
    """Answers at their best in ``best_dimensions`` and their lowest elsewhere; every scenario at one level."""
    return {
        "answers": {q.id: _pick(q, q.dimension_id in best_dimensions) for q in definition.questions},
        "scenarios": {s.id: scenario_level for s in definition.scenarios},
    }


def _enterprise_user(org: Organization) -> Any:
    assignment = (
        RoleAssignment.objects.filter(org=org, role__code="enterprise_user")
        .select_related("user")
        .order_by("id")
        .first()
    )
    return assignment.user if assignment is not None else None


def assessment_demo_load() -> int:
    """Create the demo self-assessments (一级 then 三级 for 华瑞起重, 二级 for 红旗汽配); returns how many were made."""
    indicator_sets_load()
    made = 0
    for name, plan in PLANS.items():
        org = Organization.objects.filter(name=name).first()
        user = _enterprise_user(org) if org is not None else None
        if org is None or user is None:
            continue
        if Assessment.objects.filter(org=org, status=AssessmentStatus.SUBMITTED).exists():
            continue
        with transaction.atomic():
            for days_ago, best, scenario_level, size in plan:
                draft, _ = assessment_start(actor=user, org_id=org.pk, size_band=size)
                definition = indicator_set_definition(draft.indicator_set)
                draft = assessment_save_draft(
                    actor=user, assessment=draft, patch=demo_document(definition, best, scenario_level)
                )
                done = assessment_submit(actor=user, assessment=draft, commitment=True)
                # spread over past months so the trend chart has points
                when = timezone.now() - dt.timedelta(days=days_ago)
                Assessment.objects.filter(pk=done.pk).update(submitted_at=when, commitment_at=when)
                made += 1
            analysis_entry_refresh(org_id=org.pk)
    return made
