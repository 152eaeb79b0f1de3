"""Small helpers shared by the kernel apps' tests (plain functions; fixtures stay in conftest.py)."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from smedt.accounts.models import User
from smedt.orgs.models import Organization
from smedt.rbac.models import Permission, Role, RoleAssignment, ScopeKind
from smedt.regions.models import Region

CJK = re.compile(r"[\u4e00-\u9fff]")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_role(code: str, permissions: list[str], scope_kind: str = ScopeKind.REGION, name: str | None = None) -> Role:
    """A custom (non-builtin) role holding exactly `permissions`."""
    role = Role.objects.create(code=code, name=name or code, scope_kind=scope_kind)
    role.permissions.set(Permission.objects.filter(code__in=permissions))
    assert role.permissions.count() == len(permissions), "unknown permission code in test setup"
    return role


def assign(
    user: User, role: Role | str, *, region: str | None = None, org: Organization | None = None
) -> RoleAssignment:
    if isinstance(role, str):
        role = Role.objects.get(code=role)
    return RoleAssignment.objects.create(
        user=user, role=role, region=Region.objects.get(code=region) if region else None, org=org
    )


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The one error envelope: {code, message (Chinese), details}."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}, body
    assert body["code"] == code, body
    assert CJK.search(body["message"]), f"message is not Chinese: {body['message']!r}"
    assert isinstance(body["details"], dict)
    return body


def field_message(response: Any, field: str) -> str:
    fields = response.json()["details"]["fields"]
    assert field in fields, fields
    assert CJK.search(fields[field]), fields[field]
    return str(fields[field])


def xlsx_rows(response: Any) -> list[tuple[Any, ...]]:
    """Every row of the first sheet of an .xlsx response (header included)."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return [tuple(row) for row in wb.worksheets[0].iter_rows(values_only=True)]


def upload(client: Any, name: str, data: bytes, *, purpose: str = "", **headers: Any) -> Any:
    """Multipart POST /api/files through an ApiClient (its JSON helpers cannot send files)."""
    form = {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream"), "purpose": purpose}
    return client.client.post("/api/files", form, **headers)


def solve_captcha(client: Any, answer: str = "ABCD") -> str:
    """Fetch a captcha through the API for this ApiClient's session and make `answer` its solution."""
    from smedt.accounts.services.captcha import _digest

    captcha = client.get("/api/auth/captcha").json()
    session = client.client.session
    stored = session["smedt_captcha"]
    stored["hash"] = _digest(captcha["captcha_id"], answer)
    session["smedt_captcha"] = stored
    session.save()
    return str(captcha["captcha_id"])
