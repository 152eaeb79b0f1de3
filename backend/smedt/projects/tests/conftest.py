"""Projects test setup: enterprise A is a pilot, the provider is in the pool, helpers drive the API."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smedt.enterprises.models import PilotEnterprise
from smedt.files.services import attachment_upload
from smedt.providers.models import ProviderPoolMember, ProviderRating

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pilot_a(enterprise_a: Any) -> PilotEnterprise:
    return PilotEnterprise.objects.create(org=enterprise_a, region=enterprise_a.region, sub_industry="auto_parts")


@pytest.fixture
def pool(provider_org: Any) -> ProviderPoolMember:
    ProviderRating.objects.create(org=provider_org, year=2025, total=Decimal("88.00"), grade="四星", scheme_version="t")
    return ProviderPoolMember.objects.create(
        org=provider_org, region=provider_org.region, provider_type="integrator", sub_industries=["auto_parts"]
    )


@pytest.fixture
def world(pilot_a: Any, pool: Any, enterprise_a_user: Any, provider_user: Any) -> dict[str, Any]:
    return {"pilot": pilot_a, "pool": pool, "enterprise": enterprise_a_user, "provider": provider_user}


def upload(user: Any, name: str = "报告.pdf", content: bytes = PDF_BYTES) -> str:
    return str(attachment_upload(actor=user, upload=SimpleUploadedFile(name, content, "application/pdf")).pk)


@pytest.fixture
def assessed(enterprise_a: Any, enterprise_a_user: Any) -> Callable[..., Any]:
    """make(best=False) -> a submitted self-assessment of enterprise A (low level, or level 4 with best=True)."""
    from smedt.assessment.services.indicator_sets import indicator_sets_load
    from smedt.assessment.tests.factories import full_document, make_submitted

    indicator_set = indicator_sets_load()[0].indicator_set

    def make(best: bool = False, onsite: bool = False) -> Any:
        return make_submitted(
            org=enterprise_a,
            indicator_set=indicator_set,
            doc=full_document(indicator_set, best=best),
            user=enterprise_a_user,
            onsite=onsite,
        )

    return make


@pytest.fixture
def start(api: Any, world: Any, provider_org: Any) -> Callable[..., dict[str, Any]]:
    def make(kind: str = "diagnosis", **extra: Any) -> dict[str, Any]:
        body = {
            "kind": kind,
            "provider_id": provider_org.pk,
            "title": "红旗汽车零部件数字化诊断",
            "amount": "100000.00",
        }
        body.update(extra)
        res = api(world["enterprise"]).post("/api/projects", body)
        assert res.status_code == 201, res.content
        return res.json()  # type: ignore[no-any-return]

    return make


@pytest.fixture
def signed(api: Any, world: Any, start: Any) -> Callable[..., dict[str, Any]]:
    """A project confirmed by the provider with its contract signed by both parties."""

    def make(kind: str = "diagnosis", **extra: Any) -> dict[str, Any]:
        p = start(kind, **extra)
        ent, prov = api(world["enterprise"]), api(world["provider"])
        confirmed = prov.post(f"/api/projects/{p['id']}/actions/confirm", {})
        assert confirmed.status_code == 200, confirmed.content
        assert confirmed.json()["contract"] is not None  # generated automatically on confirmation
        assert ent.post(f"/api/projects/{p['id']}/contract/sign").status_code == 200
        res = prov.post(f"/api/projects/{p['id']}/contract/sign")
        assert res.status_code == 200, res.content
        return res.json()  # type: ignore[no-any-return]

    return make


def _fast_pdf(project: Any, number: str) -> bytes:
    """A small stand-in for the WeasyPrint rendering (tests not about the PDF itself stay fast)."""
    body = f"{number} {project.pk} {project.title} {project.amount}".encode()
    return b"%PDF-1.4\n%" + body + b"\n%%EOF\n"


@pytest.fixture(autouse=True)
def fast_pdf(request: Any, monkeypatch: Any) -> None:
    if request.node.get_closest_marker("real_pdf") is None:
        monkeypatch.setattr("smedt.projects.services._render_pdf", _fast_pdf)


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "real_pdf: render contracts with WeasyPrint")
