"""Personas and factories shared by every app's tests.

Two counties: A = 红旗区 (410702), B = 长垣市 (410783). Each has an enterprise with a user.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from smedt.accounts.models import User
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.rbac.models import Role, RoleAssignment
from smedt.rbac.registry import sync_permissions_and_roles
from smedt.regions.models import Region
from smedt.regions.services import DATA_DIR, regions_load

PASSWORD = "Test@2026pass"
COUNTY_A = "410702"
COUNTY_B = "410783"
CITY = "410700"
_seq = itertools.count(1000)


def load_reference_data() -> None:
    sync_permissions_and_roles()
    regions_load(path=DATA_DIR / "xinxiang-divisions.yaml")


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate-limit counters live in the cache (local memory in tests): each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference(db: Any) -> None:
    load_reference_data()


def credit_code_for(region_code: str) -> str:
    n = next(_seq)
    return make_valid(f"91{region_code}MA{n:07d}")


@pytest.fixture
def make_org(reference: None) -> Callable[..., Organization]:
    def make(
        region_code: str = COUNTY_A,
        kind: str = OrgKind.ENTERPRISE,
        name: str | None = None,
        status: str = OrgStatus.ACTIVE,
    ) -> Organization:
        org = Organization(
            name=name or f"测试单位{next(_seq)}",
            credit_code=credit_code_for(region_code),
            kind=kind,
            region=Region.objects.get(code=region_code),
            status=status,
        )
        org.contact_phone = "13800000000"
        org.save()
        return org

    return make


@pytest.fixture
def make_user(reference: None) -> Callable[..., User]:
    def make(
        username: str | None = None,
        role: str | None = None,
        region: str | None = None,
        org: Organization | None = None,
        **extra: Any,
    ) -> User:
        user: User = User.objects.create_user(username=username or f"user{next(_seq)}", password=PASSWORD, **extra)
        if role:
            RoleAssignment.objects.create(
                user=user,
                role=Role.objects.get(code=role),
                region=Region.objects.get(code=region) if region else None,
                org=org,
            )
        return user

    return make


@pytest.fixture
def enterprise_a(make_org: Callable[..., Organization]) -> Organization:
    return make_org(COUNTY_A, name="红旗测试企业")


@pytest.fixture
def enterprise_b(make_org: Callable[..., Organization]) -> Organization:
    return make_org(COUNTY_B, name="长垣测试企业")


@pytest.fixture
def provider_org(make_org: Callable[..., Organization]) -> Organization:
    return make_org("410771", kind=OrgKind.PROVIDER, name="测试服务商")


@pytest.fixture
def sys_admin(make_user: Callable[..., User]) -> User:
    return make_user("sys_admin", "sys_admin")


@pytest.fixture
def city_admin(make_user: Callable[..., User]) -> User:
    return make_user("city_admin", "city_admin", CITY)


@pytest.fixture
def county_a_officer(make_user: Callable[..., User]) -> User:
    return make_user("county_a_officer", "county_officer", COUNTY_A)


@pytest.fixture
def county_b_officer(make_user: Callable[..., User]) -> User:
    return make_user("county_b_officer", "county_officer", COUNTY_B)


@pytest.fixture
def enterprise_a_user(make_user: Callable[..., User], enterprise_a: Organization) -> User:
    return make_user("enterprise_a_user", "enterprise_user", org=enterprise_a)


@pytest.fixture
def enterprise_b_user(make_user: Callable[..., User], enterprise_b: Organization) -> User:
    return make_user("enterprise_b_user", "enterprise_user", org=enterprise_b)


@pytest.fixture
def provider_user(make_user: Callable[..., User], provider_org: Organization) -> User:
    return make_user("provider_user", "provider_user", org=provider_org)


@pytest.fixture
def expert(make_user: Callable[..., User]) -> User:
    return make_user("expert", "expert")


@pytest.fixture
def outsider(make_user: Callable[..., User]) -> User:
    return make_user("outsider")


class ApiClient:
    """A JSON client acting as one user (or anonymous)."""

    def __init__(self, user: User | None = None, *, enforce_csrf: bool = False) -> None:
        self.client = Client(enforce_csrf_checks=enforce_csrf)
        if user is not None:
            self.client.force_login(user)

    def _call(self, method: str, path: str, data: Any = None, **kw: Any) -> Any:
        fn = getattr(self.client, method)
        if method in ("get",):
            return fn(path, data or {}, **kw)
        return fn(path, data if data is not None else {}, content_type="application/json", **kw)

    def get(self, path: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self._call("get", path, params, **kw)

    def post(self, path: str, data: Any = None, **kw: Any) -> Any:
        return self._call("post", path, data, **kw)

    def patch(self, path: str, data: Any = None, **kw: Any) -> Any:
        return self._call("patch", path, data, **kw)

    def put(self, path: str, data: Any = None, **kw: Any) -> Any:
        return self._call("put", path, data, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.client.delete(path, **kw)


@pytest.fixture
def api() -> Callable[..., ApiClient]:
    return lambda user=None, **kw: ApiClient(user, **kw)
