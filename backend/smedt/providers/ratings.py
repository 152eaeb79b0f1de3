"""Provider ratings (服务商评级): the configurable scheme, the computed yearly scorecard, manual scores, appeals,
and complaints (服务商投诉) — the writes, each atomic and audited.

The scorecard of a provider for a year is computed from what the platform records (projects, milestones,
acceptance decisions, enterprises' project ratings, upheld complaints) plus the city's manual scores, with the
active scheme (RatingScheme, seeded from data/rating-scheme.yaml). The arithmetic is pure (providers/rating.py);
this module gathers the facts — a fixed number of queries whatever the number of providers — and stores them as
the rating's evidence.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, NotFound, ValidationFailed
from smedt.notify.services import message_send
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.providers import rating
from smedt.providers.models import (
    ComplaintStatus,
    PoolStatus,
    ProjectRating,
    ProviderComplaint,
    ProviderPoolMember,
    ProviderRating,
    RatingAppeal,
    RatingManualScore,
    RatingScheme,
)
from smedt.rbac.grants import user_grants
from smedt.rbac.models import RoleAssignment
from smedt.rbac.services import require

# the per-project facts the projects module records through provider_rating_add
PROJECT_DIMENSIONS = {"acceptance": "一次验收", "on_time": "里程碑按期", "satisfaction": "企业满意度"}
FIRST_YEAR = 2020


def _err(field: str, message: str, code: str = "providers.invalid_field") -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def _notify(org_id: int, title: str, body: str = "", dedupe_key: str = "", link: str = "") -> None:
    ids = sorted(set(RoleAssignment.objects.filter(org_id=org_id).values_list("user_id", flat=True)))
    message_send(recipient_ids=ids, title=title, body=body, link=link, category="providers", dedupe_key=dedupe_key)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise _err("year", f"年度应在 {FIRST_YEAR} 至 {timezone.localdate().year} 之间")


# --- scheme --------------------------------------------------------------------------------------------------


def scheme_of(row: RatingScheme) -> rating.Scheme:
    return rating.parse_scheme({"version": row.version, "dimensions": row.dimensions, "grades": row.grades})


def scheme_active() -> RatingScheme:
    """The active scheme; on first use the packaged YAML becomes version 1 (INFERRED defaults, configurable)."""
    row = RatingScheme.objects.filter(is_active=True).first()
    if row is not None:
        return row
    data = rating.packaged_scheme_data()
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, _ = RatingScheme.objects.get_or_create(
                    version=data["version"],
                    defaults={
                        "dimensions": data["dimensions"],
                        "grades": data["grades"],
                        "is_active": True,
                        "note": "初始方案（数值为推定默认值，可由市级配置新版本）",
                    },
                )
        except IntegrityError:  # another request seeded it at the same time
            row = RatingScheme.objects.get(is_active=True)
    return row


@transaction.atomic
def scheme_save(*, actor: Any, data: dict[str, Any], note: str = "") -> RatingScheme:
    """The city saves a new version of the scheme and makes it the active one; older ratings keep theirs."""
    require(actor, "providers.configure_rating")
    parsed = rating.parse_scheme(data)
    if RatingScheme.objects.filter(version=parsed.version).exists():
        raise Conflict(
            code="providers.scheme_version_exists",
            message=f"方案版本“{parsed.version}”已存在，请使用新的版本号",
            details={"fields": {"version": "已存在"}},
        )
    previous = RatingScheme.objects.select_for_update().filter(is_active=True).first()
    if previous is not None:
        previous.is_active = False
        previous.save(update_fields=["is_active"])
    row = RatingScheme.objects.create(
        version=parsed.version,
        dimensions=[d.as_dict() for d in parsed.dimensions],
        grades=parsed.grades_as_list(),
        is_active=True,
        note=note.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="providers.rating_scheme_save",
        target=row,
        before={"version": previous.version} if previous else None,
        after={"version": row.version, "dimensions": row.dimensions, "grades": row.grades},
    )
    return row


# --- facts ---------------------------------------------------------------------------------------------------


def _by_org(rows: Iterable[Any], key: str) -> dict[int, dict[str, Any]]:
    return {int(r[key]): {k: v for k, v in r.items() if k != key} for r in rows}


def gather_facts(*, org_ids: list[int], year: int) -> dict[int, dict[str, dict[str, Any]]]:
    """Per provider and source, the facts of the year: seven grouped queries for any number of providers."""
    from smedt.projects.models import Milestone, ProjectEvent  # lazy: projects depends on providers, not back

    today = timezone.localdate()
    signed = _by_org(
        ProjectEvent.objects.dangerously_unscoped()
        .filter(action="contract_signed", created_at__year=year, project__provider_id__in=org_ids)
        .values("project__provider_id")
        .annotate(count=Count("project_id", distinct=True)),
        "project__provider_id",
    )
    milestones = _by_org(
        Milestone.objects.filter(project__provider_id__in=org_ids, planned_date__year=year)
        .filter(Q(planned_date__lt=today) | Q(actual_date__isnull=False))  # due by now, or already done
        .values("project__provider_id")
        .annotate(total=Count("id"), done_on_time=Count("id", filter=Q(actual_date__lte=F("planned_date")))),
        "project__provider_id",
    )
    project_rows = ProjectRating.objects.filter(org_id__in=org_ids, created_at__year=year)
    acceptance = _by_org(
        project_rows.filter(dimension="acceptance")
        .values("org_id")
        .annotate(total=Count("id"), first_pass=Count("id", filter=Q(score__gte=100))),
        "org_id",
    )
    satisfaction = _by_org(
        project_rows.filter(dimension="satisfaction").values("org_id").annotate(count=Count("id"), sum=Sum("score")),
        "org_id",
    )
    complaints = _by_org(
        ProviderComplaint.objects.filter(provider_id__in=org_ids, created_at__year=year)
        .values("provider_id")
        .annotate(
            upheld=Count("id", filter=Q(status=ComplaintStatus.UPHELD)),
            dismissed=Count("id", filter=Q(status=ComplaintStatus.DISMISSED)),
            pending=Count("id", filter=Q(status=ComplaintStatus.PENDING)),
        ),
        "provider_id",
    )
    manual: dict[int, dict[str, dict[str, Any]]] = {}
    for m in RatingManualScore.objects.filter(org_id__in=org_ids, year=year):
        manual.setdefault(m.org_id, {})[m.dimension] = {"score": str(m.score), "note": m.note}
    out: dict[int, dict[str, dict[str, Any]]] = {}
    for oid in org_ids:
        n_projects = int(signed.get(oid, {}).get("count", 0))
        ms = milestones.get(oid, {})
        acc = acceptance.get(oid, {})
        sat = satisfaction.get(oid, {})
        comp = complaints.get(oid, {})
        sat_count = int(sat.get("count", 0))
        sat_sum = Decimal(sat.get("sum") or 0)
        out[oid] = {
            "projects": {"count": n_projects},
            "on_time": {"done_on_time": int(ms.get("done_on_time", 0)), "total": int(ms.get("total", 0))},
            "acceptance": {"first_pass": int(acc.get("first_pass", 0)), "total": int(acc.get("total", 0))},
            "satisfaction": {
                "count": sat_count,
                "sum": str(sat_sum),
                "average": str(rating.dimension_score(_SAT_DIM, {"count": sat_count, "sum": sat_sum}) or ""),
            },
            "complaints": {
                "upheld": int(comp.get("upheld", 0)),
                "dismissed": int(comp.get("dismissed", 0)),
                "pending": int(comp.get("pending", 0)),
                "projects": n_projects,
            },
            "manual": manual.get(oid, {}),
        }
    return out


_SAT_DIM = rating.Dimension(key="satisfaction", name="", weight=Decimal(1), source="satisfaction")


def _evidence(scheme: rating.Scheme, facts: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], rating.Scorecard]:
    scores: dict[str, Decimal | None] = {}
    evidence: dict[str, Any] = {}
    for dim in scheme.dimensions:
        f = facts["manual"].get(dim.key, {}) if dim.source == "manual" else facts[dim.source]
        scores[dim.key] = rating.dimension_score(dim, f)
        evidence[dim.key] = {**f, **{k: v for k, v in dim.params.items()}}
        if dim.source == "satisfaction":
            evidence[dim.key].pop("sum", None)
    card = rating.scorecard(scheme, scores)
    for key, e in evidence.items():
        e["score"] = None if card.scores[key] is None else str(card.scores[key])
        e["effective_weight"] = str(card.effective_weights[key]) if key in card.effective_weights else None
    return evidence, card


# --- compute -------------------------------------------------------------------------------------------------


def _rateable_orgs(actor: Any) -> list[Organization]:
    """Providers in the pool (active, warned or disabled — they served during the year) within the actor's scope."""
    grant = user_grants(actor).grant("providers.rate_provider")
    qs = ProviderPoolMember.objects.exclude(status=PoolStatus.EXITED).select_related("org__region")
    if not grant.is_global:
        q = Q(pk__in=[])
        for path in sorted(grant.region_paths):
            q |= Q(org__region__path__startswith=path)
        qs = qs.filter(q)
    return [m.org for m in qs.order_by("org_id")]


def _store(
    *, actor: Any, org: Organization, year: int, scheme_row: RatingScheme, scheme: rating.Scheme, facts: Any
) -> ProviderRating | None:
    evidence, card = _evidence(scheme, facts)
    existing = ProviderRating.objects.select_for_update(of=("self",)).filter(org=org, year=year).first()
    if card.total is None or card.grade is None:
        if existing is not None:
            # computed earlier from records that no longer count (e.g. an idle provider graded 0 by an older
            # rule): a provider without any record is 暂无评级, never the lowest grade
            audit_record(
                actor=actor,
                action="providers.rating_clear",
                target=existing,
                region=org.region,
                org_id=org.pk,
                before={"total": existing.total, "grade": existing.grade},
            )
            existing.delete()
        return None
    before = {"total": existing.total, "grade": existing.grade} if existing else None
    values = {
        "components": {k: str(v) for k, v in card.scores.items() if v is not None},
        "evidence": evidence,
        "total": card.total,
        "grade": card.grade,
        "scheme": scheme_row,
        "scheme_version": scheme.version,
        "computed_at": timezone.now(),
        "entered_by": actor,
    }
    r, _ = ProviderRating.objects.update_or_create(org=org, year=year, defaults=values)
    if before != {"total": card.total, "grade": card.grade}:
        _notify(
            org.pk,
            f"{year} 年度服务商评级结果：{card.grade}",
            f"综合得分 {card.total}（评级方案 {scheme.version}）",
            dedupe_key=f"rating-{r.pk}-{card.total}-{card.grade}",
            link="/providers/ratings",
        )
    audit_record(
        actor=actor,
        action="providers.rating_compute",
        target=r,
        region=org.region,
        org_id=org.pk,
        before=before,
        after={"total": card.total, "grade": card.grade, "scheme": scheme.version},
    )
    return r


@transaction.atomic
def compute_for_orgs(
    *, actor: Any, orgs: list[Organization], year: int
) -> tuple[list[ProviderRating], list[Organization]]:
    """The shared compute path without a permission check: for the services below and the demo loader only."""
    return _compute(actor=actor, orgs=orgs, year=year)


def _compute(*, actor: Any, orgs: list[Organization], year: int) -> tuple[list[ProviderRating], list[Organization]]:
    scheme_row = scheme_active()
    scheme = scheme_of(scheme_row)
    facts = gather_facts(org_ids=[o.pk for o in orgs], year=year)
    done: list[ProviderRating] = []
    skipped: list[Organization] = []
    for org in orgs:
        r = _store(actor=actor, org=org, year=year, scheme_row=scheme_row, scheme=scheme, facts=facts[org.pk])
        if r is None:
            skipped.append(org)
        else:
            done.append(r)
    return done, skipped


def _provider(org: Organization) -> Organization:
    if org.kind != OrgKind.PROVIDER:
        raise _err("org_id", "只能对服务商评级", code="providers.not_provider")
    return org


@transaction.atomic
def rating_compute(*, actor: Any, org: Organization, year: int) -> ProviderRating:
    """(Re)compute one provider's scorecard for a year from the platform's records and the manual scores."""
    _provider(org)
    require(actor, "providers.rate_provider", region_path=org.region.path)
    _check_year(year)
    done, _ = _compute(actor=actor, orgs=[org], year=year)
    if not done:
        raise Conflict(
            code="providers.rating_no_data",
            message=f"{org.name} {year} 年度没有任何评级数据（无项目、评价、投诉或手工评分），暂不能评级",
        )
    return done[0]


@transaction.atomic
def rating_compute_all(*, actor: Any, year: int) -> dict[str, Any]:
    """(Re)compute every pool provider in the actor's scope for a year; providers with no data at all are skipped."""
    require(actor, "providers.rate_provider")
    _check_year(year)
    started = time.monotonic()
    orgs = _rateable_orgs(actor)
    done, skipped = _compute(actor=actor, orgs=orgs, year=year)
    return {
        "year": year,
        "providers": len(orgs),
        "computed": len(done),
        "skipped": [o.name for o in skipped],
        "elapsed_ms": int((time.monotonic() - started) * 1000),
    }


@transaction.atomic
def rating_set(
    *, actor: Any, org: Organization, year: int, components: dict[str, Any], note: str = ""
) -> ProviderRating:
    """The city enters its manual scores (e.g. 主管部门与专家评价) for a year; the scorecard is then recomputed."""
    _provider(org)
    require(actor, "providers.rate_provider", region_path=org.region.path)
    _check_year(year)
    scheme = scheme_of(scheme_active())
    _manual_save(actor=actor, org=org, year=year, scheme=scheme, components=components, note=note)
    r = rating_compute(actor=actor, org=org, year=year)
    if note.strip():
        r.note = note.strip()
        r.save(update_fields=["note"])
    return r


def _manual_save(
    *, actor: Any, org: Organization, year: int, scheme: rating.Scheme, components: dict[str, Any], note: str
) -> None:
    if not components:
        raise _err("components", "请填写手工评分", code="providers.invalid_rating")
    for key, value in components.items():
        dim = scheme.dimension(key)
        if dim is None:
            raise _err("components", f"评级维度不存在：{key}", code="providers.invalid_rating")
        if dim.source != "manual":
            raise _err("components", f"“{dim.name}”由平台数据计算，不能手工填写", code="providers.invalid_rating")
        score = rating.clean_manual_score(dim, value)
        RatingManualScore.objects.update_or_create(
            org=org,
            year=year,
            dimension=key,
            defaults={"score": score, "note": note.strip(), "entered_by": actor},
        )
        audit_record(
            actor=actor,
            action="providers.rating_manual_set",
            target=org,
            region=org.region,
            org_id=org.pk,
            after={"year": year, "dimension": key, "score": score, "note": note.strip()},
        )


@transaction.atomic
def provider_rating_add(
    *, org_id: int, project_ref: str, dimension: str, score: Decimal, note: str = ""
) -> ProjectRating:
    """Hook for the projects module: one project's fact about its provider (idempotent per project and dimension).

    acceptance (100 first-round pass / 60 later pass / 0 rejected), on_time (share of milestones on time),
    satisfaction (the enterprise's stars × 20). The yearly scorecard reads these rows.
    """
    if dimension not in PROJECT_DIMENSIONS:
        raise _err("dimension", "评级维度不存在")
    if not 0 <= score <= 100:
        raise _err("score", "得分应在 0 至 100 之间")
    row, _ = ProjectRating.objects.update_or_create(
        org_id=org_id, project_ref=project_ref, dimension=dimension, defaults={"score": score, "note": note}
    )
    audit_record(
        actor=None,
        action="providers.project_rating_add",
        target=row,
        org_id=org_id,
        after={"project": project_ref, "dimension": dimension, "score": score},
    )
    return row


# --- appeals -------------------------------------------------------------------------------------------------


@transaction.atomic
def rating_appeal_file(*, actor: Any, rating_row: ProviderRating, reason: str) -> RatingAppeal:
    """A provider contests its rating (one open appeal per rating)."""
    require(actor, "providers.appeal_rating", org_id=rating_row.org_id)
    reason = reason.strip()
    if len(reason) < 5:
        raise _err("reason", "申诉理由至少 5 个字")
    try:
        with transaction.atomic():
            appeal = RatingAppeal.objects.create(rating=rating_row, reason=reason, filed_by=actor)
    except IntegrityError as exc:
        raise Conflict(code="providers.appeal_open", message="该评级已有待处理的申诉") from exc
    audit_record(
        actor=actor,
        action="providers.rating_appeal_file",
        target=appeal,
        org_id=rating_row.org_id,
        after={"rating": rating_row.pk, "reason": reason},
    )
    return appeal


@transaction.atomic
def rating_appeal_decide(
    *, actor: Any, appeal: RatingAppeal, upheld: bool, resolution: str, components: dict[str, Any] | None = None
) -> RatingAppeal:
    """The city decides; an upheld appeal recomputes the scorecard, with corrected manual scores if given."""
    appeal = (
        RatingAppeal.objects.select_for_update(of=("self",)).select_related("rating__org__region").get(pk=appeal.pk)
    )
    org = appeal.rating.org
    require(actor, "providers.rate_provider", region_path=org.region.path)
    if appeal.status != "open":
        raise Conflict(code="providers.appeal_decided", message="该申诉已处理")
    resolution = resolution.strip()
    if not resolution:
        raise _err("resolution", "请填写处理意见")
    if not upheld and components:
        raise _err("components", "申诉不成立时不更正评分")
    before = {"total": appeal.rating.total, "grade": appeal.rating.grade}
    after: dict[str, Any] = {"status": "upheld" if upheld else "dismissed", "resolution": resolution}
    if upheld:
        year = appeal.rating.year
        if components:
            scheme = scheme_of(scheme_active())
            _manual_save(actor=actor, org=org, year=year, scheme=scheme, components=components, note=resolution)
        r = rating_compute(actor=actor, org=org, year=year)
        r.note = f"申诉更正：{resolution}"
        r.save(update_fields=["note"])
        after.update({"total": r.total, "grade": r.grade})
    appeal.status = after["status"]
    appeal.resolution, appeal.decided_by, appeal.decided_at = resolution, actor, timezone.now()
    appeal.save(update_fields=["status", "resolution", "decided_by", "decided_at"])
    _notify(
        org.pk,
        f"评级申诉处理结果：{'申诉成立' if upheld else '申诉不成立'}",
        resolution,
        dedupe_key=f"appeal-{appeal.pk}",
        link="/providers/rating-appeals",
    )
    audit_record(
        actor=actor,
        action="providers.rating_appeal_decide",
        target=appeal,
        region=org.region,
        org_id=org.pk,
        before=before,
        after=after,
    )
    return appeal


# --- complaints ----------------------------------------------------------------------------------------------


@transaction.atomic
def complaint_file(
    *,
    actor: Any,
    provider_id: int,
    title: str,
    content: str,
    project_id: int | None = None,
    enterprise_id: int | None = None,
) -> ProviderComplaint:
    """An enterprise complains about a provider, optionally about one of their projects together."""
    from smedt.projects.models import Project

    require(actor, "providers.file_complaint")
    ids = sorted(user_grants(actor).grant("providers.file_complaint").org_ids)
    if enterprise_id is None:
        if len(ids) != 1:
            raise _err("enterprise_id", "请选择投诉企业")
        enterprise_id = ids[0]
    require(actor, "providers.file_complaint", org_id=enterprise_id)
    enterprise = Organization.objects.filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if enterprise is None:
        raise _err("enterprise_id", "只有企业可以投诉服务商")
    provider = (
        Organization.objects.select_related("region")
        .filter(pk=provider_id, kind=OrgKind.PROVIDER, status=OrgStatus.ACTIVE)
        .first()
    )
    if provider is None:
        raise _err("provider_id", "服务商不存在")
    title, content = title.strip(), content.strip()
    if len(title) < 2:
        raise _err("title", "投诉事项至少 2 个字")
    if len(content) < 10:
        raise _err("content", "投诉内容至少 10 个字，请说明事实经过")
    project_title = ""
    if project_id is not None:
        project = (
            Project.objects.dangerously_unscoped()
            .filter(pk=project_id, enterprise_id=enterprise.pk, provider_id=provider.pk)
            .first()
        )
        if project is None:
            raise _err("project_id", "只能选择本企业与该服务商之间的项目")
        project_title = project.title
    complaint = ProviderComplaint.objects.create(
        enterprise=enterprise,
        provider=provider,
        project_id=project_id,
        project_title=project_title,
        title=title,
        content=content,
        filed_by=actor,
    )
    _notify(
        provider.pk,
        f"收到企业投诉：{title}",
        f"{enterprise.name}对贵单位提出投诉，待主管部门处理。",
        dedupe_key=f"complaint-filed-{complaint.pk}",
        link="/providers/complaints",
    )
    audit_record(
        actor=actor,
        action="providers.complaint_file",
        target=complaint,
        region=provider.region,
        org_id=provider.pk,
        after={"enterprise": enterprise.pk, "title": title, "project": project_id},
    )
    return complaint


@transaction.atomic
def complaint_handle(*, actor: Any, complaint: ProviderComplaint, upheld: bool, opinion: str) -> ProviderComplaint:
    """The city, or the county of the provider's region, rules on a complaint; both parties are told."""
    c = (
        ProviderComplaint.objects.select_for_update(of=("self",))
        .select_related("provider__region", "enterprise")
        .filter(pk=complaint.pk)
        .first()
    )
    if c is None:
        raise NotFound("投诉不存在或无权访问")
    require(actor, "providers.handle_complaint", region_path=c.provider.region.path)
    if c.status != ComplaintStatus.PENDING:
        raise Conflict(code="providers.complaint_handled", message="该投诉已处理")
    opinion = opinion.strip()
    if len(opinion) < 2:
        raise _err("opinion", "请填写处理意见")
    c.status = ComplaintStatus.UPHELD if upheld else ComplaintStatus.DISMISSED
    c.opinion, c.handled_by, c.handled_at = opinion, actor, timezone.now()
    c.save(update_fields=["status", "opinion", "handled_by", "handled_at"])
    label = c.get_status_display()
    for org_id in (c.enterprise_id, c.provider_id):
        _notify(
            org_id,
            f"投诉处理结果：{label}",
            f"{c.title}：{opinion}",
            dedupe_key=f"complaint-handled-{c.pk}-{org_id}",
            link="/providers/complaints",
        )
    audit_record(
        actor=actor,
        action="providers.complaint_handle",
        target=c,
        region=c.provider.region,
        org_id=c.provider_id,
        before={"status": ComplaintStatus.PENDING},
        after={"status": c.status, "opinion": opinion},
    )
    return c
