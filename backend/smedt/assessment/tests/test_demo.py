"""``assessment_demo_load``: the demo enterprises get submitted assessments at different levels, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from smedt.assessment.demo import assessment_demo_load
from smedt.assessment.models import AnalysisEntry, Assessment

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_load_is_idempotent_and_spreads_levels(monkeypatch):
    monkeypatch.setenv("SMEDT_DEMO_PASSWORD", "Demo@2026pass")
    call_command("load_demo", quiet_accounts=True)  # load_demo calls assessment_demo_load() itself
    assert assessment_demo_load() == 0
    # + the two 起重装备 members the scenario-library demo assesses (low 质量管理 / 设备管理 scenes)
    assert Assessment.objects.filter(status="submitted").count() == 5
    levels = {e.org.name: (e.level, e.source) for e in AnalysisEntry.objects.select_related("org")}
    assert levels == {
        "长垣华瑞起重装备有限公司": (3, "self"),
        "新乡红旗汽车零部件有限公司": (2, "self"),
        "长垣豫起机械有限公司": (2, "self"),
        "长垣恒达起重部件有限公司": (2, "self"),
    }
    huarui = Assessment.objects.filter(org__name="长垣华瑞起重装备有限公司").order_by("submitted_at")
    assert [a.level for a in huarui] == [1, 3]
