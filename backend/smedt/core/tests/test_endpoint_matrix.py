"""The endpoint matrix: every operation of the one NinjaAPI, checked against the baseline rules.

The operations come from the API's own OpenAPI schema, so a new endpoint joins the matrix by existing:

1. an anonymous visitor gets 401 with the error envelope, unless the operation is in ``PUBLIC``;
2. a signed-in user without any role (``outsider``), sending a body that passes the schema, is refused
   (401/403/404; a scoped list may answer 200 with no row) and changes nothing, unless the operation
   is in ``SELF`` or ``SIGNED_IN``;
3. a read of one county-A / enterprise-A / provider-A object is 403/404 for county B's officer,
   enterprise B's user and another provider's user (and 200 for the object's owner, so the mapping is
   known to be right); every write naming such an object (with a schema-valid body) is 403/404 for
   them and changes nothing;
4. an authorized user sending ``{}`` or a wrongly typed body to a write of enterprises, providers,
   projects or assessment gets a 4xx, never a 500.

One world is built per module (inside a transaction rolled back at the end); each test runs in its
own savepoint on top of it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from config.api import api as ninja_api
from conftest import CITY, COUNTY_A, COUNTY_B, PASSWORD, ApiClient, credit_code_for, load_reference_data
from smedt.core.tests.public_endpoints import PUBLIC, SELF, SIGNED_IN

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROVIDER_REGION = "410771"

# --- the operations ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the template, e.g. /api/projects/{project_id}
    json_body: dict[str, Any] | None = field(default=None, hash=False, compare=False)  # resolved JSON schema
    multipart: dict[str, Any] | None = field(default=None, hash=False, compare=False)
    query: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # required query parameters

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    def __str__(self) -> str:
        return self.key


def _resolve(schema: Any, components: dict[str, Any], depth: int = 0) -> Any:
    """Inline the $refs of a request-body schema (shallow enough for the bodies of this API)."""
    if depth > 8:
        return {}
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _resolve(components[schema["$ref"].rsplit("/", 1)[-1]], components, depth + 1)
        return {k: _resolve(v, components, depth + 1) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_resolve(v, components, depth + 1) for v in schema]
    return schema


def _operations() -> list[Operation]:
    schema = ninja_api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    ops = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            content = op.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            form = content.get("multipart/form-data", {}).get("schema")
            query = {
                p["name"]: _resolve(p["schema"], components)
                for p in op.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            ops.append(
                Operation(
                    method.upper(),
                    path,
                    _resolve(body, components) if body is not None else None,
                    _resolve(form, components) if form is not None else None,
                    query,
                )
            )
    return ops


OPERATIONS = _operations()
BY_KEY = {op.key: op for op in OPERATIONS}
PROTECTED = [op for op in OPERATIONS if op.key not in PUBLIC]
ROLE_ONLY = [op for op in PROTECTED if op.key not in SELF and op.key not in SIGNED_IN]


def test_the_matrix_sees_the_whole_api():
    assert len(OPERATIONS) >= 200, len(OPERATIONS)
    assert len(set(BY_KEY)) == len(OPERATIONS)


def test_the_allow_lists_name_existing_operations():
    """An allow-list entry for an endpoint that no longer exists is removed, not left to rot."""
    assert sorted(set(PUBLIC) - set(BY_KEY)) == []
    assert sorted(set(SELF) - set(BY_KEY)) == []
    assert sorted(set(SIGNED_IN) - set(BY_KEY)) == []
    assert not set(PUBLIC) & set(SELF) and not set(PUBLIC) & set(SIGNED_IN) and not set(SELF) & set(SIGNED_IN)


def test_the_openapi_security_marks_agree_with_the_public_list():
    """Only the listed operations are declared without authentication (auth=None) in the schema."""
    schema = ninja_api.get_openapi_schema()
    unauthenticated = {
        f"{m.upper()} {p}"
        for p, methods in schema["paths"].items()
        for m, op in methods.items()
        if not op.get("security")
    }
    assert sorted(unauthenticated - set(PUBLIC)) == []


# --- the world -----------------------------------------------------------------------------------------


def _org(region: str, kind: str, name: str) -> Any:
    from smedt.orgs.models import Organization, OrgStatus
    from smedt.regions.models import Region

    org = Organization(
        name=name,
        credit_code=credit_code_for(region),
        kind=kind,
        region=Region.objects.get(code=region),
        status=OrgStatus.ACTIVE,
    )
    org.contact_phone = "13800000000"
    org.save()
    return org


def _user(username: str, role: str | None = None, region: str | None = None, org: Any = None) -> Any:
    from smedt.accounts.models import User
    from smedt.rbac.models import Role, RoleAssignment
    from smedt.regions.models import Region

    user = User.objects.create_user(username=username, password=PASSWORD)
    if role:
        RoleAssignment.objects.create(
            user=user,
            role=Role.objects.get(code=role),
            region=Region.objects.get(code=region) if region else None,
            org=org,
        )
    return user


def _upload(user: Any, name: str = "材料.pdf") -> Any:
    from smedt.files.services import attachment_upload

    return attachment_upload(actor=user, upload=SimpleUploadedFile(name, PDF_BYTES, "application/pdf"))


def _build_world() -> dict[str, Any]:
    from smedt.accounts.models import UserSession
    from smedt.assessment.models import ExpertAssignment
    from smedt.assessment.services.indicator_sets import indicator_sets_load
    from smedt.assessment.tests.factories import full_document, make_submitted
    from smedt.dicts.models import DictItem
    from smedt.enterprises.models import EnterpriseProfile, ImportJob, RecruitmentPost
    from smedt.enterprises.tests.conftest import grant_role_defaults
    from smedt.enterprises.tests.factories import make_pilot
    from smedt.identity.models import IdentityBinding, IdentityProvider
    from smedt.notify.models import Message
    from smedt.orgs.models import OrgKind, OrgStatus
    from smedt.orgs.services import ORG_VERIFICATION
    from smedt.portal.tests.conftest import ROLE_CODES
    from smedt.projects.models import Contract, LogEntry, Milestone, Project
    from smedt.providers.models import (
        Product,
        ProviderComplaint,
        ProviderPoolMember,
        ProviderRating,
        RatingAppeal,
    )
    from smedt.rbac.models import Permission, Role
    from smedt.regions.models import Region
    from smedt.reviews.services.requests import review_submit

    load_reference_data()
    grant_role_defaults()
    from django.conf import settings as dj_settings

    from smedt.dicts.services import dicts_load
    from smedt.portal.reference import portal_reference_load

    for role_code, codes in ROLE_CODES.items():
        Role.objects.get(code=role_code).permissions.add(*Permission.objects.filter(code__in=codes))
    dicts_load(path=Path(dj_settings.SMEDT_DICTS_FILE))
    portal_reference_load()

    w: dict[str, Any] = {}
    region_a = Region.objects.get(code=COUNTY_A)
    ent_a = w["enterprise_a"] = _org(COUNTY_A, OrgKind.ENTERPRISE, "红旗矩阵企业")
    w["enterprise_b"] = ent_b = _org(COUNTY_B, OrgKind.ENTERPRISE, "长垣矩阵企业")
    prov_a = w["provider_a"] = _org(PROVIDER_REGION, OrgKind.PROVIDER, "矩阵服务商甲")
    w["provider_b"] = prov_b = _org(PROVIDER_REGION, OrgKind.PROVIDER, "矩阵服务商乙")
    ent_a.industry_code = "C3432"
    ent_a.save(update_fields=["industry_code"])

    users = w["users"] = {
        "sys_admin": _user("sys_admin", "sys_admin"),
        "city_admin": _user("city_admin", "city_admin", CITY),
        "county_a_officer": _user("county_a_officer", "county_officer", COUNTY_A),
        "county_b_officer": _user("county_b_officer", "county_officer", COUNTY_B),
        "enterprise_a_user": _user("enterprise_a_user", "enterprise_user", org=ent_a),
        "enterprise_b_user": _user("enterprise_b_user", "enterprise_user", org=ent_b),
        "provider_user": _user("provider_user", "provider_user", org=prov_a),
        "provider_b_user": _user("provider_b_user", "provider_user", org=prov_b),
        "expert": _user("expert", "expert"),
        "outsider": _user("outsider"),
    }
    ent_user, prov_user, officer_a = users["enterprise_a_user"], users["provider_user"], users["county_a_officer"]
    now = timezone.now()

    ids: dict[str, Any] = {}
    # kernel
    ids["user_id"] = ent_user.pk
    ids["expert_id"] = users["expert"].pk
    ids["provider_org_id"] = prov_a.pk
    ids["role_id"] = Role.objects.get(code="county_officer").pk
    ids["region_code"] = COUNTY_A
    item = DictItem.objects.select_related("dict_type").first()
    ids["dict_code"], ids["item_id"] = item.dict_type.code, item.pk
    ids["message_id"] = Message.objects.create(recipient=ent_user, title="矩阵消息").pk
    pending = _org(COUNTY_A, OrgKind.ENTERPRISE, "红旗待认证企业")
    pending.status = OrgStatus.PENDING
    pending.save(update_fields=["status"])
    ids["review_id"] = review_submit(
        process_key=ORG_VERIFICATION,
        target=pending,
        title="企业注册认证：红旗待认证企业",
        region=region_a,
        org=pending,
        submitted_by=_user("pending_user", "enterprise_user", org=pending),
    ).pk
    attachment = _upload(ent_user)
    ids["file_id"] = attachment.pk
    session = UserSession.objects.create(user=ent_user, session_key_hash="0" * 64)
    ids["session_id"] = session.pk
    # assessment
    indicator_set = indicator_sets_load()[0].indicator_set
    ids["indicator_set_id"] = indicator_set.pk
    doc = full_document(indicator_set, best=False)
    assessment = make_submitted(org=ent_a, indicator_set=indicator_set, doc=doc, user=ent_user)
    ids["assessment_id"] = assessment.pk
    ids["onsite_rating_id"] = make_submitted(
        org=ent_a, indicator_set=indicator_set, doc=doc, user=officer_a, onsite=True
    ).pk
    ids["assignment_id"] = ExpertAssignment.objects.create(
        expert=users["expert"], org=ent_a, region=region_a, assigned_by=officer_a
    ).pk
    # identity
    idp = IdentityProvider.objects.create(slug="matrix-idp", name="矩阵身份源", protocol="oidc")
    ids["idp_id"], ids["slug"] = idp.pk, idp.slug
    ids["binding_id"] = IdentityBinding.objects.create(
        provider=idp, subject="matrix-subject", user=ent_user, person_type="natural"
    ).pk
    # enterprises
    ids["org_id"] = ent_a.pk
    EnterpriseProfile.objects.get_or_create(org=ent_a)
    ids["year"] = 2025
    ids["job_id"] = ImportJob.objects.create(
        file=_upload(officer_a, "导入.pdf"), region=region_a, created_by=officer_a
    ).pk
    # exports: an export job of the county A officer (its owner only reads and downloads it)
    from smedt.exports.models import ExportJob

    ids["export_id"] = ExportJob.objects.create(kind="insights_progress", created_by=officer_a).pk
    ids["pilot_id"] = make_pilot(ent_a).pk
    ids["post_id"] = RecruitmentPost.objects.create(
        org=ent_a,
        title="矩阵招聘",
        contact_name="王",
        contact_phone="13800000000",
        valid_until=dt.date.today() + dt.timedelta(days=30),
        created_by=ent_user,
    ).pk
    # providers
    member = ProviderPoolMember.objects.create(
        org=prov_a, region=prov_a.region, provider_type="integrator", sub_industries=["auto_parts"]
    )
    ids["member_id"] = member.pk
    ids["product_id"] = Product.objects.create(
        org=prov_a, name="矩阵产品", deployment_mode="saas", list_price=Decimal("1000.00")
    ).pk
    rating = ProviderRating.objects.create(
        org=prov_a, year=2025, total=Decimal("88.00"), grade="四星", scheme_version="t"
    )
    ids["provider_rating_id"] = rating.pk
    ids["appeal_id"] = RatingAppeal.objects.create(rating=rating, reason="矩阵申诉").pk
    ids["complaint_id"] = ProviderComplaint.objects.create(
        enterprise=ent_a, provider=prov_a, title="矩阵投诉", content="矩阵投诉内容", filed_by=ent_user
    ).pk
    # portal
    from smedt.portal.services import announcements as ann
    from smedt.portal.services import cases
    from smedt.portal.services import supply_demand as sd

    ids["announcement_id"] = ann.announcement_create(
        actor=officer_a, category="policy", title="矩阵公告", region_code=COUNTY_A, body="<p>正文</p>"
    ).pk
    ids["case_id"] = cases.case_create(
        actor=officer_a, region_code=COUNTY_A, data={"title": "矩阵案例", "enterprise_name": "红旗矩阵企业"}
    ).pk
    ids["need_id"] = sd.need_create(
        actor=ent_user, org_id=ent_a.pk, title="矩阵需求", problem="生产计划靠手工排", scenario_code="S05"
    ).pk
    ids["offer_id"] = sd.offer_create(
        actor=prov_user, org_id=prov_a.pk, title="矩阵供给", description="排产系统", scenario_codes=["S05"]
    ).pk
    # projects
    report = _upload(prov_user, "诊断报告.pdf")
    project = Project.objects.create(
        kind="diagnosis",
        title="矩阵诊断项目",
        enterprise=ent_a,
        provider=prov_a,
        region=region_a,
        amount=Decimal("100000.00"),
        status="diagnosing",
        report=report,
        created_by=ent_user,
    )
    ids["project_id"], ids["project_file_id"] = project.pk, report.pk
    ids["contract_id"] = Contract.objects.create(
        project=project, number="HT-MATRIX-0001", pdf=PDF_BYTES, digest="0" * 64, size=len(PDF_BYTES), rendered_at=now
    ).pk
    ids["milestone_id"] = Milestone.objects.create(project=project, name="上线", planned_date=dt.date.today()).pk
    ids["entry_id"] = LogEntry.objects.create(project=project, org=prov_a, author=prov_user, content="矩阵日志").pk
    # applications (申报): a city template and campaign addressed to county A, enterprise A's submission
    from smedt.applications.models import SubmissionObjection
    from smedt.applications.services import campaigns as app_campaigns
    from smedt.applications.services import submissions as app_submissions
    from smedt.applications.services import templates as app_templates
    from smedt.applications.tests.forms import award_form

    city = users["city_admin"]
    version = app_templates.template_create(actor=city, name="矩阵申报模板", schema=award_form())
    app_templates.template_version_publish(actor=city, version=version)
    ids["template_id"], ids["version_id"] = version.template_id, version.pk
    campaign = app_campaigns.campaign_create(
        actor=city,
        values={
            "name": "矩阵申报批次",
            "template_version_id": version.pk,
            "opens_at": now - dt.timedelta(hours=1),
            "closes_at": now + dt.timedelta(days=5),
            "quota": 3,
            "region_codes": [COUNTY_A],
        },
    )
    campaign = app_campaigns.campaign_open(actor=city, campaign=campaign)
    ids["campaign_id"] = campaign.pk
    submission = app_submissions.submission_create(
        actor=ent_user, campaign=campaign, template_version_id=version.pk, data={"contact": "矩阵"}
    )
    ids["submission_id"] = submission.pk
    ids["app_objection_id"] = SubmissionObjection.objects.create(content="矩阵异议", application=submission).pk

    # cultivation
    from smedt.cultivation.models import LibraryEntry
    from smedt.cultivation.services.criteria import criteria_sets_load
    from smedt.cultivation.services.library import recognition_record
    from smedt.cultivation.services.self_assessment import self_assessment_run

    criteria_sets_load()
    ids["version"], ids["key"] = "v2022", "expiry_reminder_days"
    ids["sa_id"] = self_assessment_run(actor=ent_user, org_id=ent_a.pk, answers={"segment_years": 3}).pk
    ids["recognition_id"] = recognition_record(
        actor=users["city_admin"],
        org_id=ent_a.pk,
        tier="innovative",
        certificate_no="MATRIX-1",
        recognized_on="2025-06-01",
    ).pk
    ids["library_entry_id"] = LibraryEntry.objects.get(org=ent_a).pk
    # funds: county A's matching funds, allocated and committed to enterprise A
    from smedt.funds import services as funds_services
    from smedt.regions.models import Region as FundsRegion

    fund_source = funds_services.source_create(
        actor=city,
        kind="county",
        name="矩阵配套资金",
        year=2026,
        amount="1000",
        region=FundsRegion.objects.get(code=COUNTY_A),
    )
    fund_line = funds_services.line_create(actor=city, source=fund_source, purpose="transformation", name="矩阵科目")
    funds_services.entry_allocate(actor=city, line=fund_line, amount="500")
    fund_commit = funds_services.entry_commit(actor=city, line=fund_line, enterprise=ent_a, amount="100")
    ids["source_id"], ids["line_id"] = fund_source.pk, fund_line.pk
    ids["commitment_id"], ids["funds_entry_id"] = fund_commit.commitment_id, fund_commit.pk
    from smedt.funds.models import SubsidyClaim

    ids["claim_id"] = SubsidyClaim.objects.create(
        submission=submission,
        enterprise=ent_a,
        region=submission.region,
        eligible_investment="200.00",
        amount="100.00",
        commitment=fund_commit.commitment,
    ).pk
    # reporting: a queued record for the national platform (county A) and a draft 绩效 snapshot of the city
    from smedt.reporting.models import OutboxRecord, PerformanceSnapshot

    ids["record_id"] = OutboxRecord.objects.create(
        kind="pilot_enterprise",
        object_ref="MATRIX",
        title="矩阵企业",
        region=FundsRegion.objects.get(code=COUNTY_A),
        idempotency_key="matrix-record",
        timestamp="2026-01-01T00:00:00+0800",
        body="{}",
        algorithm="hmac-sm3",
        signature="",
        status="failed",
    ).pk
    ids["snapshot_id"] = PerformanceSnapshot.objects.create(
        region=FundsRegion.objects.get(code=CITY), period="2026-Q1", status="draft", created_by=city, data={}
    ).pk
    # policies: a city draft (counties and enterprises do not see drafts)
    from smedt.policies.services.policy import policy_create

    ids["policy_id"] = policy_create(
        actor=city,
        values={
            "title": "矩阵政策",
            "issuer": "市工信局",
            "level": "city",
            "department": "miit",
            "support_type": "subsidy",
        },
        region_code=CITY,
    ).pk
    # industry: enterprise A on the lifting-equipment chain with a submitted report and an import job
    from smedt.files.models import Attachment as IndustryAttachment
    from smedt.industry import services as industry_services
    from smedt.industry.models import Chain as IndustryChain
    from smedt.industry.models import ReportImport

    industry_services.chains_load(region_code=CITY)
    chain = IndustryChain.objects.get(code="lifting_equipment")
    link = chain.links.get(stage="midstream")
    ids["chain_id"], ids["link_id"] = chain.pk, link.pk
    ids["member_id"] = industry_services.member_add(
        actor=city, chain=chain, org_id=ent_a.pk, link_id=link.pk, role="model", transformed_on=None
    ).pk
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    industry_report = industry_services.report_save(
        actor=ent_user, org_id=ent_a.pk, period=last_month, values=[industry_services.ValueIn("revenue", "100")]
    )
    ids["report_id"] = industry_services.report_submit(actor=ent_user, report=industry_report).pk
    ids["import_id"] = ReportImport.objects.create(
        org=ent_a, file=IndustryAttachment.objects.get(pk=ids["file_id"]), created_by=ent_user
    ).pk
    # 产业链场景库: a published scenario enterprise A raised a need from, a candidate problem, an aggregate run
    from smedt.industry import scenarios as scenario_services
    from smedt.industry.scenario_models import ScenarioCandidate, ScenarioRun

    scenario = scenario_services.scenario_create(
        actor=city,
        chain=chain,
        link_id=link.pk,
        code="weld_trace_matrix",
        title="焊接质量追溯",
        description="焊缝质量无法追溯",
        scenes=["S07"],
        keywords=["焊接"],
        status="published",
    )
    scenario_services.scenario_need_raise(actor=ent_user, scenario=scenario, org_id=ent_a.pk)
    ids["scenario_id"] = scenario.pk
    ids["candidate_id"] = ScenarioCandidate.objects.create(chain=chain, link=link, scene="S08", enterprise_count=1).pk
    ids["run_id"] = ScenarioRun.objects.create(region=chain.region, created_by=city).pk
    # a queued background task
    from django_tasks_db.models import DBTaskResult

    from smedt.enterprises.tasks import run_enterprise_import

    run_enterprise_import.enqueue(job_id=ids["job_id"])
    ids["task_id"] = DBTaskResult.objects.latest("enqueued_at").pk
    w["ids"] = ids
    return w


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """One world for the module, built and signed in once, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = _build_world()
            w["clients"] = {name: ApiClient(user) for name, user in w["users"].items()}
            w["clients"]["anonymous"] = ApiClient()
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def clients(world: dict[str, Any], db: Any) -> Iterator[dict[str, ApiClient]]:
    """The signed-in clients; their cookies are put back after each test (a logout must not leak)."""
    saved = {name: copy.deepcopy(c.client.cookies) for name, c in world["clients"].items()}
    yield world["clients"]
    for name, c in world["clients"].items():
        c.client.cookies = saved[name]


# --- filling the path parameters -----------------------------------------------------------------------

# parameters whose meaning depends on the path
_BY_PATH: dict[tuple[str, str], str] = {
    ("/api/regions/", "code"): "region_code",
    ("/api/dicts/", "code"): "dict_code",
    ("/api/assessment/onsite-ratings/", "rating_id"): "onsite_rating_id",
    ("/api/providers/ratings/", "rating_id"): "provider_rating_id",
    ("/api/identity/providers/", "provider_id"): "idp_id",
    ("/api/applications/", "objection_id"): "app_objection_id",
    ("/api/projects/", "file_id"): "project_file_id",
    ("/api/cultivation/", "entry_id"): "library_entry_id",
    ("/api/funds/", "entry_id"): "funds_entry_id",
}
_ACTIONS = {"/api/providers/pool/": "suspend", "/api/projects/": "confirm"}


def fill(op: Operation, ids: dict[str, Any]) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "action":
            return next(v for prefix, v in _ACTIONS.items() if op.path.startswith(prefix))
        key = next((k for (prefix, p), k in _BY_PATH.items() if p == name and op.path.startswith(prefix)), name)
        return str(ids[key])

    return re.sub(r"{(\w+)}", value, op.path)


# --- bodies that pass the schema, so a request reaches the permission check -------------------------------

# values for body/query fields by name (ids of the world's county-A / enterprise-A / provider-A objects)
_FIELD_IDS = {
    "org_id": "org_id",
    "enterprise_id": "org_id",
    "provider_id": "provider_org_id",
    "expert_id": "expert_id",
    "user_id": "user_id",
    "role_id": "role_id",
    "project_id": "project_id",
    "contract_id": "contract_id",
    "assessment_id": "assessment_id",
    "indicator_set_id": "indicator_set_id",
    "a": "assessment_id",
    "b": "assessment_id",
}
_FIELD_TEXT = {
    "region_code": COUNTY_A,
    "scenario_code": "S05",
    "sub_industry": "auto_parts",
    "provider_type": "integrator",
    "deployment_mode": "saas",
    "mobile": "13800000000",
    "phone": "13800000000",
    "contact_phone": "13800000000",
    "password": "Strong@2026pass",
    "new_password": "Strong@2026pass",
    "old_password": PASSWORD,
}


# the same field name meaning something else under a path prefix
_FIELD_BY_PATH: dict[tuple[str, str], str] = {
    ("/api/providers/", "org_id"): "provider_org_id",
    ("/api/portal/offers", "org_id"): "provider_org_id",
    ("/api/projects", "kind"): "=diagnosis",
}


def sample_body(op: Operation, schema: Any, ids: dict[str, Any]) -> Any:
    value = sample(schema, ids)
    if isinstance(value, dict):
        for (prefix, name), source in _FIELD_BY_PATH.items():
            if name in value and op.path.startswith(prefix):
                value[name] = source[1:] if source.startswith("=") else ids[source]
    return value


def sample(schema: Any, ids: dict[str, Any], name: str = "") -> Any:
    """A value that satisfies `schema` (required fields only), with real ids where the name says so."""
    if not isinstance(schema, dict):
        return None
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return sample(options[0], ids, name) if options else None
    if "allOf" in schema:
        return sample(schema["allOf"][0], ids, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    fmt = schema.get("format", "")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        wanted = [k for k in props if k in schema.get("required", []) or k in _FIELD_IDS]
        return {k: sample(props[k], ids, k) for k in wanted}
    if kind == "array":
        return [sample(schema.get("items", {}), ids, name) for _ in range(schema.get("minItems", 0))]
    if kind == "boolean":
        return True
    if kind == "integer":
        if name in _FIELD_IDS:
            return ids[_FIELD_IDS[name]]
        return max(int(schema.get("minimum", 1)), 1) if "maximum" not in schema else schema["maximum"]
    if kind == "number":
        return "1"
    if kind == "string":
        if fmt == "date":
            return dt.date.today().isoformat()
        if fmt == "date-time":
            return timezone.now().isoformat()
        if fmt == "uuid":
            return str(ids["file_id"])
        if "pattern" in schema:
            m = re.fullmatch(r"\^\((\w+)\|.*", schema["pattern"])
            return m.group(1) if m else "matrix_code"
        if name in _FIELD_TEXT:
            return _FIELD_TEXT[name]
        if name.endswith("_id") and name in _FIELD_IDS:
            return str(ids[_FIELD_IDS[name]])
        return "测试" * max(1, (int(schema.get("minLength", 0)) + 1) // 2)
    return None


_VALID = object()  # marker: send a body built by `sample`


def call(client: ApiClient, op: Operation, ids: dict[str, Any], body: Any = _VALID) -> Any:
    url = fill(op, ids)
    method = op.method.lower()
    if method == "get":
        return client.get(url, {k: sample(v, ids, k) for k, v in op.query.items()})
    if method == "delete":
        return client.delete(url)
    if op.multipart is not None and body is _VALID:
        form = {k: v for k, v in sample_body(op, op.multipart, ids).items() if k != "file"}
        form["file"] = SimpleUploadedFile("材料.pdf", PDF_BYTES, "application/pdf")
        return getattr(client.client, method)(url, form)
    if body is _VALID:
        body = sample_body(op, op.json_body, ids) if op.json_body is not None else {}
    return getattr(client, method)(url, body)


def _ids(ops: list[Operation]) -> list[str]:
    return [op.key for op in ops]


def _envelope(res: Any) -> dict[str, Any]:
    body = res.json()
    assert set(body) == {"code", "message", "details"}, body
    return body  # type: ignore[no-any-return]


# --- rule 1: anonymous ---------------------------------------------------------------------------------


@pytest.mark.parametrize("op", PROTECTED, ids=_ids(PROTECTED))
def test_an_anonymous_visitor_gets_401(clients, world, op):
    res = call(clients["anonymous"], op, world["ids"])

    assert res.status_code == 401, (res.status_code, res.content[:300])
    assert _envelope(res) == {"code": "not_authenticated", "message": "请先登录", "details": {}}


PUBLIC_OPS = [BY_KEY[k] for k in PUBLIC if k in BY_KEY]


@pytest.mark.parametrize("op", PUBLIC_OPS, ids=_ids(PUBLIC_OPS))
def test_a_public_operation_never_fails_an_anonymous_visitor_with_500(clients, world, op):
    res = call(clients["anonymous"], op, world["ids"])

    assert res.status_code < 500, (res.status_code, res.content[:300])


# --- rule 2: signed in without any role ------------------------------------------------------------------

REFUSED = {401, 403, 404}


def _shows_nothing(res: Any) -> bool:
    """A scoped list (or its counts) answering 200 with no row at all is a refusal too."""
    if res.status_code != 200 or not res.get("Content-Type", "").startswith("application/json"):
        return False
    body = res.json()
    if isinstance(body, dict) and "items" in body:
        return body["items"] == [] and body.get("total", 0) == 0
    return isinstance(body, dict) and body.get("total") == 0 and not any(body.get("by_kind", []))


def _row_counts() -> dict[str, int]:
    from smedt.accounts.models import User
    from smedt.audit.models import AuditRecord
    from smedt.files.models import Attachment
    from smedt.notify.models import Message
    from smedt.orgs.models import Organization
    from smedt.projects.models import Project
    from smedt.reviews.models import ReviewAction, ReviewRequest

    models = (AuditRecord, User, Organization, Project, ReviewRequest, ReviewAction, Message, Attachment)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.parametrize("op", ROLE_ONLY, ids=_ids(ROLE_ONLY))
def test_a_user_without_a_role_is_refused_and_changes_nothing(clients, world, op):
    before = _row_counts()

    res = call(clients["outsider"], op, world["ids"])

    if op.method == "GET" and _shows_nothing(res):
        return
    assert res.status_code in REFUSED, (res.status_code, res.content[:300])
    _envelope(res)
    assert _row_counts() == before


SELF_OPS = [BY_KEY[k] for k in (*SELF, *SIGNED_IN)]


@pytest.mark.parametrize("op", SELF_OPS, ids=_ids(SELF_OPS))
def test_a_self_operation_works_for_a_user_without_a_role(clients, world, op):
    res = call(clients["outsider"], op, world["ids"])

    assert res.status_code < 500, (res.status_code, res.content[:300])
    if op.method == "GET":
        assert res.status_code == 200, (res.status_code, res.content[:300])


# --- rule 3: one county / enterprise / provider cannot read another's object -----------------------------

# every GET with an id parameter, with the persona that owns (or administers) the world's object; None
# skips the owner's positive check where the answer is an expensive rendering (PDF, zip)
SCOPED_READS: dict[str, str | None] = {
    "GET /api/users/{user_id}": "sys_admin",
    "GET /api/orgs/{org_id}": "county_a_officer",
    "GET /api/reviews/{review_id}": "county_a_officer",
    "GET /api/reviews/{review_id}/materials": "county_a_officer",
    # the world's file is not one of the review's materials: 404 for everyone (materials test covers the owner)
    "GET /api/reviews/{review_id}/attachments/{file_id}": None,
    "GET /api/files/{file_id}": "enterprise_a_user",
    "GET /api/files/{file_id}/download": "enterprise_a_user",
    "GET /api/tasks/{task_id}": "sys_admin",
    "GET /api/assessment/assessments/{assessment_id}": "enterprise_a_user",
    "GET /api/assessment/assessments/{assessment_id}/result": "enterprise_a_user",
    "GET /api/assessment/assessments/{assessment_id}/peers": "enterprise_a_user",
    "GET /api/assessment/assessments/{assessment_id}/report.pdf": None,
    "GET /api/assessment/orgs/{org_id}/history": "enterprise_a_user",
    "GET /api/assessment/onsite-ratings/{rating_id}": "county_a_officer",
    "GET /api/assessment/onsite-ratings/{rating_id}/result": "county_a_officer",
    "GET /api/assessment/onsite-ratings/{rating_id}/report.pdf": None,
    "GET /api/identity/providers/{provider_id}": "sys_admin",
    "GET /api/enterprises/profiles/{org_id}": "enterprise_a_user",
    "GET /api/enterprises/imports/{job_id}": "county_a_officer",
    "GET /api/enterprises/pilots/{pilot_id}": "county_a_officer",
    "GET /api/enterprises/pilots/{pilot_id}/archive": None,
    "GET /api/providers/ratings/{rating_id}": "provider_user",
    "GET /api/providers/appeals/{appeal_id}": "provider_user",
    "GET /api/providers/complaints/{complaint_id}": "enterprise_a_user",
    "GET /api/providers/pool/{member_id}": "provider_user",
    "GET /api/portal/announcements/{announcement_id}": "county_a_officer",
    "GET /api/portal/cases/{case_id}": "county_a_officer",
    "GET /api/portal/needs/{need_id}": "enterprise_a_user",
    "GET /api/portal/offers/{offer_id}": "provider_user",
    "GET /api/projects/contracts/{contract_id}/contract.pdf": "enterprise_a_user",
    "GET /api/projects/contracts/{contract_id}/signatures.json": "enterprise_a_user",
    "GET /api/projects/{project_id}": "enterprise_a_user",
    "GET /api/projects/{project_id}/files/{file_id}": "enterprise_a_user",
    "GET /api/projects/{project_id}/assessments": "enterprise_a_user",
    "GET /api/applications/templates/{template_id}": "city_admin",
    "GET /api/applications/campaigns/{campaign_id}/prefill": "enterprise_a_user",
    "GET /api/applications/submissions/{submission_id}": "enterprise_a_user",
    "GET /api/applications/submissions/{submission_id}/pdf": None,
    "GET /api/cultivation/self-assessments/{sa_id}": "enterprise_a_user",
    "GET /api/cultivation/self-assessments/{sa_id}/report.pdf": None,
    "GET /api/cultivation/library/{entry_id}": "county_a_officer",
    "GET /api/cultivation/planner/{org_id}": "county_a_officer",
    "GET /api/exports/{export_id}": "county_a_officer",
    "GET /api/exports/{export_id}/download": None,  # not written yet: 409 for the owner
    "GET /api/funds/subsidies/{claim_id}": "enterprise_a_user",
    "GET /api/reporting/outbox/{record_id}": "city_admin",
    "GET /api/reporting/snapshots/{snapshot_id}": "city_admin",
    "GET /api/reporting/snapshots/{snapshot_id}/export.json": "city_admin",
    "GET /api/reporting/snapshots/{snapshot_id}/export.xlsx": None,
    "GET /api/policies/{policy_id}": "city_admin",
    "GET /api/policies/{policy_id}/run": "city_admin",
    "GET /api/policies/{policy_id}/versions": "city_admin",
    "GET /api/policies/{policy_id}/stats": "city_admin",
    "GET /api/policies/{policy_id}/matches": None,  # a draft has no match rows yet
    "GET /api/policies/{policy_id}/pushes": None,  # a draft has no push campaigns yet
    "GET /api/industry/chains/{chain_id}/members": "county_a_officer",
    "GET /api/industry/reports/{report_id}": "enterprise_a_user",
    "GET /api/industry/imports/{import_id}": "enterprise_a_user",
    "GET /api/industry/benchmark/{org_id}": "enterprise_a_user",
    "GET /api/industry/profiles/enterprises/{org_id}": "enterprise_a_user",
    "GET /api/industry/scenarios/{scenario_id}/reporters": "county_a_officer",
    "GET /api/industry/scenario-runs/{run_id}": "city_admin",
}
OTHERS = ("county_b_officer", "enterprise_b_user", "provider_b_user")

# GETs with an id parameter that are not about one county's / enterprise's / provider's object
NOT_SCOPED: dict[str, str] = {
    "GET /api/assessment/indicator-sets/{indicator_set_id}/definition": "the indicator set, the same for everyone",
    "GET /api/cultivation/criteria/{version}": "the national criteria and their settings, the same for everyone",
    # a campaign is the city's call for applications: every officer under the city reads it (read only);
    # its export (kind campaign_submissions) lists only the submissions in the reader's scope
    "GET /api/applications/campaigns/{campaign_id}": "a city's campaign, read by the officers under the city",
    "GET /api/policies/mine/{policy_id}": "the caller's own match of a published policy (rows narrowed to its org)",
    "GET /api/industry/chains/{chain_id}": "the city's chain and its links, read by every county and enterprise in it",
    "GET /api/industry/chains/{chain_id}/results": "the chain's results, narrowed to the reader's county inside "
    "(industry/tests/test_analytics.py)",
    "GET /api/industry/scenarios/{scenario_id}": "a city's published scenario, read by everyone in the city; the "
    "reporting enterprises' names are behind .../reporters (scoped)",
}
# GETs with an id parameter the matrix could not map to a world object (keep empty: map new ones above)
UNMAPPED: set[str] = set()


def test_every_read_of_one_object_is_in_the_scope_matrix():
    reads = {op.key for op in OPERATIONS if op.method == "GET" and op.params}
    declared = set(SCOPED_READS) | set(NOT_SCOPED) | UNMAPPED | set(PUBLIC) | set(SIGNED_IN)
    assert sorted(reads - declared) == [], "map the new endpoint in SCOPED_READS (or explain it in NOT_SCOPED)"
    assert sorted(set(SCOPED_READS) - reads) == []


SCOPE_CASES = [(BY_KEY[key], who) for key in SCOPED_READS for who in OTHERS]


@pytest.mark.parametrize(("op", "who"), SCOPE_CASES, ids=[f"{who}:{op.key}" for op, who in SCOPE_CASES])
def test_another_county_enterprise_or_provider_cannot_read_the_object(clients, world, op, who):
    res = call(clients[who], op, world["ids"])

    if _shows_nothing(res):  # a history list of the object's org: scoped rows, none of them visible
        return
    assert res.status_code in (403, 404), (res.status_code, res.content[:300])
    _envelope(res)


OWNER_CASES = [(BY_KEY[key], owner) for key, owner in SCOPED_READS.items() if owner]


@pytest.mark.parametrize(("op", "who"), OWNER_CASES, ids=[f"{who}:{op.key}" for op, who in OWNER_CASES])
def test_the_owner_reads_the_object(clients, world, op, who):
    """The control for the test above: the ids really name objects the owner sees."""
    res = call(clients[who], op, world["ids"])

    assert res.status_code == 200, (res.status_code, res.content[:300])
    if res.get("Content-Type", "").startswith("application/json") and isinstance(res.json(), dict):
        assert res.json().get("items", [None]) != [], res.content[:300]


# the slug names the identity provider, which belongs to no county: linking is about the signed-in user
_NOT_ABOUT_AN_OBJECT = {"POST /api/identity/{slug}/link"}
SCOPED_WRITES = [
    op
    for op in OPERATIONS
    if op.method != "GET" and op.params and op.key not in PUBLIC and op.key not in _NOT_ABOUT_AN_OBJECT
]
WRITE_SCOPE_CASES = [(op, who) for op in SCOPED_WRITES for who in OTHERS]


@pytest.mark.parametrize(("op", "who"), WRITE_SCOPE_CASES, ids=[f"{who}:{op.key}" for op, who in WRITE_SCOPE_CASES])
def test_another_county_enterprise_or_provider_cannot_change_the_object(clients, world, op, who):
    """Every write naming a county-A / enterprise-A / provider-A object (or an administrator's object),
    with a body that passes the schema, is refused to county B, enterprise B and another provider."""
    before = _row_counts()

    res = call(clients[who], op, world["ids"])

    assert res.status_code in (403, 404), (res.status_code, res.content[:300])
    _envelope(res)
    assert _row_counts() == before


# --- bad input: {} or wrongly typed bodies are a 4xx, never a 500 ------------------------------------------

BAD_INPUT_OWNERS = {
    "/api/enterprises/": "enterprise_a_user",
    "/api/providers/": "provider_user",
    "/api/projects": "enterprise_a_user",
    "/api/assessment/": "enterprise_a_user",
    "/api/cultivation/": "enterprise_a_user",
    "/api/industry/": "enterprise_a_user",
}
WRITES = [
    op
    for op in OPERATIONS
    if op.method in ("POST", "PUT", "PATCH")
    and op.json_body is not None
    and any(op.path.startswith(prefix) for prefix in BAD_INPUT_OWNERS)
]
BAD_INPUT_CASES = [
    (op, who)
    for op in WRITES
    for who in ("city_admin", next(v for k, v in BAD_INPUT_OWNERS.items() if op.path.startswith(k)))
]
if any(op.path.startswith("/api/projects") for op in WRITES):
    BAD_INPUT_CASES += [(op, "provider_user") for op in WRITES if op.path.startswith("/api/projects")]


def _wrong(schema: Any) -> Any:
    """A value of the wrong type for `schema`."""
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"] if isinstance(schema, dict) else []
    if options and all(o.get("type") == "object" or "properties" in o for o in options):
        return "不是对象"
    return {"bad": [1]}


def wrongly_typed(schema: dict[str, Any]) -> Any:
    props = schema.get("properties", {})
    return {k: _wrong(v) for k, v in props.items()} if props else ["不是对象"]


def _case_ids(cases: list[tuple[Operation, str]]) -> list[str]:
    return [f"{who}:{op.key}" for op, who in cases]


@pytest.mark.parametrize(("op", "who"), BAD_INPUT_CASES, ids=_case_ids(BAD_INPUT_CASES))
def test_an_empty_body_is_refused_or_harmless_never_a_500(clients, world, op, who):
    before = _row_counts()

    res = call(clients[who], op, world["ids"], body={})

    assert res.status_code < 500, (res.status_code, res.content[:300])
    if op.json_body and op.json_body.get("required"):
        assert 400 <= res.status_code < 500, (res.status_code, res.content[:300])
    if res.status_code >= 400:
        _envelope(res)
        assert _row_counts() == before


@pytest.mark.parametrize(("op", "who"), BAD_INPUT_CASES, ids=_case_ids(BAD_INPUT_CASES))
def test_a_wrongly_typed_body_is_a_4xx(clients, world, op, who):
    before = _row_counts()

    res = call(clients[who], op, world["ids"], body=wrongly_typed(op.json_body or {}))

    assert res.status_code in (400, 403, 404, 409, 422), (res.status_code, res.content[:300])
    _envelope(res)
    assert _row_counts() == before
