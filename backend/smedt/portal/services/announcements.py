"""Writes on announcements (公告资讯): edit, submit for review, publish (now or scheduled), withdraw, pin."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict
from smedt.portal import workflow
from smedt.portal.errors import PortalErrorCode
from smedt.portal.models import Announcement
from smedt.portal.sanitize import rich_text_clean
from smedt.portal.services import common
from smedt.portal.services.search_index import index_announcement
from smedt.rbac.services import require
from smedt.regions.models import RegionLevel

ANNOUNCEMENT_CITY_PROCESS = "announcement_publication"
ANNOUNCEMENT_COUNTY_PROCESS = "announcement_publication_county"


def snapshot(a: Announcement) -> dict[str, Any]:
    return {
        "category": a.category,
        "title": a.title,
        "status": a.status,
        "region": a.region.code if a.region_id else None,
        "publish_at": a.publish_at,
        "pinned": a.pinned,
    }


def _set_files(a: Announcement, actor: Any, cover_id: UUID | None, attachment_ids: Sequence[UUID] | None) -> None:
    kept = [a.cover_id] if a.cover_id else []
    if cover_id is not None:
        a.cover = common.attachments_owned(actor, [cover_id], keep=kept, field="cover_id")[0]
    if attachment_ids is not None:
        existing = list(a.attachments.values_list("pk", flat=True)) if a.pk else []
        files = common.attachments_owned(actor, attachment_ids, keep=existing, field="attachment_ids")
        a.attachments.set(files)


@transaction.atomic
def announcement_create(
    *,
    actor: Any,
    category: str,
    title: str,
    region_code: str,
    summary: str = "",
    body: str = "",
    source: str = "",
    tags: Sequence[str] = (),
    publish_at: datetime | None = None,
    cover_id: UUID | None = None,
    attachment_ids: Sequence[UUID] = (),
) -> Announcement:
    region = common.region_for_content(region_code)
    require(actor, workflow.MANAGE, region_path=region.path)
    a = Announcement(
        category=common.check_category(category),
        title=common.check_title(title),
        summary=summary.strip(),
        body=rich_text_clean(body),
        source=source.strip(),
        tags=common.check_tags(tags),
        region=region,
        publish_at=publish_at,
        created_by=actor,
    )
    _set_files(a, actor, cover_id, None)
    a.save()
    _set_files(a, actor, None, attachment_ids)
    audit_record(actor=actor, action="portal.announcement_create", target=a, after=snapshot(a))
    return a


def _lock(a: Announcement) -> Announcement:
    return Announcement.objects.select_for_update().select_related("region").get(pk=a.pk)


@transaction.atomic
def announcement_update(*, actor: Any, announcement: Announcement, changes: dict[str, Any]) -> Announcement:
    """Edit a draft. `changes` holds only the fields the caller sent."""
    a = _lock(announcement)
    require(actor, workflow.MANAGE, region_path=a.region.path)
    if a.status not in workflow.ANNOUNCEMENT_EDITABLE:
        raise Conflict(
            code=PortalErrorCode.NOT_EDITABLE,
            message=f"只有草稿可以修改，当前状态为“{workflow.STATUS_LABELS[a.status]}”",
        )
    before = snapshot(a)
    fields: list[str] = []
    if "region_code" in changes:
        region = common.region_for_content(changes["region_code"])
        require(actor, workflow.MANAGE, region_path=region.path)
        a.region = region
        fields.append("region")
    simple: dict[str, Callable[[Any], Any]] = {
        "category": common.check_category,
        "title": common.check_title,
        "summary": lambda v: (v or "").strip(),
        "body": rich_text_clean,
        "source": lambda v: (v or "").strip(),
        "tags": common.check_tags,
        "publish_at": lambda v: v,
    }
    for name, clean in simple.items():
        if name in changes:
            setattr(a, name, clean(changes[name]))
            fields.append(name)
    if "cover_id" in changes:
        if changes["cover_id"] is None:
            a.cover = None
        else:
            _set_files(a, actor, changes["cover_id"], None)
        fields.append("cover")
    if "attachment_ids" in changes:
        _set_files(a, actor, None, changes["attachment_ids"] or [])
    if fields:
        a.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="portal.announcement_update", target=a, before=before, after=snapshot(a))
    return a


def _process_for(a: Announcement) -> str:
    return ANNOUNCEMENT_CITY_PROCESS if a.region.level == RegionLevel.CITY else ANNOUNCEMENT_COUNTY_PROCESS


@transaction.atomic
def announcement_submit(*, actor: Any, announcement: Announcement) -> Announcement:
    """Send a draft to review: the city reviews city content, the county its own."""
    from smedt.reviews.services.requests import review_submit

    a = _lock(announcement)
    require(actor, workflow.ANNOUNCEMENT.permission(a.status, workflow.SUBMIT), region_path=a.region.path)
    before = snapshot(a)
    a.status = workflow.ANNOUNCEMENT.transition(a.status, workflow.SUBMIT)
    a.save(update_fields=["status", "updated_at"])
    review_submit(
        process_key=_process_for(a),
        target=a,
        title=f"公告发布审核：{a.title}",
        region=a.region,
        org=None,
        submitted_by=actor,
    )
    audit_record(actor=actor, action="portal.announcement_submit", target=a, before=before, after=snapshot(a))
    return a


def on_review_approved(target: Announcement, request: Any, actor: Any) -> None:
    """Review passed: publish now, or wait for `publish_at` (the scheduler publishes it)."""
    a = _lock(target)
    now = timezone.now()
    action = workflow.SCHEDULE if a.publish_at and a.publish_at > now else workflow.APPROVE
    require(actor, workflow.ANNOUNCEMENT.permission(a.status, action), region_path=a.region.path)
    before = snapshot(a)
    a.status = workflow.ANNOUNCEMENT.transition(a.status, action)
    fields = ["status", "updated_at"]
    if a.status == workflow.PUBLISHED:
        a.published_at = now
        fields.append("published_at")
    a.save(update_fields=fields)
    index_announcement(a)
    audit_record(actor=actor, action=f"portal.announcement_{action}", target=a, before=before, after=snapshot(a))


def on_review_returned(target: Announcement, request: Any, actor: Any) -> None:
    """Returned or not approved: back to draft for the author to revise."""
    a = _lock(target)
    require(actor, workflow.ANNOUNCEMENT.permission(a.status, workflow.RETURN), region_path=a.region.path)
    before = snapshot(a)
    a.status = workflow.ANNOUNCEMENT.transition(a.status, workflow.RETURN)
    a.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="portal.announcement_return", target=a, before=before, after=snapshot(a))


@transaction.atomic
def announcement_recall(*, actor: Any, announcement: Announcement) -> Announcement:
    """The author takes a submission back before it is decided (the review is withdrawn)."""
    from smedt.portal.services.reviews import open_review_withdraw

    a = _lock(announcement)
    require(actor, workflow.ANNOUNCEMENT.permission(a.status, workflow.RECALL), region_path=a.region.path)
    before = snapshot(a)
    a.status = workflow.ANNOUNCEMENT.transition(a.status, workflow.RECALL)
    a.save(update_fields=["status", "updated_at"])
    # only the submitter may withdraw the pending review (kernel rule)
    open_review_withdraw(target=a, process_keys=[ANNOUNCEMENT_CITY_PROCESS, ANNOUNCEMENT_COUNTY_PROCESS], actor=actor)
    audit_record(actor=actor, action="portal.announcement_recall", target=a, before=before, after=snapshot(a))
    return a


def announcement_publish_due(*, now: datetime | None = None) -> int:
    """Publish every scheduled announcement whose time has come. Idempotent; one transaction each."""
    now = now or timezone.now()
    done = 0
    due = Announcement.objects.dangerously_unscoped().filter(status=workflow.SCHEDULED, publish_at__lte=now)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            a = Announcement.objects.select_for_update().select_related("region").get(pk=pk)
            if a.status != workflow.SCHEDULED or a.publish_at is None or a.publish_at > now:
                continue  # another scheduler got there first, or it was withdrawn meanwhile
            before = snapshot(a)
            a.status = workflow.ANNOUNCEMENT.transition(a.status, workflow.PUBLISH_DUE)
            a.published_at = a.publish_at
            a.save(update_fields=["status", "published_at", "updated_at"])
            index_announcement(a)
            audit_record(
                actor=None, action="portal.announcement_publish_due", target=a, before=before, after=snapshot(a)
            )
            done += 1
    return done


@transaction.atomic
def announcement_withdraw(*, actor: Any, announcement: Announcement) -> Announcement:
    a = _lock(announcement)
    require(actor, workflow.ANNOUNCEMENT.permission(a.status, workflow.WITHDRAW), region_path=a.region.path)
    before = snapshot(a)
    a.status = workflow.ANNOUNCEMENT.transition(a.status, workflow.WITHDRAW)
    a.pinned = False
    a.save(update_fields=["status", "pinned", "updated_at"])
    index_announcement(a)
    audit_record(actor=actor, action="portal.announcement_withdraw", target=a, before=before, after=snapshot(a))
    return a


@transaction.atomic
def announcement_redraft(*, actor: Any, announcement: Announcement) -> Announcement:
    a = _lock(announcement)
    require(actor, workflow.ANNOUNCEMENT.permission(a.status, workflow.REDRAFT), region_path=a.region.path)
    before = snapshot(a)
    a.status = workflow.ANNOUNCEMENT.transition(a.status, workflow.REDRAFT)
    a.published_at = None
    a.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="portal.announcement_redraft", target=a, before=before, after=snapshot(a))
    return a


@transaction.atomic
def announcement_pin(*, actor: Any, announcement: Announcement, pinned: bool) -> Announcement:
    a = _lock(announcement)
    require(actor, workflow.MANAGE, region_path=a.region.path)
    if pinned and a.status not in (workflow.PUBLISHED, workflow.SCHEDULED):
        raise Conflict(code=PortalErrorCode.NOT_PUBLISHED, message="只有已发布或待发布的公告可以置顶")
    before = snapshot(a)
    a.pinned = pinned
    a.save(update_fields=["pinned", "updated_at"])
    audit_record(actor=actor, action="portal.announcement_pin", target=a, before=before, after=snapshot(a))
    return a
