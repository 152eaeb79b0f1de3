"""Rows → response dicts. Scenario names are looked up once per response, never per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from smedt.portal import workflow
from smedt.portal.models import Announcement, Need, Offer, TypicalCase


def _file(a: Any) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"id": a.pk, "name": a.name, "content_type": a.content_type, "size": a.size}


def _region(r: Any) -> dict[str, str]:
    return {"code": r.code, "name": r.name}


def announcement_out(a: Announcement) -> dict[str, Any]:
    return {
        "id": a.pk,
        "category": a.category,
        "title": a.title,
        "summary": a.summary,
        "source": a.source,
        "tags": list(a.tags or []),
        "region": _region(a.region),
        "status": a.status,
        "status_label": workflow.STATUS_LABELS.get(a.status, a.status),
        "publish_at": a.publish_at,
        "published_at": a.published_at,
        "pinned": a.pinned,
        "view_count": a.view_count,
        "cover": _file(a.cover),
    }


def announcement_detail(a: Announcement) -> dict[str, Any]:
    return {
        **announcement_out(a),
        "body": a.body,
        "attachments": [_file(f) for f in a.attachments.all()],
        "allowed_actions": workflow.ANNOUNCEMENT.allowed(a.status),
    }


def _scenarios(codes: Sequence[str], names: dict[str, str]) -> list[dict[str, str]]:
    return [{"code": c, "name": names.get(c, c)} for c in codes]


def case_out(c: TypicalCase, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "summary": c.summary,
        "enterprise_name": c.enterprise_name,
        "sub_industry": c.sub_industry,
        "scenarios": _scenarios(c.scenario_codes, names),
        "provider_name": c.provider_name,
        "product_name": c.product_name,
        "investment": c.investment,
        "level_before": c.level_before,
        "level_after": c.level_after,
        "region": _region(c.region),
        "status": c.status,
        "status_label": workflow.STATUS_LABELS.get(c.status, c.status),
        "published_at": c.published_at,
        "view_count": c.view_count,
        "cover": _file(c.cover),
    }


def case_public_detail(c: TypicalCase, names: dict[str, str]) -> dict[str, Any]:
    return {
        **case_out(c, names),
        "efficiency": list(c.efficiency or []),
        "story": c.story,
        "images": [_file(f) for f in c.images.all()],
    }


def case_detail(c: TypicalCase, names: dict[str, str]) -> dict[str, Any]:
    return {
        **case_public_detail(c, names),
        "enterprise_id": c.enterprise_id,
        "provider_id": c.provider_id,
        "consent_person": c.consent_person,
        "consent_note": c.consent_note,
        "consent_at": c.consent_at,
        "source_project_id": c.source_project_id,
        "allowed_actions": workflow.CASE.allowed(c.status),
    }


def need_out(n: Need, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": n.pk,
        "org_id": n.org_id,
        "org_name": n.org.name,
        "title": n.title,
        "problem": n.problem,
        "scenario": {"code": n.scenario_code, "name": names.get(n.scenario_code, n.scenario_code)},
        "sub_industry": n.sub_industry,
        "budget_min": n.budget_min,
        "budget_max": n.budget_max,
        "deadline": n.deadline,
        "region": _region(n.region),
        "status": n.status,
        "status_label": workflow.STATUS_LABELS.get(n.status, n.status),
        "published_at": n.published_at,
        "outcome": n.outcome,
        "outcome_note": n.outcome_note,
        "view_count": n.view_count,
    }


def offer_out(o: Offer, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": o.pk,
        "org_id": o.org_id,
        "org_name": o.org.name,
        "title": o.title,
        "description": o.description,
        "product_id": o.product_id,
        "product_name": o.product_name,
        "scenarios": _scenarios(o.scenario_codes, names),
        "sub_industries": list(o.sub_industries or []),
        "region": _region(o.region),
        "status": o.status,
        "status_label": workflow.STATUS_LABELS.get(o.status, o.status),
        "published_at": o.published_at,
        "view_count": o.view_count,
    }


def with_names(fn: Callable[[Any, dict[str, str]], dict[str, Any]]) -> Callable[[list[Any]], list[dict[str, Any]]]:
    """A paginate() transform that looks the scenario names up once for the page."""

    def transform(rows: list[Any]) -> list[dict[str, Any]]:
        from smedt.portal.services.common import scenario_names

        names = scenario_names() if rows else {}
        return [fn(r, names) for r in rows]

    return transform
