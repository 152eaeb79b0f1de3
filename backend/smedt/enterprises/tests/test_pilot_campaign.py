"""Pilot selection as a campaign of the application engine: the shipped template is valid and a selected
submission enters the pilot library through the registered result handler."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.applications.models import Submission
from smedt.applications.services.campaigns import campaign_create, campaign_open
from smedt.applications.services.templates import template_create, template_version_publish
from smedt.enterprises.models import PilotEnterprise
from smedt.enterprises.pilot_campaign import PILOT_LIBRARY, pilot_template
from smedt.enterprises.services.pilot import pilot_can_start_project

pytestmark = pytest.mark.django_db


def test_a_selected_pilot_submission_enters_the_library(api, city_admin, enterprise_a, enterprise_a_user, settings):
    from pathlib import Path

    from smedt.dicts.services import dicts_load

    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    doc = pilot_template()
    version = template_create(actor=city_admin, name=doc["name"], schema=doc["form"])
    version = template_version_publish(actor=city_admin, version=version)
    assert {o["value"] for o in version.schema["sections"][0]["fields"][0]["options"]} >= {"auto_parts"}
    now = timezone.now()
    campaign = campaign_create(
        actor=city_admin,
        values={
            "name": "2026年试点企业遴选（申报引擎）",
            "template_version_id": version.pk,
            "opens_at": now - timedelta(hours=1),
            "closes_at": now + timedelta(days=5),
            "quota": 3,
            "result_handler": PILOT_LIBRARY,
        },
    )
    campaign_open(actor=city_admin, campaign=campaign)
    sub = Submission.objects.create(
        campaign=campaign,
        template_version=version,
        org=enterprise_a,
        region=enterprise_a.region,
        status="publicity",
        data={"sub_industry": "auto_parts"},
        publicity_ends_at=now - timedelta(minutes=1),
    )
    assert not pilot_can_start_project(enterprise_a.pk)
    res = api(city_admin).post(f"/api/applications/submissions/{sub.pk}/finalize")
    assert res.status_code == 200, res.json()
    pilot = PilotEnterprise.objects.get(org=enterprise_a)
    assert pilot.sub_industry == "auto_parts" and pilot_can_start_project(enterprise_a.pk)
