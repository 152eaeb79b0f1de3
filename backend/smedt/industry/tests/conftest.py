"""Industry test setup: the city's chains from the data file, enterprise A as a model enterprise on
起重装备 (county A), enterprise B as a follower (county B), reports helpers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from smedt.industry import services
from smedt.industry.models import Chain, ChainMember
from smedt.orgs.models import Organization


@pytest.fixture
def chains(reference: None) -> list[Chain]:
    services.chains_load()
    return list(Chain.objects.order_by("sort"))


@pytest.fixture
def lifting(chains: list[Chain]) -> Chain:
    return next(c for c in chains if c.code == "lifting_equipment")


@pytest.fixture
def members(
    lifting: Chain, city_admin: Any, enterprise_a: Organization, enterprise_b: Organization
) -> tuple[ChainMember, ChainMember]:
    link = lifting.links.get(stage="midstream")
    a = services.member_add(
        actor=city_admin,
        chain=lifting,
        org_id=enterprise_a.pk,
        link_id=link.pk,
        role="model",
        transformed_on=date(2026, 3, 1),
    )
    b = services.member_add(
        actor=city_admin,
        chain=lifting,
        org_id=enterprise_b.pk,
        link_id=link.pk,
        role="follower",
        transformed_on=date(2026, 3, 1),
    )
    return a, b


def values(**kw: Any) -> list[dict[str, Any]]:
    return [{"indicator": k, "value": str(v), "explanation": ""} for k, v in kw.items()]


def report(client: Any, period: str, **kw: Any) -> Any:
    return client.post("/api/industry/reports", {"period": period, "values": values(**kw)})
