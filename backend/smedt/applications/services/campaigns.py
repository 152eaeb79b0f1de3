"""申报批次: create, open, close, eligibility, reminders before the window closes."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from smedt.applications import expr, workflow
from smedt.applications.errors import ApplicationsErrorCode
from smedt.applications.facts import fact_catalog, facts_for
from smedt.applications.kinds import campaign_kinds, kind_label
from smedt.applications.models import Campaign, Submission, TemplateVersion
from smedt.applications.schema import clean_field_options
from smedt.applications.services.common import field_error, notify_org, region_of_actor
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.services import require
from smedt.regions.models import Region
from smedt.reviews.scoresheet import validate_sheet_items

EDITABLE_FIELDS = (
    "name",
    "description",
    "template_version_id",
    "opens_at",
    "closes_at",
    "org_kinds",
    "region_codes",
    "eligibility_rule",
    "eligibility_text",
    "quota",
    "expert_scoring",
    "min_expert_scores",
    "review_chain",
    "result_handler",
    "kind",
    "score_items",
    "field_options",
    "publicity_days",
    "remind_days",
)


def _clean(values: dict[str, Any], region: Region, current: Campaign | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def get(k: str) -> Any:
        return values[k] if k in values else getattr(current, k, None)

    name = str(get("name") or "").strip()
    if not 2 <= len(name) <= 100:
        raise field_error("name", "批次名称应为 2 至 100 个字")
    out["name"] = name
    out["description"] = str(get("description") or "").strip()[:5000]
    version = TemplateVersion.objects.select_related("template").filter(pk=get("template_version_id")).first()
    tpath = version.template.region.path if version is not None else ""
    if version is None or not (region.path.startswith(tpath) or tpath.startswith(region.path)):
        raise field_error("template_version_id", "申报模板版本不存在")
    if version.status != workflow.V_PUBLISHED:
        raise field_error("template_version_id", "只能使用已发布的模板版本")
    out["template_version_id"] = version.pk
    options, problems = clean_field_options(version.schema, get("field_options") or {})
    if problems:
        first = next(iter(problems.values()))
        raise ValidationFailed(code=ApplicationsErrorCode.INVALID_FIELD, message=first, details={"fields": problems})
    out["field_options"] = options
    opens_at, closes_at = get("opens_at"), get("closes_at")
    if not isinstance(opens_at, datetime) or not isinstance(closes_at, datetime):
        raise field_error("closes_at", "请填写申报开始和截止时间")
    if closes_at <= opens_at:
        raise field_error("closes_at", "截止时间应晚于开始时间")
    if (current is None or "closes_at" in values) and closes_at <= timezone.now():
        raise field_error("closes_at", "截止时间应晚于当前时间")
    out["opens_at"], out["closes_at"] = opens_at, closes_at
    kinds = [str(k) for k in (get("org_kinds") or [])]
    if not kinds or any(k not in (OrgKind.ENTERPRISE, OrgKind.PROVIDER) for k in kinds):
        raise field_error("org_kinds", "请选择申报主体类型（企业或服务商）")
    out["org_kinds"] = sorted(set(kinds))
    codes = [str(c) for c in (get("region_codes") or [])]
    found = set(Region.objects.filter(code__in=codes, path__startswith=region.path).values_list("code", flat=True))
    if set(codes) - found:
        raise field_error("region_codes", "限定区域不存在或不在管辖范围内")
    out["region_codes"] = sorted(found)
    rule = str(get("eligibility_rule") or "").strip()
    if rule:
        try:
            node = expr.parse(rule)
        except expr.ExprError as exc:
            raise field_error("eligibility_rule", f"申报条件规则有误：{exc.message}") from None
        unknown = sorted(n for n in expr.names(node) if n not in fact_catalog())
        if unknown:
            raise field_error("eligibility_rule", f"申报条件规则引用了不存在的档案数据：{'、'.join(unknown)}")
    out["eligibility_rule"] = rule
    out["eligibility_text"] = str(get("eligibility_text") or "").strip()[:200]
    quota = get("quota")
    if not isinstance(quota, int) or not 1 <= quota <= 100000:
        raise field_error("quota", "名额应为 1 至 100000 的整数")
    out["quota"] = quota
    out["expert_scoring"] = bool(get("expert_scoring"))
    minimum = get("min_expert_scores")
    if not isinstance(minimum, int) or not 0 <= minimum <= 20:
        raise field_error("min_expert_scores", "最少专家评分数应在 0 至 20 之间（0 表示评分可选）")
    out["min_expert_scores"] = minimum
    chain = get("review_chain")
    if chain not in workflow.REVIEW_CHAINS:
        raise field_error("review_chain", "审核流程不正确")
    out["review_chain"] = chain
    kind = str(get("kind") or "")
    if kind and kind not in campaign_kinds():
        raise field_error("kind", "批次类别不存在")
    out["kind"] = kind
    handler = str(get("result_handler") or "")
    if not handler and kind and current is None:
        handler = campaign_kinds()[kind].result_handler
    from smedt.applications.results import result_handlers

    if handler and handler not in result_handlers():
        raise field_error("result_handler", "入选后处理方式不存在")
    out["result_handler"] = handler
    items = get("score_items") or []
    out["score_items"] = (
        validate_sheet_items(items, error_code=ApplicationsErrorCode.INVALID_FIELD) if out["expert_scoring"] else []
    )
    days = get("publicity_days")
    if not isinstance(days, int) or not 1 <= days <= 30:
        raise field_error("publicity_days", "公示天数应在 1 至 30 天之间")
    out["publicity_days"] = days
    remind = get("remind_days")
    if not isinstance(remind, int) or not 0 <= remind <= 30:
        raise field_error("remind_days", "提醒天数应在 0 至 30 天之间")
    out["remind_days"] = remind
    return out


@transaction.atomic
def campaign_create(*, actor: Any, values: dict[str, Any]) -> Campaign:
    require(actor, "applications.manage_campaign")
    region = region_of_actor(actor, "applications.manage_campaign")
    values = {
        "publicity_days": 5,
        "remind_days": 3,
        "org_kinds": [OrgKind.ENTERPRISE],
        "review_chain": workflow.CHAIN_COUNTY_CITY,
        "min_expert_scores": 1,
        **values,
    }
    clean = _clean(values, region)
    campaign = Campaign.objects.create(region=region, created_by=actor, **clean)
    audit_record(
        actor=actor,
        action="applications.campaign_create",
        target=campaign,
        region=region,
        after={k: str(v) for k, v in clean.items()},
    )
    return campaign


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).select_related("region").get(pk=campaign.pk)


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, values: dict[str, Any]) -> Campaign:
    """Change a campaign before it closes; a new template version makes open drafts stale."""
    campaign = _lock(campaign)
    require(actor, "applications.manage_campaign", region_path=campaign.region.path)
    if campaign.status == workflow.C_CLOSED:
        raise Conflict(code=ApplicationsErrorCode.CAMPAIGN_CLOSED, message="该批次已截止，不能修改")
    changes = {k: v for k, v in values.items() if k in EDITABLE_FIELDS}
    clean = _clean(changes, campaign.region, current=campaign)
    if clean["template_version_id"] != campaign.template_version_id:
        old = campaign.template_version
        if TemplateVersion.objects.get(pk=clean["template_version_id"]).template_id != old.template_id:
            raise field_error("template_version_id", "只能换用同一模板的其他版本")
    before = {k: str(getattr(campaign, k)) for k in clean}
    for k, v in clean.items():
        setattr(campaign, k, v)
    campaign.save(update_fields=[*clean, "updated_at"])
    audit_record(
        actor=actor,
        action="applications.campaign_update",
        target=campaign,
        region=campaign.region,
        before=before,
        after={k: str(v) for k, v in clean.items()},
    )
    return campaign


@transaction.atomic
def campaign_open(*, actor: Any, campaign: Campaign) -> Campaign:
    campaign = _lock(campaign)
    require(actor, "applications.manage_campaign", region_path=campaign.region.path)
    if campaign.status != workflow.C_DRAFT:
        raise Conflict(code="invalid_transition", message="只有未发布的批次可以发布")
    if campaign.closes_at <= timezone.now():
        raise field_error("closes_at", "截止时间已过，请先修改截止时间")
    campaign.status = workflow.C_OPEN
    campaign.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="applications.campaign_open", target=campaign, region=campaign.region)
    campaign_opened_notify_enqueue(campaign.pk)  # the task row commits or vanishes with this transaction
    return campaign


def campaign_opened_notify_enqueue(campaign_id: int) -> None:
    """Tell eligible organisations off the request path (a background task; inline when no worker runs)."""
    from smedt.applications.tasks import campaign_opened_notify_task

    campaign_opened_notify_task.enqueue(campaign_id=campaign_id)


def eligible_org_ids(campaign: Campaign) -> list[int]:
    """Organisations that may apply: kind, status and region in SQL, the rule over facts per organisation."""
    qs = Organization.objects.filter(kind__in=campaign.org_kinds, status="active")
    region_paths = [campaign.region.path]
    if campaign.region_codes:
        region_paths = list(Region.objects.filter(code__in=campaign.region_codes).values_list("path", flat=True))
    scope = Q()
    for path in region_paths:
        scope |= Q(region__path__startswith=path)
    ids = list(qs.filter(scope).order_by("id").values_list("id", flat=True))
    if not campaign.eligibility_rule:
        return ids
    orgs = Organization.objects.filter(pk__in=ids).select_related("region").order_by("id")
    return [o.pk for o in orgs if not eligibility_problem(campaign, o)]


def campaign_opened_notify(campaign_id: int) -> int:
    """One message per eligible organisation that the campaign is open. Idempotent (dedupe per campaign)."""
    campaign = Campaign.objects.dangerously_unscoped().select_related("region").filter(pk=campaign_id).first()
    if campaign is None or campaign.status != workflow.C_OPEN:
        return 0
    what = kind_label(campaign.kind) or "申报"
    sent = 0
    for org_id in eligible_org_ids(campaign):
        with transaction.atomic():
            notify_org(
                org_id=org_id,
                title=f"{what}开始：{campaign.name}",
                body=(
                    f"申报时间 {timezone.localtime(campaign.opens_at):%Y-%m-%d %H:%M} 至 "
                    f"{timezone.localtime(campaign.closes_at):%Y-%m-%d %H:%M}，名额 {campaign.quota} 个。"
                    + (f"申报条件：{campaign.eligibility_text}。" if campaign.eligibility_text else "")
                ),
                link=f"/applications/apply/{campaign.pk}",
                dedupe_key=f"applications-opened-{campaign.pk}",
            )
        sent += 1
    return sent


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign) -> Campaign:
    campaign = _lock(campaign)
    require(actor, "applications.manage_campaign", region_path=campaign.region.path)
    if campaign.status != workflow.C_OPEN:
        raise Conflict(code=ApplicationsErrorCode.CAMPAIGN_CLOSED, message="只有申报中的批次可以截止")
    campaign.status = workflow.C_CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="applications.campaign_close", target=campaign, region=campaign.region)
    return campaign


def campaign_accepting(campaign: Campaign, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return campaign.status == workflow.C_OPEN and campaign.opens_at <= now < campaign.closes_at


def require_accepting(campaign: Campaign) -> None:
    now = timezone.now()
    if campaign.status == workflow.C_OPEN and now < campaign.opens_at:
        raise Conflict(
            code=ApplicationsErrorCode.CAMPAIGN_CLOSED,
            message=f"该批次 {timezone.localtime(campaign.opens_at):%Y-%m-%d %H:%M} 开始申报",
        )
    if not campaign_accepting(campaign, now):
        raise Conflict(code=ApplicationsErrorCode.CAMPAIGN_CLOSED, message="该申报批次已截止或未开放，不能提交")


def eligibility_problem(campaign: Campaign, org: Organization) -> str:
    """Why `org` may not apply to `campaign` ("" when it may)."""
    if org.kind not in campaign.org_kinds:
        kinds = "、".join(OrgKind(k).label for k in campaign.org_kinds)
        return f"本批次仅限{kinds}申报"
    if org.status != "active":
        return "单位尚未通过注册认证，暂不能申报"
    if campaign.region_codes:
        paths = list(Region.objects.filter(code__in=campaign.region_codes).values_list("path", flat=True))
        if not any(org.region.path.startswith(p) for p in paths):
            return "贵单位不在本批次限定的区域内"
    if campaign.eligibility_rule:
        node = expr.parse(campaign.eligibility_rule)
        facts = facts_for(org.pk, expr.names(node))
        env: dict[str, expr.Value] = {k: None for k in expr.names(node)}
        env.update({k: f.number for k, f in facts.items()})
        try:
            result = expr.evaluate(node, env, source=campaign.eligibility_rule)
        except expr.ExprError:
            result = None
        text = campaign.eligibility_text or "本批次的申报条件"
        if result is None:
            return f"企业档案中缺少判断申报条件所需的数据（{text}），请先完善一企一档"
        if result is not True and not (isinstance(result, Decimal) and result != 0):
            return f"不符合申报条件：{text}"
    return ""


def campaign_reminders_send(*, now: datetime | None = None) -> int:
    """Remind organizations with an unsent draft that the window closes soon. Idempotent per campaign."""
    now = now or timezone.now()
    sent = 0
    due = Campaign.objects.dangerously_unscoped().filter(
        status=workflow.C_OPEN, closes_at__gt=now, reminded_at__isnull=True
    )
    for campaign in due:
        if campaign.closes_at - now > timedelta(days=campaign.remind_days):
            continue
        with transaction.atomic():
            locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
            if locked.reminded_at is not None:
                continue
            drafts = Submission.objects.filter(campaign=locked, status__in=workflow.EDITABLE).values_list(
                "pk", "org_id"
            )
            for submission_id, org_id in drafts:
                notify_org(
                    org_id=org_id,
                    title=f"申报即将截止：{locked.name}",
                    body=f"申报将于 {timezone.localtime(locked.closes_at):%Y-%m-%d %H:%M} 截止，贵单位的申报书尚未提交。",
                    link=f"/applications/submissions/{submission_id}",
                    dedupe_key=f"applications-remind-{locked.pk}",
                )
                sent += 1
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
    return sent
