from __future__ import annotations

import html as html_lib
import re
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests

from smedt.rbac.models import Permission, Role


@pytest.fixture
def identity_admin(sys_admin: Any) -> Any:
    """sys_admin with the identity codes (until rbac/registry.py grants them by default)."""
    role = Role.objects.get(code="sys_admin")
    role.permissions.add(*Permission.objects.filter(module="identity"))
    role.permissions.add(Permission.objects.get(code="accounts.manage_session"))
    return sys_admin


def follow_form(session: requests.Session, page: requests.Response, data: dict[str, str]) -> requests.Response:
    """Post the first form of `page` with its hidden inputs plus `data` (no redirects followed)."""
    html = page.text
    action_m = re.search(r"<form[^>]*action=[\"']([^\"']*)[\"']", html)
    action = urljoin(page.url, action_m.group(1)) if action_m and action_m.group(1) else page.url
    fields: dict[str, str] = {}
    for m in re.finditer(r"<input([^>]*)>", html):
        attrs = dict(re.findall(r"(\w+)=[\"']?([^\"'\s>]*)[\"']?", m.group(1)))
        if attrs.get("name") and attrs.get("type", "text") in ("hidden",):
            fields[attrs["name"]] = html_lib.unescape(attrs.get("value", ""))
    fields.update(data)
    return session.post(action, data=fields, allow_redirects=False, headers={"Referer": page.url})


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
