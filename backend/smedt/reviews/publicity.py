"""公示与异议 (publicity and objections), shared by every selection that ends in publicity.

A selection (pilot enterprises, providers) puts an approved application on publicity for some days.
Anyone signed in may object while it runs; the city handles each objection (upheld → the application
is revoked by the calling app, dismissed → it goes on); the application enters its library only when
publicity has ended and no objection is open.

Each app keeps its own objection model (a concrete subclass of `Objection` with an `application`
foreign key, `related_name="objections"`) and its own permission check, revocation and texts; the
rules, checks, audit and filer notice live here once. The application passed in must have
`status`, `publicity_ends_at`, `region`, `org_id` and be locked by the caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from smedt.core.errors import Conflict, PermissionDenied, ValidationFailed

PUBLICITY = "publicity"
MIN_CONTENT = 5


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class Objection(models.Model):
    """公示异议 — the common fields; each app subclasses it with its `application` foreign key."""

    content = models.TextField("异议内容")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    resolution = models.TextField("处理意见", blank=True, default="")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"异议 {self.pk}"


# --- pure rules ----------------------------------------------------------------------------------------------


def publicity_running(status: str, ends_at: datetime | None, now: datetime) -> bool:
    """On publicity and the period not yet over: objections may be filed."""
    return status == PUBLICITY and ends_at is not None and ends_at > now


def publicity_over(status: str, ends_at: datetime | None, now: datetime) -> bool:
    """On publicity and the period over: the city may finalize (when no objection is open)."""
    return status == PUBLICITY and ends_at is not None and ends_at <= now


def running_q(now: datetime | None = None) -> Q:
    """The publicity listing's filter: applications whose publicity is running."""
    return Q(status=PUBLICITY, publicity_ends_at__gt=now or timezone.now())


def _field_error(app_label: str, field: str, message: str) -> ValidationFailed:
    return ValidationFailed(code=f"{app_label}.invalid_field", message=message, details={"fields": {field: message}})


# --- writes (called inside the caller's transaction, with the application locked) -------------------------


def objection_file(
    *,
    model: type[Objection],
    application: Any,
    actor: Any,
    content: str,
    evidence_id: Any = None,
    app_label: str,
    noun: str,
) -> Objection:
    """Anyone signed in files an objection while the application's publicity runs."""
    from smedt.audit.services import audit_record
    from smedt.files.models import Attachment

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录")
    if not publicity_running(application.status, application.publicity_ends_at, timezone.now()):
        raise Conflict(code=f"{app_label}.not_in_publicity", message=f"该{noun}不在公示期内，不能提出异议")
    content = content.strip()
    if len(content) < MIN_CONTENT:
        raise _field_error(app_label, "content", f"异议内容至少 {MIN_CONTENT} 个字")
    evidence = None
    if evidence_id not in (None, ""):
        try:
            key = uuid.UUID(str(evidence_id))
        except ValueError:
            raise _field_error(app_label, "evidence_id", "附件不存在或无权使用") from None
        evidence = Attachment.objects.visible_to(actor, "view").filter(pk=key).first()
        if evidence is None:
            raise _field_error(app_label, "evidence_id", "附件不存在或无权使用")
    objection: Objection = model.objects.create(  # type: ignore[attr-defined]  # `objects` of the concrete model
        application=application, content=content, filed_by=actor, evidence=evidence
    )
    audit_record(
        actor=actor,
        action=f"{app_label}.objection_file",
        target=objection,
        region=application.region,
        org_id=application.org_id,
        after={"application": application.pk},
    )
    return objection


def objection_handle(
    *,
    objection: Objection,
    application: Any,
    actor: Any,
    upheld: bool,
    resolution: str,
    app_label: str,
    revoke: Callable[[str], None],
) -> Objection:
    """The city's decision on a locked objection; `revoke(resolution)` takes the application out when upheld.

    The caller checks the permission over the application's region before calling."""
    from smedt.audit.services import audit_record
    from smedt.notify.services import message_send

    if objection.status != ObjectionStatus.OPEN:
        raise Conflict(code=f"{app_label}.objection_handled", message="该异议已处理")
    resolution = resolution.strip()
    if not resolution:
        raise _field_error(app_label, "resolution", "请填写处理意见")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution = resolution
    objection.handled_by = actor
    objection.handled_at = timezone.now()
    objection.save(update_fields=["status", "resolution", "handled_by", "handled_at"])
    if upheld and application.status == PUBLICITY:  # a second upheld objection finds it already revoked
        revoke(resolution)
    if objection.filed_by_id:
        message_send(
            recipient_ids=[objection.filed_by_id],
            title=f"您提出的公示异议已处理：{objection.get_status_display()}",
            body=resolution,
            category=app_label,
            dedupe_key=f"{app_label}-objection-{objection.pk}",
        )
    audit_record(
        actor=actor,
        action=f"{app_label}.objection_handle",
        target=objection,
        region=application.region,
        org_id=application.org_id,
        after={"status": objection.status, "resolution": resolution},
    )
    return objection


def finalize_check(*, application: Any, app_label: str) -> None:
    """Entry after publicity: refused while publicity runs or while an objection is open."""
    ends_at = application.publicity_ends_at
    assert ends_at is not None
    if ends_at > timezone.now():
        raise Conflict(
            code=f"{app_label}.publicity_not_over",
            message=f"公示期至 {timezone.localtime(ends_at):%Y-%m-%d %H:%M} 结束，期满后方可入库",
        )
    if application.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise Conflict(code=f"{app_label}.open_objections", message="尚有未处理的公示异议，请先处理")


# --- reads ---------------------------------------------------------------------------------------------------


def objection_row(o: Objection) -> dict[str, Any]:
    """An objection in the city's ledger (the application and its org select_related)."""
    app: Any = o.application  # type: ignore[attr-defined]
    return {
        "id": o.pk,
        "application_id": app.pk,
        "org_name": app.org.name,
        "content": o.content,
        "status": o.status,
        "status_label": o.get_status_display(),
        "resolution": o.resolution,
        "created_at": o.created_at,
        "handled_at": o.handled_at,
    }
