"""Factories for the enterprises tests (plain functions)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from smedt.enterprises.models import PilotApplication, PilotEnterprise, ScoreSheet, SelectionBatch
from smedt.regions.models import Region


def make_batch(**kw: Any) -> SelectionBatch:
    defaults: dict[str, Any] = {
        "name": "2026年第一批试点企业遴选",
        "region": Region.objects.get(code="410700"),
        "sub_industries": ["lifting_equipment", "auto_parts"],
        "quota": 10,
        "deadline": timezone.now() + timedelta(days=30),
        "required_attachments": [{"key": "plan", "name": "数字化转型实施方案"}],
    }
    defaults.update(kw)
    return SelectionBatch.objects.create(**defaults)


def make_sheet() -> ScoreSheet:
    version = ScoreSheet.objects.filter(code="pilot").count() + 1
    return ScoreSheet.objects.create(
        code="pilot",
        version=version,
        name="试点企业评分表",
        items=[
            {"key": "basis", "name": "数字化基础", "max_score": "40.00"},
            {"key": "plan", "name": "实施方案", "max_score": "60.00"},
        ],
    )


def make_pilot(org: Any, *, sub_industry: str = "auto_parts", status: str = "active") -> PilotEnterprise:
    return PilotEnterprise.objects.create(org=org, region=org.region, sub_industry=sub_industry, status=status)


def make_application(org: Any, batch: SelectionBatch, status: str = "reviewing") -> PilotApplication:
    return PilotApplication.objects.create(
        batch=batch, org=org, region=org.region, sub_industry=batch.sub_industries[0], status=status
    )
