"""The industry demo loads through the services and is idempotent; every page has something to show."""

from __future__ import annotations

from typing import Any

import pytest

from smedt.industry.demo import industry_demo_load
from smedt.industry.models import ChainMember, OperatingReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_demo_loads_once(city_admin: Any, make_org: Any, make_user: Any, settings: Any) -> None:
    settings.SMEDT_INDUSTRY_FREQUENCY = "month"
    huarui = make_org("410783", name="长垣华瑞起重装备有限公司")
    make_user("huarui_user", "enterprise_user", org=huarui)
    make_user("changyuan_officer", "county_officer", "410783")
    make_org("410702", name="新乡红旗汽车零部件有限公司")
    written = industry_demo_load()
    assert written == 4 * 12 - 1  # 卫滨 is not in this test's world
    assert industry_demo_load() == 0
    assert ChainMember.objects.filter(role="model").count() == 2
    assert OperatingReport.objects.filter(status=ReportStatus.SUBMITTED).count() == 2  # the followers' latest month
    assert OperatingReport.objects.filter(org=huarui).count() == 11


def test_scenario_demo_shows_published_scenarios_candidates_and_demand(
    city_admin: Any, make_org: Any, make_user: Any, settings: Any
) -> None:
    from pathlib import Path

    from django.conf import settings as django_settings

    from smedt.assessment.services.indicator_sets import indicator_sets_load
    from smedt.dicts.services import dicts_load
    from smedt.industry.scenario_demo import scenario_demo_load
    from smedt.industry.scenario_models import Scenario, ScenarioCandidate, ScenarioRun

    settings.SMEDT_INDUSTRY_FREQUENCY = "month"
    dicts_load(path=Path(django_settings.SMEDT_DICTS_FILE))
    indicator_sets_load()
    make_org("410783", name="长垣华瑞起重装备有限公司")
    industry_demo_load()
    assert scenario_demo_load() == 8
    assert scenario_demo_load() == 0
    assert Scenario.objects.filter(status="published").count() == 4
    assert Scenario.objects.filter(status="draft", inferred=True).count() == 4
    assert ScenarioRun.objects.get().status == "succeeded"
    found = set(ScenarioCandidate.objects.values_list("link__name", "scene"))
    assert ("钢材与原材料", "S07") in found and ("起重机整机制造", "S08") in found
    assert ("起重机整机制造", "S07") not in found  # covered by the published 焊接质量追溯
