"""House rule 9: every list endpoint does a pinned number of queries, the same for 1 row and 30."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.enterprises.models import (
    EnterpriseProfile,
    EnterpriseYearFigure,
    ImportJob,
    RecruitmentPost,
)
from smedt.enterprises.tests.factories import make_pilot
from smedt.files.models import Attachment

pytestmark = pytest.mark.django_db

# signed in: session, user, session-guard bookkeeping (3) + session save, grants (2), count, page
PINNED = {
    "/api/enterprises/profiles": 10,  # + figures prefetch
    "/api/enterprises/pilots": 9,
    "/api/enterprises/recruitment": 9,
    "/api/enterprises/imports": 9,
    "/api/enterprises/recruitment/public": 2,  # anonymous: count, page
}


def count(api, user, path):
    client = api(user)
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, {"page_size": 50})
    assert res.status_code == 200, res.content
    return len(ctx.captured_queries), res.json()["total"]


def fill(make_org, city_admin, n):
    att = Attachment.objects.create(name="a.xlsx", content_type="x", size=1, sm3="0", storage_name="x")
    for _ in range(n):
        org = make_org("410702")
        profile = EnterpriseProfile.objects.create(org=org, industry_code="C3670")
        EnterpriseYearFigure.objects.create(profile=profile, year=2024, employees=10)
        EnterpriseYearFigure.objects.create(profile=profile, year=2025, employees=10)
        make_pilot(org)
        RecruitmentPost.objects.create(
            org=org,
            title="招聘",
            contact_name="李",
            contact_phone="13800000000",
            valid_until=timezone.localdate() + timedelta(days=3),
            status="published",
        )
        ImportJob.objects.create(file=att, created_by=city_admin, region=org.region.parent)


@pytest.mark.parametrize("path", list(PINNED))
def test_query_count_is_pinned(api, make_org, city_admin, path):
    fill(make_org, city_admin, 1)
    user = None if path.endswith("/public") else city_admin
    one, total_one = count(api, user, path)
    fill(make_org, city_admin, 29)
    thirty, total_thirty = count(api, user, path)
    assert total_thirty > total_one >= 1
    assert one == thirty == PINNED[path], (one, thirty)
