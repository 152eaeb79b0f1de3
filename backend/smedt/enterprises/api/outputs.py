"""Model → response dict for the enterprises API (kept apart so routers stay three lines)."""

from __future__ import annotations

from typing import Any

from smedt.enterprises import workflow
from smedt.enterprises.models import (
    ImportJob,
    PilotApplication,
    PilotEnterprise,
    PilotObjection,
    RecruitmentPost,
    ScoreSheet,
    SelectionBatch,
)
from smedt.enterprises.services.pilot import scores_summary
from smedt.reviews import publicity
from smedt.reviews.api.publicity import dict_labels, notice_fields


def region_out(region: Any) -> dict[str, str]:
    return {"code": region.code, "name": region.name}


def sheet_out(sheet: ScoreSheet | None) -> dict[str, Any] | None:
    if sheet is None:
        return None
    return {"id": sheet.pk, "code": sheet.code, "version": sheet.version, "name": sheet.name, "items": sheet.items}


def batch_out(b: SelectionBatch) -> dict[str, Any]:
    return {
        "id": b.pk,
        "name": b.name,
        "region": region_out(b.region),
        "sub_industries": b.sub_industries,
        "quota": b.quota,
        "deadline": b.deadline,
        "publicity_days": b.publicity_days,
        "required_attachments": b.required_attachments,
        "score_sheet": sheet_out(b.score_sheet),
        "status": b.status,
        "status_label": b.get_status_display(),
        "description": b.description,
    }


def application_row(a: PilotApplication) -> dict[str, Any]:
    return {
        "id": a.pk,
        "batch_id": a.batch_id,
        "batch_name": a.batch.name,
        "org_id": a.org_id,
        "org_name": a.org.name,
        "region": region_out(a.region),
        "sub_industry": a.sub_industry,
        "status": a.status,
        "status_label": a.get_status_display(),
        "submitted_at": a.submitted_at,
        "publicity_ends_at": a.publicity_ends_at,
    }


def application_detail(a: PilotApplication) -> dict[str, Any]:
    summary = scores_summary(a)
    return {
        **application_row(a),
        "snapshot": a.snapshot,
        "plan_summary": a.plan_summary,
        "contact_name": a.contact_name,
        "attachments": a.attachments,
        "required_attachments": a.batch.required_attachments,
        "review_id": a.review_id,
        "publicity_starts_at": a.publicity_starts_at,
        "decision_note": a.decision_note,
        "scores": list(a.scores.all()),
        "score_average": summary["average"],
        "objections": [{**o.__dict__, "status_label": o.get_status_display()} for o in a.objections.all()],
        "allowed_actions": workflow.allowed(workflow.APPLICATION_TRANSITIONS, a.status),
    }


def publicity_rows(rows: list[PilotApplication]) -> list[dict[str, Any]]:
    """A page of the public notice: the common notice fields, county and 细分行业 label (one label query)."""
    if not rows:
        return []
    labels = dict_labels("pilot_sub_industry")["pilot_sub_industry"]
    return [
        {
            **notice_fields(a, starts_at=a.publicity_starts_at),
            "region": region_out(a.region),
            "sub_industry": a.sub_industry,
            "sub_industry_label": labels.get(a.sub_industry, a.sub_industry),
        }
        for a in rows
    ]


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
        "batch_name": p.batch.name if p.batch else None,
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


def objection_row(o: PilotObjection) -> dict[str, Any]:
    return publicity.objection_row(o)
