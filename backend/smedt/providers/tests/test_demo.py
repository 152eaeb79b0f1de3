"""The demo 服务商遴选: a campaign of the application engine on the shipped template, the demo providers' admitted
submissions with an expert score, and their pool membership pointing at them (load_demo on a fresh database)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from smedt.applications.models import Campaign, Submission, SubmissionScore
from smedt.applications.validation import submission_clean
from smedt.providers.demo import DEMO, SELECTION_NAME
from smedt.providers.models import ProviderPoolMember
from smedt.providers.selection import POOL_HANDLER

pytestmark = pytest.mark.django_db


def test_load_demo_runs_the_provider_selection_on_the_engine():
    call_command("load_demo", "--quiet-accounts")
    call_command("load_demo", "--quiet-accounts")  # idempotent
    campaign = Campaign.objects.get(name=SELECTION_NAME)
    assert (campaign.status, campaign.kind, campaign.result_handler, campaign.review_chain) == (
        "open",
        "provider",
        POOL_HANDLER,
        "application_review_city",
    )
    assert campaign.org_kinds == ["provider"] and campaign.expert_scoring and len(campaign.score_items) == 3
    subs = list(Submission.objects.filter(campaign=campaign).select_related("org"))
    assert sorted(s.org.name for s in subs) == sorted(DEMO)
    for sub in subs:
        assert sub.status == "approved"
        assert ProviderPoolMember.objects.get(org=sub.org).submission == sub
        assert SubmissionScore.objects.filter(submission=sub).exists()
        # the demo content is valid against the shipped template (but for the attachments, which it has none of)
        outcome = submission_clean(sub.template_version.schema, sub.data, facts={}, files={}, partial=True)
        assert outcome.errors == {}
