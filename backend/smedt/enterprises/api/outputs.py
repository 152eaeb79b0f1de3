"""Model → response dict for the enterprises API (kept apart so routers stay three lines)."""

from __future__ import annotations

from typing import Any

from smedt.enterprises.models import ImportJob, PilotEnterprise, RecruitmentPost


def region_out(region: Any) -> dict[str, str]:
    return {"code": region.code, "name": region.name}


def pilot_out(p: PilotEnterprise) -> dict[str, Any]:
    return {
        "id": p.pk,
        "org_id": p.org_id,
        "org_name": p.org.name,
        "credit_code": p.org.credit_code,
        "region": region_out(p.region),
        "sub_industry": p.sub_industry,
        "level": p.level,
        "status": p.status,
        "status_label": p.get_status_display(),
        "status_reason": p.status_reason,
        "batch_name": p.campaign.name if p.campaign else None,
        "submission_id": p.submission_id,
        "entered_at": p.entered_at,
    }


def post_out(p: RecruitmentPost) -> dict[str, Any]:
    return {
        "id": p.pk,
        "org_id": p.org_id,
        "org_name": p.org.name,
        "title": p.title,
        "positions": p.positions,
        "requirements": p.requirements,
        "contact_name": p.contact_name,
        "contact_phone": p.contact_phone,
        "valid_until": p.valid_until,
        "status": p.status,
        "status_label": p.get_status_display(),
        "published_at": p.published_at,
    }


def post_public_out(p: RecruitmentPost) -> dict[str, Any]:
    return {
        "id": p.pk,
        "org_name": p.org.name,
        "region_name": p.org.region.name,
        "title": p.title,
        "positions": p.positions,
        "requirements": p.requirements,
        "contact_name": p.contact_name,
        "contact_phone": p.contact_phone,
        "valid_until": p.valid_until,
        "published_at": p.published_at,
    }


def job_out(j: ImportJob) -> dict[str, Any]:
    return {
        "id": j.pk,
        "status": j.status,
        "status_label": j.get_status_display(),
        "file_name": j.file.name,
        "total": j.total,
        "progress": j.progress,
        "created_count": j.created_count,
        "updated_count": j.updated_count,
        "errors": j.errors,
        "created_at": j.created_at,
        "finished_at": j.finished_at,
    }
