"""Portal fixtures: the portal codes granted to the built-in roles (as proposed for rbac/registry.py),
the portal dictionaries, and small factories that go through the services."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from smedt.dicts.services import dicts_load
from smedt.portal.reference import portal_reference_load
from smedt.rbac.models import Permission, Role

# the proposed defaults for BUILTIN_ROLES (see the report to the lead)
ROLE_CODES = {
    "city_admin": [
        "portal.manage_content",
        "portal.review_content",
        "portal.manage_case",
        "portal.review_supply_demand",
    ],
    "county_officer": ["portal.manage_content", "portal.review_content", "portal.manage_case"],
    "enterprise_user": ["portal.post_need"],
    "provider_user": ["portal.post_offer"],
}


@pytest.fixture
def portal_setup(reference: None) -> None:
    for role_code, codes in ROLE_CODES.items():
        Role.objects.get(code=role_code).permissions.add(*Permission.objects.filter(code__in=codes))
    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    portal_reference_load()


@pytest.fixture
def colleague(make_user: Callable[..., Any]) -> Callable[[str], Any]:
    """A second reviewer of a region: the submitter may not decide on their own submission."""
    from smedt.accounts.models import User

    def get(region_code: str) -> Any:
        name = f"colleague_{region_code}"
        found = User.objects.filter(username=name).first()
        role = "city_admin" if region_code == "410700" else "county_officer"
        return found or make_user(name, role, region_code)

    return get


@pytest.fixture
def make_announcement(portal_setup: None, city_admin: Any, colleague: Callable[[str], Any]) -> Callable[..., Any]:
    """An announcement in the given state, created and moved through the real services."""
    from smedt.portal.services import announcements as ann
    from smedt.reviews.models import ReviewRequest
    from smedt.reviews.services.requests import review_decide

    def make(
        *,
        title: str = "示例公告",
        category: str = "policy",
        region_code: str = "410700",
        body: str = "<p>正文</p>",
        publish: bool = True,
        author: Any = None,
        reviewer: Any = None,
        **kw: Any,
    ) -> Any:
        author = author or city_admin
        a = ann.announcement_create(
            actor=author, category=category, title=title, region_code=region_code, body=body, **kw
        )
        if publish:
            ann.announcement_submit(actor=author, announcement=a)
            request = ReviewRequest.objects.get(object_id=str(a.pk), process_key__startswith="announcement_")
            review_decide(request=request, reviewer=reviewer or colleague(region_code), decision="approve")
            a.refresh_from_db()
        return a

    return make


@pytest.fixture
def make_case(portal_setup: None, city_admin: Any) -> Callable[..., Any]:
    from smedt.portal.services import cases

    def make(*, title: str = "示例案例", region_code: str = "410700", publish: bool = True, **data: Any) -> Any:
        data.setdefault("enterprise_name", "示例企业")
        c = cases.case_create(actor=city_admin, region_code=region_code, data={"title": title, **data})
        if publish:
            cases.case_consent_record(actor=city_admin, case=c, person="张经理（总经理）")
            c = cases.case_publish(actor=city_admin, case=c)
        return c

    return make


def approve_review(target: Any, reviewer: Any) -> None:
    from django.contrib.contenttypes.models import ContentType

    from smedt.reviews.models import ReviewRequest
    from smedt.reviews.services.requests import review_decide

    request = ReviewRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk), status="pending"
    ).latest("id")
    review_decide(request=request, reviewer=reviewer, decision="approve")


@pytest.fixture
def make_need(portal_setup: None, city_admin: Any, enterprise_a_user: Any, enterprise_a: Any) -> Callable[..., Any]:
    from smedt.portal.services import supply_demand as sd

    def make(
        *,
        title: str = "示例需求",
        scenario_code: str = "S05",
        publish: bool = True,
        user: Any = None,
        org: Any = None,
        **kw: Any,
    ) -> Any:
        n = sd.need_create(
            actor=user or enterprise_a_user,
            org_id=(org or enterprise_a).pk,
            title=title,
            problem=kw.pop("problem", "生产计划靠手工排，交期经常延误"),
            scenario_code=scenario_code,
            **kw,
        )
        if publish:
            sd.need_submit(actor=user or enterprise_a_user, need=n)
            approve_review(n, city_admin)
            n.refresh_from_db()
        return n

    return make


@pytest.fixture
def make_offer(portal_setup: None, city_admin: Any, provider_user: Any, provider_org: Any) -> Callable[..., Any]:
    from smedt.portal.services import supply_demand as sd

    def make(*, title: str = "示例供给", scenario_codes: Any = ("S05",), publish: bool = True, **kw: Any) -> Any:
        o = sd.offer_create(
            actor=provider_user,
            org_id=provider_org.pk,
            title=title,
            description=kw.pop("description", "轻量化排产系统"),
            scenario_codes=list(scenario_codes),
            **kw,
        )
        if publish:
            sd.offer_submit(actor=provider_user, offer=o)
            approve_review(o, city_admin)
            o.refresh_from_db()
        return o

    return make
