"""招聘信息: pilot enterprises post, the city reviews (process recruitment_post), the portal shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict
from smedt.enterprises import workflow
from smedt.enterprises.errors import EnterpriseErrorCode
from smedt.enterprises.models import PilotEnterprise, PilotStatus, RecruitmentPost
from smedt.enterprises.services.common import field_error
from smedt.enterprises.services.profile import PHONE_RE
from smedt.orgs.models import Organization
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require
from smedt.reviews.services.requests import review_resubmit, review_submit, review_withdraw

RECRUITMENT_POST = "recruitment_post"


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in data or not partial:
        title = str(data.get("title") or "").strip()
        if len(title) < 2 or len(title) > 128:
            raise field_error("title", "标题应为 2 至 128 个字")
        out["title"] = title
    if "positions" in data or not partial:
        positions = []
        for idx, p in enumerate(data.get("positions") or [], start=1):
            name = str(p.get("name") or "").strip()
            if not name:
                raise field_error("positions", f"第 {idx} 个岗位缺少岗位名称")
            try:
                count = int(p.get("count") or 1)
            except (TypeError, ValueError):
                raise field_error("positions", f"岗位“{name}”的人数应为整数") from None
            if count < 1:
                raise field_error("positions", f"岗位“{name}”的人数至少为 1")
            positions.append({"name": name, "count": count, "salary": str(p.get("salary") or "").strip()})
        if not positions:
            raise field_error("positions", "请至少填写一个招聘岗位")
        out["positions"] = positions
    if "requirements" in data or not partial:
        out["requirements"] = str(data.get("requirements") or "").strip()
    if "contact_name" in data or not partial:
        out["contact_name"] = str(data.get("contact_name") or "").strip()
        if not out["contact_name"]:
            raise field_error("contact_name", "请填写联系人")
    if "contact_phone" in data or not partial:
        phone = str(data.get("contact_phone") or "").strip()
        if not PHONE_RE.match(phone):
            raise field_error("contact_phone", "联系电话格式不正确")
        out["contact_phone"] = phone
    if "valid_until" in data or not partial:
        value = data.get("valid_until")
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise field_error("valid_until", "有效期格式应为 YYYY-MM-DD") from None
        if not isinstance(value, date) or value < timezone.localdate():
            raise field_error("valid_until", "有效期不能早于今天")
        out["valid_until"] = value
    return out


def _pilot_org(actor: Any, org_id: int | None) -> Organization:
    ids = sorted(user_grants(actor).grant("enterprises.manage_recruitment").org_ids)
    if org_id is None:
        if len(ids) != 1:
            raise field_error("org_id", "请选择发布企业")
        org_id = ids[0]
    require(actor, "enterprises.manage_recruitment", org_id=org_id)
    if not PilotEnterprise.objects.filter(org_id=org_id, status=PilotStatus.ACTIVE).exists():
        raise Conflict(code=EnterpriseErrorCode.NOT_A_PILOT, message="只有试点企业可以发布招聘信息")
    return Organization.objects.select_related("region").get(pk=org_id)


@transaction.atomic
def post_create(*, actor: Any, data: dict[str, Any], org_id: int | None = None) -> RecruitmentPost:
    org = _pilot_org(actor, org_id)
    post = RecruitmentPost.objects.create(org=org, created_by=actor, **_clean(data, partial=False))
    audit_record(
        actor=actor,
        action="enterprises.post_create",
        target=post,
        region=org.region,
        org_id=org.pk,
        after={"title": post.title},
    )
    return post


def _lock(post: RecruitmentPost) -> RecruitmentPost:
    return (
        RecruitmentPost.objects.select_for_update(of=("self",)).select_related("org__region", "review").get(pk=post.pk)
    )


@transaction.atomic
def post_update(*, actor: Any, post: RecruitmentPost, changes: dict[str, Any]) -> RecruitmentPost:
    post = _lock(post)
    require(actor, "enterprises.manage_recruitment", org_id=post.org_id)
    workflow.next_status(workflow.POST_TRANSITIONS, post.status, "edit", labels=workflow.POST_LABELS)
    cleaned = _clean(changes, partial=True)
    for k, v in cleaned.items():
        setattr(post, k, v)
    post.save(update_fields=[*cleaned, "updated_at"])
    audit_record(
        actor=actor,
        action="enterprises.post_update",
        target=post,
        region=post.org.region,
        org_id=post.org_id,
        after={k: str(v) for k, v in cleaned.items()},
    )
    return post


@transaction.atomic
def post_submit(*, actor: Any, post: RecruitmentPost) -> RecruitmentPost:
    post = _lock(post)
    require(actor, "enterprises.manage_recruitment", org_id=post.org_id)
    _pilot_org(actor, post.org_id)
    if post.status == workflow.RETURNED:
        assert post.review is not None
        review_resubmit(request=post.review, submitted_by=actor)
        post.refresh_from_db(fields=["status"])
        return post
    post.status = workflow.next_status(workflow.POST_TRANSITIONS, post.status, "submit", labels=workflow.POST_LABELS)
    post.review = review_submit(
        process_key=RECRUITMENT_POST,
        target=post,
        title=f"招聘信息发布：{post.org.name} {post.title}",
        region=post.org.region,
        org=post.org,
        submitted_by=actor,
    )
    post.save(update_fields=["status", "review", "updated_at"])
    audit_record(actor=actor, action="enterprises.post_submit", target=post, region=post.org.region, org_id=post.org_id)
    return post


@transaction.atomic
def post_withdraw(*, actor: Any, post: RecruitmentPost) -> RecruitmentPost:
    post = _lock(post)
    require(actor, "enterprises.manage_recruitment", org_id=post.org_id)
    before = post.status
    post.status = workflow.next_status(workflow.POST_TRANSITIONS, post.status, "withdraw", labels=workflow.POST_LABELS)
    if post.review is not None and before in (workflow.REVIEWING, workflow.RETURNED):
        review_withdraw(request=post.review, submitted_by=actor)
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="enterprises.post_withdraw",
        target=post,
        region=post.org.region,
        org_id=post.org_id,
        before={"status": before},
    )
    return post


def _on_review(action: str, post: RecruitmentPost, actor: Any) -> None:
    post = _lock(post)
    before = post.status
    post.status = workflow.next_status(workflow.POST_TRANSITIONS, post.status, action, labels=workflow.POST_LABELS)
    fields = ["status", "updated_at"]
    if post.status == workflow.PUBLISHED:
        post.published_at = timezone.now()
        fields.append("published_at")
    post.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"enterprises.post_{action}",
        target=post,
        region=post.org.region,
        org_id=post.org_id,
        before={"status": before},
        after={"status": post.status},
    )


def on_approved(target: RecruitmentPost, request: Any, actor: Any) -> None:
    _on_review("review_approved", target, actor)


def on_rejected(target: RecruitmentPost, request: Any, actor: Any) -> None:
    _on_review("review_rejected", target, actor)


def on_returned(target: RecruitmentPost, request: Any, actor: Any) -> None:
    _on_review("review_returned", target, actor)


def on_resubmitted(target: RecruitmentPost, request: Any, actor: Any) -> None:
    _on_review("resubmit", target, actor)


def review_summary(post: RecruitmentPost) -> dict[str, str]:
    return {"企业": post.org.name, "标题": post.title, "有效期至": post.valid_until.isoformat()}
