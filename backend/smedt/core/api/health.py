from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status

from smedt.core.dbcompat import ping

router = Router(tags=["健康检查"])


class LiveOut(Schema):
    status: str


class ReadyOut(Schema):
    status: str
    checks: dict[str, str]


class SiteOut(Schema):
    platform_name: str
    city_name: str


@router.get("/health/live", response=LiveOut, auth=None)
def live(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@router.get("/health/ready", response={200: ReadyOut, 503: ReadyOut}, auth=None)
def ready(request: HttpRequest) -> Status[dict[str, Any]]:
    checks: dict[str, str] = {}
    try:
        ping()
        checks["database"] = "ok"
    except Exception as exc:  # a probe reports, it does not raise
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").exists()
        checks["tasks"] = f"ok ({settings.TASKS['default']['BACKEND']})"
    except Exception as exc:
        checks["tasks"] = f"error: {type(exc).__name__}"
    healthy = all(v.startswith("ok") for v in checks.values())
    return Status(200 if healthy else 503, {"status": "ok" if healthy else "unavailable", "checks": checks})


@router.get("/public/site", response=SiteOut, auth=None)
def site(request: HttpRequest) -> dict[str, str]:
    return {"platform_name": settings.SMEDT_PLATFORM_NAME, "city_name": settings.SMEDT_CITY_NAME}
