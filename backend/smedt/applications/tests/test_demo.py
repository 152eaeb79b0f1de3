"""The shipped 专项申报 demo: a valid published template (6 indicators, 3 evidence types) and an open campaign."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from smedt.applications.demo import CAMPAIGN_NAME
from smedt.applications.models import Campaign, TemplateVersion

pytestmark = pytest.mark.django_db


def test_load_demo_ships_the_award_template_and_an_open_campaign():
    call_command("load_demo", "--quiet-accounts")
    call_command("load_demo", "--quiet-accounts")  # idempotent
    campaign = Campaign.objects.get(name=CAMPAIGN_NAME)  # other modules ship campaigns of their own kinds
    assert campaign.status == "open"
    assert TemplateVersion.objects.filter(template=campaign.template_version.template).count() == 1
    schema = campaign.template_version.schema
    assert len(schema["indicators"]) == 6
    evidence = {i["evidence"]["label"] for i in schema["indicators"] if i["evidence"]}
    assert evidence == {"专利证书", "数字化转型实施报告", "财务审计报告"}
