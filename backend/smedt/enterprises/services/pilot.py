"""试点企业遴选: batches, applications through the review mechanism, expert scores, publicity, library."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied
from smedt.enterprises import workflow
from smedt.enterprises.errors import EnterpriseErrorCode
from smedt.enterprises.models import (
    ApplicationStatus,
    BatchStatus,
    EnterpriseProfile,
    PilotApplication,
    PilotEnterprise,
    PilotExpertScore,
    PilotObjection,
    PilotStatus,
    ScoreSheet,
    SelectionBatch,
)
from smedt.enterprises.scoring import score_total, validate_sheet_items
from smedt.enterprises.services.common import (
    actor_name,
    clean_dict_list,
    field_error,
    notify_org,
    visible_attachment,
)
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require
from smedt.regions.models import Region
from smedt.reviews import publicity
from smedt.reviews.services.requests import review_resubmit, review_submit, review_withdraw

PILOT_SELECTION = "pilot_selection"


def _region_of_actor(actor: Any, code: str) -> Region:
    grant = user_grants(actor).grant(code)
    if grant.is_global:
        region = Region.objects.filter(parent__isnull=True).order_by("path").first()
    else:
        paths = sorted(grant.region_paths, key=len)
        region = Region.objects.filter(path=paths[0]).first() if paths else None
    if region is None:
        raise PermissionDenied()
    return region


# --- score sheets --------------------------------------------------------------------------------------------


@transaction.atomic
def score_sheet_create(*, actor: Any, code: str, name: str, items: list[dict[str, Any]]) -> ScoreSheet:
    """A new version of a score sheet; earlier versions stay for the scores recorded against them."""
    require(actor, "enterprises.manage_batch")
    cleaned = validate_sheet_items(items)
    if not name.strip():
        raise field_error("name", "请填写评分表名称")
    last = ScoreSheet.objects.filter(code=code).order_by("-version").first()
    sheet = ScoreSheet.objects.create(
        code=code, name=name.strip(), items=cleaned, version=(last.version + 1) if last else 1
    )
    audit_record(actor=actor, action="enterprises.score_sheet_create", target=sheet, after={"items": cleaned})
    return sheet


# --- batches -------------------------------------------------------------------------------------------------


@transaction.atomic
def batch_create(
    *,
    actor: Any,
    name: str,
    sub_industries: list[str],
    quota: int,
    deadline: datetime,
    publicity_days: int = 5,
    required_attachments: list[dict[str, str]] | None = None,
    score_sheet_id: int | None = None,
    description: str = "",
) -> SelectionBatch:
    require(actor, "enterprises.manage_batch")
    region = _region_of_actor(actor, "enterprises.manage_batch")
    name = name.strip()
    if len(name) < 2:
        raise field_error("name", "批次名称至少 2 个字")
    subs = clean_dict_list(sub_industries, dict_code="pilot_sub_industry", field="sub_industries", label="细分行业")
    if quota < 1:
        raise field_error("quota", "名额至少为 1")
    if deadline <= timezone.now():
        raise field_error("deadline", "申报截止时间应晚于当前时间")
    if not 1 <= publicity_days <= 30:
        raise field_error("publicity_days", "公示天数应在 1 至 30 天之间")
    required = []
    for idx, item in enumerate(required_attachments or []):
        key, label = str(item.get("key", "")).strip(), str(item.get("name", "")).strip()
        if not key or not label:
            raise field_error("required_attachments", f"第 {idx + 1} 项附件要求缺少编码或名称")
        required.append({"key": key, "name": label})
    sheet = None
    if score_sheet_id is not None:
        sheet = ScoreSheet.objects.filter(pk=score_sheet_id, is_active=True).first()
        if sheet is None:
            raise field_error("score_sheet_id", "评分表不存在或已停用")
    batch = SelectionBatch.objects.create(
        name=name,
        region=region,
        sub_industries=subs,
        quota=quota,
        deadline=deadline,
        publicity_days=publicity_days,
        required_attachments=required,
        score_sheet=sheet,
        description=description.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="enterprises.batch_create",
        target=batch,
        region=region,
        after={"name": name, "sub_industries": subs, "quota": quota, "deadline": deadline},
    )
    return batch


@transaction.atomic
def batch_close(*, actor: Any, batch: SelectionBatch) -> SelectionBatch:
    batch = SelectionBatch.objects.select_for_update(of=("self",)).select_related("region").get(pk=batch.pk)
    require(actor, "enterprises.manage_batch", region_path=batch.region.path)
    if batch.status != BatchStatus.OPEN:
        raise Conflict(code=EnterpriseErrorCode.BATCH_CLOSED, message="该批次已截止")
    batch.status = BatchStatus.CLOSED
    batch.save(update_fields=["status"])
    audit_record(actor=actor, action="enterprises.batch_close", target=batch, region=batch.region)
    return batch


# --- applications --------------------------------------------------------------------------------------------


def profile_snapshot(org: Organization) -> dict[str, Any]:
    """What the application form is pre-filled with: the record's basic data and latest year."""
    profile = EnterpriseProfile.objects.filter(org=org).first()
    snap: dict[str, Any] = {
        "name": org.name,
        "credit_code": org.credit_code,
        "region": org.region.name,
        "address": org.address,
        "industry_code": org.industry_code,
    }
    if profile is None:
        return snap
    snap.update(
        {
            "industry_code": profile.industry_code or org.industry_code,
            "registered_capital": str(profile.registered_capital) if profile.registered_capital is not None else None,
            "founded_on": profile.founded_on.isoformat() if profile.founded_on else None,
            "legal_representative": profile.legal_representative,
            "sub_industries": profile.sub_industries,
            "contact_name": profile.contact_name,
        }
    )
    figure = profile.figures.order_by("-year").first()
    if figure is not None:
        snap["latest_year"] = {
            "year": figure.year,
            "operating_revenue": str(figure.operating_revenue) if figure.operating_revenue is not None else None,
            "rd_expense": str(figure.rd_expense) if figure.rd_expense is not None else None,
            "employees": figure.employees,
            "rd_staff": figure.rd_staff,
            "size_class": figure.size_class,
        }
    return snap


def _applicant_org(actor: Any, org_id: int | None) -> Organization:
    grant = user_grants(actor).grant("enterprises.apply_pilot")
    ids = sorted(grant.org_ids)
    if org_id is None:
        if len(ids) != 1:
            raise field_error("org_id", "请选择申报企业")
        org_id = ids[0]
    require(actor, "enterprises.apply_pilot", org_id=org_id)
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None or org.kind != OrgKind.ENTERPRISE:
        raise field_error("org_id", "只有企业可以申报试点企业", code=EnterpriseErrorCode.NOT_ENTERPRISE)
    if org.status != OrgStatus.ACTIVE:
        raise field_error("org_id", "企业尚未通过注册认证，暂不能申报")
    return org


def _clean_attachments(actor: Any, batch: SelectionBatch, attachments: dict[str, Any]) -> dict[str, str]:
    known = {a["key"]: a["name"] for a in batch.required_attachments}
    out: dict[str, str] = {}
    for key, att_id in (attachments or {}).items():
        if key not in known:
            raise field_error("attachments", f"附件类型“{key}”不属于本批次要求")
        if att_id:
            out[key] = str(visible_attachment(actor, att_id, field="attachments").pk)
    return out


@transaction.atomic
def application_create(
    *,
    actor: Any,
    batch: SelectionBatch,
    sub_industry: str,
    org_id: int | None = None,
    plan_summary: str = "",
    contact_name: str = "",
    attachments: dict[str, Any] | None = None,
) -> PilotApplication:
    org = _applicant_org(actor, org_id)
    batch = SelectionBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
    _require_open(batch)
    if sub_industry not in batch.sub_industries:
        raise field_error("sub_industry", "该细分行业不在本批次申报范围内")
    app = PilotApplication(
        batch=batch,
        org=org,
        region=org.region,
        sub_industry=sub_industry,
        snapshot=profile_snapshot(org),
        plan_summary=plan_summary.strip(),
        contact_name=contact_name.strip(),
        attachments=_clean_attachments(actor, batch, attachments or {}),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError as exc:
        raise Conflict(
            code=EnterpriseErrorCode.DUPLICATE_APPLICATION, message="贵企业已申报本批次，请勿重复申报"
        ) from exc
    audit_record(
        actor=actor,
        action="enterprises.application_create",
        target=app,
        region=org.region,
        org_id=org.pk,
        after={"batch": batch.pk, "sub_industry": sub_industry},
    )
    return app


def _require_open(batch: SelectionBatch) -> None:
    if batch.status != BatchStatus.OPEN or batch.deadline <= timezone.now():
        raise Conflict(code=EnterpriseErrorCode.BATCH_CLOSED, message="该批次已截止申报")


def _lock(application: PilotApplication) -> PilotApplication:
    return (
        PilotApplication.objects.select_for_update(of=("self",))
        .select_related("batch", "region", "org__region", "review")
        .get(pk=application.pk)
    )


def _move(app: PilotApplication, action: str) -> str:
    before = app.status
    app.status = workflow.next_status(workflow.APPLICATION_TRANSITIONS, app.status, action)
    return before


@transaction.atomic
def application_update(*, actor: Any, application: PilotApplication, changes: dict[str, Any]) -> PilotApplication:
    app = _lock(application)
    require(actor, "enterprises.apply_pilot", org_id=app.org_id)
    _move(app, "edit")
    fields = []
    if changes.get("sub_industry") is not None:
        if changes["sub_industry"] not in app.batch.sub_industries:
            raise field_error("sub_industry", "该细分行业不在本批次申报范围内")
        app.sub_industry = changes["sub_industry"]
        fields.append("sub_industry")
    for key in ("plan_summary", "contact_name"):
        if changes.get(key) is not None:
            setattr(app, key, str(changes[key]).strip())
            fields.append(key)
    if changes.get("attachments") is not None:
        app.attachments = {**app.attachments, **_clean_attachments(actor, app.batch, changes["attachments"])}
        fields.append("attachments")
    app.snapshot = profile_snapshot(app.org)
    app.save(update_fields=[*fields, "snapshot", "updated_at"])
    audit_record(
        actor=actor,
        action="enterprises.application_update",
        target=app,
        region=app.region,
        org_id=app.org_id,
        after={k: changes[k] for k in fields},
    )
    return app


def _require_complete(app: PilotApplication) -> None:
    missing = [a["name"] for a in app.batch.required_attachments if not app.attachments.get(a["key"])]
    if missing:
        raise field_error(
            "attachments", f"请上传必需附件：{'、'.join(missing)}", code=EnterpriseErrorCode.MISSING_ATTACHMENT
        )


@transaction.atomic
def application_submit(*, actor: Any, application: PilotApplication) -> PilotApplication:
    app = _lock(application)
    require(actor, "enterprises.apply_pilot", org_id=app.org_id)
    _require_open(app.batch)
    _require_complete(app)
    before = _move(app, "submit")
    app.snapshot = profile_snapshot(app.org)
    app.submitted_at = timezone.now()
    app.review = review_submit(
        process_key=PILOT_SELECTION,
        target=app,
        title=f"试点企业申报：{app.org.name}（{app.batch.name}）",
        region=app.region,
        org=app.org,
        submitted_by=actor,
    )
    app.save(update_fields=["status", "snapshot", "submitted_at", "review", "updated_at"])
    audit_record(
        actor=actor,
        action="enterprises.application_submit",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status},
    )
    return app


@transaction.atomic
def application_resubmit(*, actor: Any, application: PilotApplication, note: str = "") -> PilotApplication:
    app = _lock(application)
    require(actor, "enterprises.apply_pilot", org_id=app.org_id)
    workflow.next_status(workflow.APPLICATION_TRANSITIONS, app.status, "resubmit")
    _require_complete(app)
    assert app.review is not None
    review_resubmit(request=app.review, submitted_by=actor, note=note)  # → on_resubmitted
    app.refresh_from_db(fields=["status"])
    return app


@transaction.atomic
def application_withdraw(*, actor: Any, application: PilotApplication) -> PilotApplication:
    app = _lock(application)
    require(actor, "enterprises.apply_pilot", org_id=app.org_id)
    before = _move(app, "withdraw")
    if app.review is not None and before in (workflow.REVIEWING, workflow.RETURNED):
        review_withdraw(request=app.review, submitted_by=actor)
    app.decided_at = timezone.now()
    app.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="enterprises.application_withdraw",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status},
    )
    return app


# review callbacks (run inside reviews.review_decide / review_resubmit, in their transaction)


def _on_review(action: str, app: PilotApplication, actor: Any) -> None:
    app = _lock(app)
    before = _move(app, action)
    fields = ["status", "updated_at"]
    if app.status == workflow.PUBLICITY:
        app.publicity_starts_at = timezone.now()
        app.publicity_ends_at = app.publicity_starts_at + timedelta(days=app.batch.publicity_days)
        fields += ["publicity_starts_at", "publicity_ends_at"]
    if app.status == workflow.REJECTED:
        app.decided_at = timezone.now()
        fields.append("decided_at")
    app.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"enterprises.application_{action}",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status},
    )


def on_approved(target: PilotApplication, request: Any, actor: Any) -> None:
    _on_review("review_approved", target, actor)


def on_rejected(target: PilotApplication, request: Any, actor: Any) -> None:
    _on_review("review_rejected", target, actor)


def on_returned(target: PilotApplication, request: Any, actor: Any) -> None:
    _on_review("review_returned", target, actor)


def on_resubmitted(target: PilotApplication, request: Any, actor: Any) -> None:
    _on_review("resubmit", target, actor)


def review_summary(app: PilotApplication) -> dict[str, str]:
    from smedt.dicts.services import dict_label

    return {
        "企业": app.org.name,
        "批次": app.batch.name,
        "细分行业": dict_label("pilot_sub_industry", app.sub_industry),
    }


# --- expert scoring ------------------------------------------------------------------------------------------


@transaction.atomic
def score_submit(
    *, actor: Any, application: PilotApplication, marks: dict[str, Any], opinion: str = ""
) -> PilotExpertScore:
    app = _lock(application)
    require(actor, "enterprises.score_application", region_path=app.region.path)
    if app.status != workflow.REVIEWING:
        raise Conflict(code="enterprises.not_reviewing", message="只有审核中的申报可以评分")
    sheet = app.batch.score_sheet
    if sheet is None:
        raise Conflict(code="enterprises.no_score_sheet", message="该批次未配置专家评分表")
    cleaned, total = score_total(sheet.items, marks)
    if PilotExpertScore.objects.filter(application=app, expert=actor).exists():
        raise Conflict(code=EnterpriseErrorCode.ALREADY_SCORED, message="您已对该申报评分")
    score = PilotExpertScore.objects.create(
        application=app,
        sheet=sheet,
        expert=actor,
        expert_name=actor_name(actor),
        marks={k: str(v) for k, v in cleaned.items()},
        total=total,
        opinion=opinion.strip(),
    )
    audit_record(
        actor=actor,
        action="enterprises.score_submit",
        target=app,
        region=app.region,
        org_id=app.org_id,
        after={"marks": score.marks, "total": total},
    )
    return score


# --- publicity, objections, library --------------------------------------------------------------------------


@transaction.atomic
def objection_file(
    *, actor: Any, application: PilotApplication, content: str, evidence_id: Any = None
) -> PilotObjection:
    """Anyone signed in may object while the application is on publicity."""
    app = _lock(application)
    objection = publicity.objection_file(
        model=PilotObjection,
        application=app,
        actor=actor,
        content=content,
        evidence_id=evidence_id,
        app_label="enterprises",
        noun="申报",
    )
    assert isinstance(objection, PilotObjection)
    return objection


@transaction.atomic
def objection_handle(*, actor: Any, objection: PilotObjection, upheld: bool, resolution: str) -> PilotObjection:
    objection = PilotObjection.objects.select_for_update(of=("self",)).get(pk=objection.pk)
    app = _lock(objection.application)
    require(actor, "enterprises.handle_objection", region_path=app.region.path)

    def revoke(resolution: str) -> None:
        before = _move(app, "revoke")
        app.decided_at = timezone.now()
        app.decision_note = f"公示异议成立：{resolution}"[:255]
        app.save(update_fields=["status", "decided_at", "decision_note", "updated_at"])
        notify_org(
            org_id=app.org_id,
            title="试点企业申报未通过（公示异议成立）",
            body=resolution,
            link=f"/enterprises/pilot-applications/{app.pk}",
            dedupe_key=f"pilot-revoke-{app.pk}",
        )
        audit_record(
            actor=actor,
            action="enterprises.application_revoke",
            target=app,
            region=app.region,
            org_id=app.org_id,
            before={"status": before},
            after={"status": app.status, "objection": objection.pk},
        )

    publicity.objection_handle(
        objection=objection,
        application=app,
        actor=actor,
        upheld=upheld,
        resolution=resolution,
        app_label="enterprises",
        revoke=revoke,
    )
    return objection


@transaction.atomic
def application_finalize(*, actor: Any, application: PilotApplication) -> PilotEnterprise:
    """After publicity without upheld objections the enterprise enters the pilot library."""
    app = _lock(application)
    require(actor, "enterprises.handle_objection", region_path=app.region.path)
    workflow.next_status(workflow.APPLICATION_TRANSITIONS, app.status, "finalize")
    publicity.finalize_check(application=app, app_label="enterprises")
    approved = PilotApplication.objects.filter(batch=app.batch, status=ApplicationStatus.APPROVED).count()
    if approved >= app.batch.quota:
        raise Conflict(code=EnterpriseErrorCode.QUOTA_FULL, message=f"本批次名额（{app.batch.quota} 家）已满")
    before = _move(app, "finalize")
    app.decided_at = timezone.now()
    app.save(update_fields=["status", "decided_at", "updated_at"])
    pilot = PilotEnterprise.objects.filter(org=app.org).first()
    if pilot is None:
        pilot = PilotEnterprise.objects.create(
            org=app.org, region=app.region, application=app, batch=app.batch, sub_industry=app.sub_industry
        )
    else:
        pilot.application, pilot.batch, pilot.sub_industry = app, app.batch, app.sub_industry
        pilot.status, pilot.status_reason = PilotStatus.ACTIVE, ""
        pilot.save(update_fields=["application", "batch", "sub_industry", "status", "status_reason", "updated_at"])
    notify_org(
        org_id=app.org_id,
        title="恭喜，贵企业已入选试点企业库",
        body=f"{app.batch.name}：公示期满，已入库。",
        link=f"/enterprises/pilots/{pilot.pk}",
        dedupe_key=f"pilot-enter-{app.pk}",
    )
    audit_record(
        actor=actor,
        action="enterprises.application_finalize",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status, "pilot": pilot.pk},
    )
    return pilot


@transaction.atomic
def pilot_set_active(*, actor: Any, pilot: PilotEnterprise, active: bool, reason: str) -> PilotEnterprise:
    pilot = PilotEnterprise.objects.select_for_update(of=("self",)).select_related("region").get(pk=pilot.pk)
    require(actor, "enterprises.manage_pilot", region_path=pilot.region.path)
    reason = reason.strip()
    if not reason:
        raise field_error("reason", "请填写停用或启用的原因")
    target = PilotStatus.ACTIVE if active else PilotStatus.DISABLED
    if pilot.status == target:
        raise Conflict(
            code="invalid_transition",
            message="该试点企业已是启用状态" if active else "该试点企业已停用",
            details={"current": pilot.get_status_display(), "allowed": ["停用" if active else "启用"]},
        )
    before = pilot.status
    pilot.status, pilot.status_reason = target, reason[:255]
    pilot.save(update_fields=["status", "status_reason", "updated_at"])
    notify_org(
        org_id=pilot.org_id,
        title="贵企业的试点资格已恢复" if active else "贵企业的试点资格已停用",
        body=reason,
        dedupe_key=f"pilot-status-{pilot.pk}-{timezone.now().timestamp()}",
    )
    audit_record(
        actor=actor,
        action="enterprises.pilot_enable" if active else "enterprises.pilot_disable",
        target=pilot,
        region=pilot.region,
        org_id=pilot.org_id,
        before={"status": before},
        after={"status": target, "reason": reason},
    )
    return pilot


def pilot_can_start_project(org_id: int) -> bool:
    """For the projects module: only an active pilot enterprise may start a new project."""
    return PilotEnterprise.objects.filter(org_id=org_id, status=PilotStatus.ACTIVE).exists()


@transaction.atomic
def pilot_level_record(*, org_id: int, level: int | None) -> None:
    """For the assessment module: the latest rated 数字化水平 level of a pilot enterprise."""
    if level is not None and not 1 <= level <= 4:
        raise field_error("level", "数字化水平等级应为 1 至 4")
    PilotEnterprise.objects.filter(org_id=org_id).update(level=level)


def scores_summary(app: PilotApplication) -> dict[str, Any]:
    scores = list(app.scores.all())
    avg = sum((s.total for s in scores), Decimal(0)) / len(scores) if scores else None
    return {"count": len(scores), "average": avg.quantize(Decimal("0.01")) if avg is not None else None}
