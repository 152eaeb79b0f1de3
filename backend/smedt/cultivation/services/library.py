"""The cultivation library: recognitions, 复核, removal, expiry reminders and cultivation actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.cultivation.criteria import TIER_LABELS, TIER_RANK, TIERS
from smedt.cultivation.errors import CultivationErrorCode
from smedt.cultivation.models import (
    ActionKind,
    CultivationAction,
    LibraryEntry,
    LibraryStatus,
    Recognition,
    RecognitionStatus,
    ReReview,
    Tier,
)
from smedt.cultivation.services.criteria import criteria_compiled, criteria_for
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.services import require


def _err(field: str, message: str, code: str = CultivationErrorCode.INVALID_RECOGNITION) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _date(value: Any, field: str, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _err(field, f"{label}格式应为 YYYY-MM-DD") from None


def entry_sync(*, org: Organization, today: date | None = None) -> LibraryEntry:
    """The library row follows the enterprise's highest valid recognition."""
    from smedt.enterprises.services.facts import enterprise_facts

    today = today or timezone.localdate()
    entry = LibraryEntry.objects.select_for_update().filter(org=org).first()
    if entry is None:
        subs = enterprise_facts(org_id=org.pk).sub_industries
        entry = LibraryEntry.objects.create(org=org, region=org.region, sub_industry=subs[0] if subs else "")
    valid = [
        r
        for r in Recognition.objects.filter(org=org, status=RecognitionStatus.VALID, valid_until__gte=today)
        if r.tier in TIER_RANK
    ]
    best = max(valid, key=lambda r: (TIER_RANK[r.tier], r.recognized_on), default=None)
    fields = {
        "tier": best.tier if best else Tier.NONE,
        "tier_since": best.recognized_on if best else None,
        "valid_until": best.valid_until if best else None,
        "review_due": best.valid_until if best else None,
        "certificate_no": best.certificate_no if best else "",
        "region_id": org.region_id,
    }
    changed = [k for k, v in fields.items() if getattr(entry, k) != v]
    for k in changed:
        setattr(entry, k, fields[k])
    if changed:
        entry.save(update_fields=[*changed, "updated_at"])
    if "tier" in changed:
        # the tier held is an input of the self-assessment: the next tier and the gap move with it
        from smedt.cultivation.tasks import refresh_self_assessment

        refresh_self_assessment.enqueue(org_id=org.pk)
    return entry


@transaction.atomic
def recognition_record(
    *,
    actor: Any,
    org_id: int,
    tier: str,
    certificate_no: str,
    recognized_on: Any,
    valid_until: Any = None,
    note: str = "",
    source: str = "city_record",
) -> Recognition:
    """Record a tier granted to an enterprise (city officer, or later the application engine). Audited."""
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None or org.kind != OrgKind.ENTERPRISE:
        raise _err("org_id", "企业不存在", CultivationErrorCode.NOT_AN_ENTERPRISE)
    require(actor, "cultivation.manage_library", region_path=org.region.path)
    if tier not in TIERS:
        raise _err("tier", "梯度不正确")
    certificate_no = (certificate_no or "").strip()
    if not certificate_no or len(certificate_no) > 64:
        raise _err("certificate_no", "请填写证书编号（不超过 64 个字符）")
    on = _date(recognized_on, "recognized_on", "认定日期")
    if on > timezone.localdate():
        raise _err("recognized_on", "认定日期不能晚于今天")
    cs = criteria_for(on)
    years = criteria_compiled(cs).criteria.tiers[tier].validity_years
    until = _date(valid_until, "valid_until", "有效期") if valid_until else add_years(on, years)
    if until <= on:
        raise _err("valid_until", "有效期应晚于认定日期")
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    try:
        with transaction.atomic():
            rec = Recognition.objects.create(
                org=org,
                region=org.region,
                tier=tier,
                certificate_no=certificate_no,
                recognized_on=on,
                valid_until=until,
                criteria_set=cs,
                source=source[:32],
                note=(note or "")[:500],
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise Conflict(
            code=CultivationErrorCode.CERTIFICATE_EXISTS,
            message=f"{TIER_LABELS[tier]}证书编号“{certificate_no}”已登记",
            details={"fields": {"certificate_no": "证书编号已登记"}},
        ) from None
    entry = LibraryEntry.objects.select_for_update().filter(org=org).first()
    if entry is not None and entry.status == LibraryStatus.REMOVED:
        entry.status, entry.removed_reason, entry.removed_at = LibraryStatus.ACTIVE, "", None
        entry.save(update_fields=["status", "removed_reason", "removed_at", "updated_at"])
    entry_sync(org=org)
    audit_record(
        actor=actor,
        action="cultivation.recognition_record",
        target=rec,
        region=org.region,
        org_id=org.pk,
        after={
            "tier": tier,
            "certificate_no": certificate_no,
            "recognized_on": on.isoformat(),
            "valid_until": until.isoformat(),
            "criteria": cs.version,
            "source": source,
        },
    )
    from smedt.enterprises.services.common import notify_org

    notify_org(
        org_id=org.pk,
        title=f"已登记{TIER_LABELS[tier]}认定",
        body=f"证书编号 {certificate_no}，有效期至 {until:%Y-%m-%d}",
        link="/cultivation/self",
        dedupe_key=f"cultivation.recognition:{rec.pk}",
    )
    return rec


@transaction.atomic
def re_review_record(
    *, actor: Any, recognition: Recognition, passed: bool, reviewed_on: Any, opinion: str = "", valid_until: Any = None
) -> ReReview:
    """Record the 复核 of a recognition: passed extends its validity, failed ends it. Audited."""
    rec = Recognition.objects.select_for_update().select_related("org__region").get(pk=recognition.pk)
    require(actor, "cultivation.manage_library", region_path=rec.org.region.path)
    if rec.status not in (RecognitionStatus.VALID, RecognitionStatus.EXPIRED):
        raise Conflict(code=CultivationErrorCode.NOT_VALID, message="该认定已移出或复核未通过，不能再复核")
    on = _date(reviewed_on, "reviewed_on", "复核日期")
    if on > timezone.localdate():
        raise _err("reviewed_on", "复核日期不能晚于今天")
    before = rec.valid_until
    after: date | None = None
    if passed:
        years = criteria_compiled(criteria_for(on)).criteria.tiers[rec.tier].validity_years
        after = _date(valid_until, "valid_until", "有效期") if valid_until else add_years(max(before, on), years)
        if after <= on:
            raise _err("valid_until", "复核后有效期应晚于复核日期")
        rec.valid_until, rec.status = after, RecognitionStatus.VALID
    else:
        rec.status = RecognitionStatus.FAILED_REVIEW
    rec.save(update_fields=["valid_until", "status"])
    rr = ReReview.objects.create(
        recognition=rec,
        reviewed_on=on,
        passed=passed,
        opinion=(opinion or "")[:500],
        valid_until_before=before,
        valid_until_after=after,
        created_by=actor,
    )
    entry_sync(org=rec.org)
    audit_record(
        actor=actor,
        action="cultivation.re_review_record",
        target=rec,
        region=rec.org.region,
        org_id=rec.org_id,
        before={"valid_until": before.isoformat(), "status": RecognitionStatus.VALID},
        after={"passed": passed, "valid_until": after.isoformat() if after else None, "status": rec.status},
    )
    return rr


@transaction.atomic
def library_remove(*, actor: Any, entry: LibraryEntry, reason: str) -> LibraryEntry:
    """Remove an enterprise from the library with a reason; its valid recognitions end. Audited."""
    entry = LibraryEntry.objects.select_for_update().select_related("org__region").get(pk=entry.pk)
    require(actor, "cultivation.manage_library", region_path=entry.org.region.path)
    reason = (reason or "").strip()
    if not reason:
        raise _err("reason", "请填写移出原因", CultivationErrorCode.INVALID_ACTION)
    if len(reason) > 500:
        raise _err("reason", "移出原因不能超过 500 个字", CultivationErrorCode.INVALID_ACTION)
    if entry.status == LibraryStatus.REMOVED:
        raise Conflict(code=CultivationErrorCode.ALREADY_REMOVED, message="该企业已移出培育库")
    before = {"tier": entry.tier, "status": entry.status}
    ended = list(
        Recognition.objects.select_for_update()
        .filter(org_id=entry.org_id, status=RecognitionStatus.VALID)
        .values_list("pk", flat=True)
    )
    Recognition.objects.filter(pk__in=ended).update(status=RecognitionStatus.REMOVED)
    entry.status, entry.removed_reason, entry.removed_at = LibraryStatus.REMOVED, reason, timezone.now()
    entry.save(update_fields=["status", "removed_reason", "removed_at", "updated_at"])
    entry = entry_sync(org=entry.org)
    audit_record(
        actor=actor,
        action="cultivation.library_remove",
        target=entry,
        region=entry.org.region,
        org_id=entry.org_id,
        before=before,
        after={"status": LibraryStatus.REMOVED, "reason": reason, "recognitions_ended": ended},
    )
    return entry


@transaction.atomic
def action_log(
    *, actor: Any, org_id: int, kind: str, title: str, content: str = "", happened_on: Any = None
) -> CultivationAction:
    """Log a visit, service or policy pushed to an enterprise (county or city officer). Audited."""
    from smedt.enterprises.services.common import actor_name

    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None or org.kind != OrgKind.ENTERPRISE:
        raise _err("org_id", "企业不存在", CultivationErrorCode.NOT_AN_ENTERPRISE)
    require(actor, "cultivation.log_action", region_path=org.region.path)
    if kind not in ActionKind.values:
        raise _err("kind", "服务类型不正确", CultivationErrorCode.INVALID_ACTION)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise _err("title", "请填写标题（不超过 200 个字）", CultivationErrorCode.INVALID_ACTION)
    if len(content or "") > 5000:
        raise _err("content", "内容不能超过 5000 个字", CultivationErrorCode.INVALID_ACTION)
    on = _date(happened_on, "happened_on", "日期") if happened_on else timezone.localdate()
    if on > timezone.localdate():
        raise _err("happened_on", "日期不能晚于今天", CultivationErrorCode.INVALID_ACTION)
    act = CultivationAction.objects.create(
        org=org,
        region=org.region,
        kind=kind,
        title=title,
        content=content or "",
        happened_on=on,
        created_by=actor,
        created_by_name=actor_name(actor),
    )
    audit_record(
        actor=actor,
        action="cultivation.action_log",
        target=act,
        region=org.region,
        org_id=org.pk,
        after={"kind": kind, "title": title, "happened_on": on.isoformat()},
    )
    return act


def _government_recipients(region_path: str) -> list[int]:
    from smedt.rbac.models import RoleAssignment

    parts = [p for p in region_path.split("/") if p]
    ancestors = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    rows = RoleAssignment.objects.filter(
        role__permissions__code="cultivation.manage_library", user__is_active=True
    ).filter(Q(role__scope_kind="global") | Q(region__path__in=ancestors))
    return sorted(set(rows.values_list("user_id", flat=True)))


def expiry_sweep(*, today: date | None = None) -> dict[str, int]:
    """Daily: end recognitions past their validity; remind enterprise and city before expiry (idempotent)."""
    from smedt.enterprises.services.common import org_member_ids
    from smedt.notify.services import message_send

    today = today or timezone.localdate()
    expired = 0
    for rec in (
        Recognition.objects.dangerously_unscoped()
        .filter(status=RecognitionStatus.VALID, valid_until__lt=today)
        .select_related("org__region")
    ):
        with transaction.atomic():
            locked = Recognition.objects.select_for_update().get(pk=rec.pk)
            if locked.status != RecognitionStatus.VALID or locked.valid_until >= today:
                continue
            locked.status = RecognitionStatus.EXPIRED
            locked.save(update_fields=["status"])
            entry_sync(org=rec.org, today=today)
            audit_record(
                actor=None,
                action="cultivation.recognition_expire",
                target=locked,
                region=rec.org.region,
                org_id=rec.org_id,
                after={"status": RecognitionStatus.EXPIRED, "valid_until": rec.valid_until.isoformat()},
            )
            expired += 1
    days = criteria_compiled(criteria_for(today)).criteria.reminder_days
    reminded = 0
    for rec in (
        Recognition.objects.dangerously_unscoped()
        .filter(status=RecognitionStatus.VALID, valid_until__gte=today, valid_until__lte=today + timedelta(days=days))
        .select_related("org__region")
    ):
        label = TIER_LABELS[rec.tier]
        left = (rec.valid_until - today).days
        key = f"cultivation.expiry:{rec.pk}:{rec.valid_until.isoformat()}"
        with transaction.atomic():
            reminded += message_send(
                recipient_ids=org_member_ids(rec.org_id),
                title=f"{label}称号将于 {rec.valid_until:%Y-%m-%d} 到期",
                body=f"证书编号 {rec.certificate_no}，还有 {left} 天到期，请及时准备复核材料。",
                link="/cultivation/self",
                category="cultivation",
                dedupe_key=key,
                sms=True,  # an expiry reminder is a service notice: also by SMS
            )
            reminded += message_send(
                recipient_ids=_government_recipients(rec.org.region.path),
                title=f"{rec.org.name}的{label}称号将于 {rec.valid_until:%Y-%m-%d} 到期",
                body=f"证书编号 {rec.certificate_no}，还有 {left} 天到期，请安排复核。",
                link=f"/cultivation/library?org={rec.org_id}",
                category="cultivation",
                dedupe_key=key,
            )
    return {"expired": expired, "reminded": reminded}
