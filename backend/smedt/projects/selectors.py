"""Reads of the projects module; every one starts from the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smedt.core.errors import NotFound
from smedt.files.models import Attachment
from smedt.orgs.selectors import org_name_q
from smedt.projects import workflow
from smedt.projects.models import Contract, InvestmentItem, LogEntry, Project, ProjectEvent

if TYPE_CHECKING:
    from smedt.projects.signing import TrustedParty


def project_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[Project]:
    qs = Project.objects.visible_to(user, action).select_related("enterprise", "provider", "region")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        qs = qs.filter(region__path__startswith=_region_path(filters.region))
    if filters.provider_id:
        qs = qs.filter(provider_id=filters.provider_id)
    if filters.enterprise_id:
        qs = qs.filter(enterprise_id=filters.enterprise_id)
    if filters.sub_industry:
        qs = qs.filter(sub_industry=filters.sub_industry)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | org_name_q(filters.q, "enterprise"))
    if filters.stage:
        qs = qs.filter(stage_q(filters.stage))
    if filters.signed is True:
        qs = qs.exclude(status__in=sorted(workflow.UNSIGNED))
    elif filters.signed is False:
        qs = qs.filter(status__in=sorted(workflow.UNSIGNED))
    if filters.created_from:
        qs = qs.filter(created_at__gte=_day_start(filters.created_from))
    if filters.created_to:
        qs = qs.filter(created_at__lt=_day_start(filters.created_to + dt.timedelta(days=1)))
    if filters.overdue is True:
        qs = qs.filter(step_due_at__lt=timezone.now()).exclude(status__in=workflow.TERMINAL)
    elif filters.overdue is False:
        qs = qs.filter(Q(step_due_at__isnull=True) | Q(step_due_at__gte=timezone.now()))
    return qs


def stage_q(stage: str) -> Q:
    """Projects in a dashboard stage (workflow.STAGES); an unknown stage matches nothing."""
    if stage not in workflow.STAGES:
        return Q(pk__in=[])
    kind, statuses = workflow.STAGES[stage]
    q = Q(status__in=sorted(statuses))
    return q & Q(kind=kind) if kind else q


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of a local (Asia/Shanghai) day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _region_path(code: str) -> str:
    from smedt.regions.models import Region

    region = Region.objects.filter(code=code).only("path").first()
    return region.path if region else "\x00"


def project_get(*, user: Any, project_id: int, action: str = "view") -> Project:
    project = (
        Project.objects.visible_to(user, action)
        .select_related("enterprise", "provider", "region", "report", "diagnosis", "acceptance_review")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise NotFound("项目不存在或无权访问")
    return project


def project_document_get(*, user: Any, project_id: int, file_id: Any) -> Attachment:
    """One document of a project the user may see: the diagnosis report, an implementation-log attachment,
    an investment invoice or payment proof. Anyone who sees the project reads them (the parties, the
    county and city of its region, experts scoring it), whoever uploaded the file; a file of another
    project — or none of this one — is not found."""
    project = project_get(user=user, project_id=project_id)
    items = InvestmentItem.objects.filter(project_id=project.pk)
    documents = (
        Q(pk__in=LogEntry.attachments.through.objects.filter(logentry__project_id=project.pk).values("attachment_id"))
        | Q(pk__in=items.exclude(invoice_id=None).values("invoice_id"))
        | Q(pk__in=items.exclude(payment_proof_id=None).values("payment_proof_id"))
    )
    if project.report_id is not None:
        documents |= Q(pk=project.report_id)
    att = Attachment.objects.filter(documents, pk=file_id).first()
    if att is None:
        raise NotFound("文件不存在或不属于本项目")
    return att


def contract_get(*, user: Any, contract_id: int) -> Contract:
    contract = (
        Contract.objects.filter(project__in=Project.objects.visible_to(user, "view"), pk=contract_id)
        .select_related("project")
        .first()
    )
    if contract is None:
        raise NotFound("合同不存在或无权访问")
    return contract


def log_entry_get(*, user: Any, entry_id: int) -> LogEntry:
    entry = LogEntry.objects.filter(project__in=Project.objects.visible_to(user, "view"), pk=entry_id).first()
    if entry is None:
        raise NotFound("实施日志不存在或无权访问")
    return entry


def project_timeline(project: Project) -> list[ProjectEvent]:
    return list(project.events.all())


def is_overdue(project: Project) -> bool:
    return bool(
        project.step_due_at and project.step_due_at < timezone.now() and project.status not in workflow.TERMINAL
    )


def waiting_on(project: Project) -> str:
    """Who the project waits for: 企业 / 服务商 / 县区 / 市级 / "" (finished)."""
    if project.status in workflow.TERMINAL:
        return ""
    if project.status in ("filing_review", "acceptance_review"):
        review = project.filing_review if project.status == "filing_review" else project.acceptance_review
        return "市级" if review is not None and review.current_step == 1 else "县区"
    if project.status == "contracting":
        return "双方"
    parties = {party for (src, _), (_, party) in workflow.TRANSITIONS[project.kind].items() if src == project.status}
    return "、".join(
        sorted({"enterprise": "企业", "provider": "服务商"}[p] for p in parties if p in ("enterprise", "provider"))
    )


def project_counts(*, user: Any) -> dict[str, Any]:
    """Counts per kind and status and the overdue count, aggregated in SQL (never a row per project)."""
    qs = Project.objects.visible_to(user, "view")
    now = timezone.now()
    grouped = (
        qs.order_by()
        .values("kind", "status")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(step_due_at__lt=now) & ~Q(status__in=sorted(workflow.TERMINAL))),
        )
        .order_by("kind", "status")
    )
    by_kind = [(r["kind"], r["status"], int(r["n"]), int(r["late"])) for r in grouped]
    return {
        "total": sum(n for _, _, n, _ in by_kind),
        "overdue": sum(late for _, _, _, late in by_kind),
        "by_kind": [
            {"kind": k, "status": s, "status_label": workflow.STATUS_LABELS.get(s, s), "count": n}
            for k, s, n, _ in by_kind
        ],
    }


def accepted_project_count() -> int:
    """Headline for the portal: transformation projects accepted (public figure, no scope)."""
    return Project.objects.dangerously_unscoped().filter(kind="transformation", status="accepted").count()


def contract_bundle(contract: Contract) -> dict[str, Any]:
    """The signature bundle (JSON) of a contract: digest, signatures, public keys (hex and PEM)."""
    from smedt.projects.signing import bundle_build

    sigs = [
        {
            "party": s.party,
            "org_id": str(s.org_id),
            "org_name": s.org.name,
            "signer_name": s.signer_name,
            "signed_at": s.signed_at.isoformat(),
            "public_key": s.public_key,
            "signature": s.signature,
        }
        for s in contract.signatures.select_related("org")
    ]
    return bundle_build(number=contract.number, digest=contract.digest, signatures=sigs)


def contract_trusted_parties(contract: Contract) -> dict[str, TrustedParty]:
    """Party → what the platform vouches for: the organization of the project's enterprise / provider, its
    SM2 public key (OrgKeyPair) and, once it signed, the signer and time recorded then. A recorded signature
    whose key or organization differs from the party's own is reported as a problem, never trusted."""
    from smedt.projects.models import OrgKeyPair
    from smedt.projects.signing import PARTY_LABELS, TrustedParty, normalize_public_key

    project = contract.project
    orgs = {"enterprise": project.enterprise, "provider": project.provider}
    keys = dict(OrgKeyPair.objects.filter(org_id__in=[o.pk for o in orgs.values()]).values_list("org_id", "public_key"))
    recorded = {s.party: s for s in contract.signatures.all()}
    out: dict[str, TrustedParty] = {}
    for party, org in orgs.items():
        key = normalize_public_key(keys[org.pk]) if keys.get(org.pk) else ""
        row = recorded.get(party)
        problem = ""
        if row is not None and row.org_id != org.pk:
            problem = f"平台记录的签署单位不是合同约定的{PARTY_LABELS[party]}"
        elif row is not None and normalize_public_key(row.public_key) != key:
            problem = f"平台记录的签名公钥与{PARTY_LABELS[party]}「{org.name}」的签名公钥不一致"
        out[party] = TrustedParty(
            party=party,
            public_key=key,
            org_name=org.name,
            signer_name=row.signer_name if row is not None else "",
            signed_at=row.signed_at.isoformat() if row is not None else "",
            problem=problem,
        )
    return out


def contract_verify_upload(*, pdf: bytes, bundle_raw: bytes | None, contract_id: int | None) -> dict[str, Any]:
    """Verify an uploaded PDF (and optionally a signatures file) against the platform's record.

    The contract is found BY THE FILE'S SM3 DIGEST only, so the answer names parties and signers only to
    someone holding the exact signed file; any other file gets "not found" and nothing else (a given
    `contract_id` must be that same contract, it never selects one). Each signature — the platform's own or
    one from an uploaded signatures file — is checked against the platform's public key of that party's
    organization, so a self-made signatures file with a foreign key fails.
    """
    from django.conf import settings

    from smedt.core.errors import ValidationFailed
    from smedt.gmcrypto.sm3 import sm3_hex
    from smedt.projects.signing import bundle_parse, contract_verify_bytes, not_found_dict

    if not pdf:
        raise ValidationFailed(
            code="projects.file_empty", message="请上传合同 PDF 文件", details={"fields": {"file": "文件为空"}}
        )
    if len(pdf) > settings.SMEDT_UPLOAD_MAX_BYTES:
        raise ValidationFailed(
            code="projects.file_too_large", message="文件过大", details={"fields": {"file": "文件过大"}}
        )
    bundle = None
    if bundle_raw is not None:
        try:
            bundle = bundle_parse(bundle_raw)
        except ValueError as exc:
            raise ValidationFailed(
                code="projects.bundle_invalid", message=str(exc), details={"fields": {"signatures": str(exc)}}
            ) from None
    digest = sm3_hex(pdf)
    contract = (
        Contract.objects.filter(digest=digest)
        .select_related("project__enterprise", "project__provider")
        .order_by("pk")
        .first()
    )
    if contract is None or (contract_id is not None and contract.pk != contract_id):
        return not_found_dict(digest)
    return contract_verify_bytes(
        pdf,
        bundle if bundle is not None else contract_bundle(contract),
        trusted=contract_trusted_parties(contract),
        expected_digest=contract.digest,
        contract_number=contract.number,
    ).as_dict()


def provider_candidates(*, user: Any, filters: Any) -> QuerySet[Any]:
    """Providers an enterprise may choose: active or warned pool members, filtered by 细分行业 and rating."""
    from django.db.models import OuterRef, Subquery

    from smedt.providers.models import PoolStatus, ProviderPoolMember, ProviderRating
    from smedt.rbac.services import require

    require(user, "projects.start_project")
    latest = ProviderRating.objects.filter(org_id=OuterRef("org_id")).order_by("-year")
    qs = (
        ProviderPoolMember.objects.filter(status__in=[PoolStatus.ACTIVE, PoolStatus.WARNED])
        .select_related("org", "region")
        .annotate(
            rating_year=Subquery(latest.values("year")[:1]),
            rating_total=Subquery(latest.values("total")[:1]),
            rating_grade=Subquery(latest.values("grade")[:1]),
        )
    )
    if filters.sub_industry:
        # list items are plain identifiers; JSON containment is not portable to SQLite
        qs = qs.filter(sub_industries__icontains=f'"{filters.sub_industry}"')
    if filters.min_score is not None:
        qs = qs.filter(rating_total__gte=filters.min_score)
    return qs


def assessment_candidates(*, user: Any, project: Project) -> list[dict[str, Any]]:
    """Assessments of the project's enterprise a party may link (before / after): submitted self-assessments
    and finished on-site ratings, newest first. Only the two parties ask (the provider for the report, the
    enterprise for the acceptance)."""
    from smedt.assessment.models import Assessment, OnsiteRating
    from smedt.core.errors import PermissionDenied
    from smedt.rbac.grants import user_grants

    grants = user_grants(user)
    if not (
        project.enterprise_id in grants.grant("projects.start_project").org_ids
        or project.provider_id in grants.grant("projects.serve_project").org_ids
    ):
        raise PermissionDenied("只有项目双方可以选择关联的评测")
    rows: list[dict[str, Any]] = []
    for source, model in (("self", Assessment), ("onsite", OnsiteRating)):
        qs = (
            model.objects.dangerously_unscoped()
            .filter(org_id=project.enterprise_id, trace__isnull=False)
            .select_related("indicator_set")
            .order_by("-submitted_at", "-id")
        )
        for a in qs[:50]:
            rows.append(
                {
                    "id": a.pk,
                    "source": source,
                    "source_label": "企业自评" if source == "self" else "现场评定",
                    "indicator_set": a.indicator_set.name,
                    "level": a.level,
                    "total_score": a.total_score,
                    "submitted_at": a.submitted_at,
                }
            )
    return rows
