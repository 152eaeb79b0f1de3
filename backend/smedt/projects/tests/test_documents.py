"""Project documents (diagnosis report, implementation-log attachments, invoices, payment proofs) are read
through the project: everyone who sees the project reads them, whoever uploaded the file; nobody else does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.core.tests.helpers import assert_error
from smedt.projects.models import AcceptanceScore, InvestmentItem, LogEntry, Project
from smedt.projects.tests.conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _project(enterprise: Any, provider: Any, kind: str, status: str, **extra: Any) -> Project:
    return Project.objects.create(
        kind=kind, title=f"{kind} 项目", enterprise=enterprise, provider=provider, region=enterprise.region,
        amount=Decimal("100000.00"), status=status, **extra,
    )  # fmt: skip


@pytest.fixture
def docs(world: Any, provider_org: Any) -> dict[str, Any]:
    """A diagnosis project with the provider's report; a transformation project with a provider's log
    attachment and the enterprise's invoice and payment proof."""
    ent, prov = world["enterprise"], world["provider"]
    org = world["pilot"].org
    report = upload(prov, "诊断报告.pdf", PDF_BYTES * 2)
    diagnosis = _project(org, provider_org, "diagnosis", "report_submitted", report_id=report)
    transformation = _project(org, provider_org, "transformation", "implementing")
    log_file, invoice, proof = upload(prov, "实施日志.pdf"), upload(ent, "发票.pdf"), upload(ent, "付款凭证.pdf")
    entry = LogEntry.objects.create(project=transformation, org=provider_org, author=prov, content="设备联网")
    entry.attachments.set([log_file])
    InvestmentItem.objects.create(
        project=transformation, name="MES 许可", amount=Decimal("60000.00"), invoice_no="INV001",
        invoice_date=date(2026, 3, 1), payment_date=date(2026, 3, 5), invoice_id=invoice, payment_proof_id=proof,
    )  # fmt: skip
    return {
        "diagnosis": diagnosis,
        "transformation": transformation,
        "files": [(diagnosis.pk, report), (transformation.pk, log_file), (transformation.pk, invoice),
                  (transformation.pk, proof)],
    }  # fmt: skip


def _get(api: Any, user: Any, project_id: int, file_id: str) -> Any:
    return api(user).get(f"/api/projects/{project_id}/files/{file_id}")


def test_the_parties_the_county_and_the_city_read_every_document(
    api: Any, world: Any, docs: Any, county_a_officer: Any, city_admin: Any
) -> None:
    for user in (world["enterprise"], world["provider"], county_a_officer, city_admin):
        for project_id, file_id in docs["files"]:
            res = _get(api, user, project_id, file_id)
            assert res.status_code == 200, (user.username, file_id, res.content[:200])
            assert res["Content-Type"] == "application/pdf"
            assert res["X-Content-Type-Options"] == "nosniff"
            assert len(res["X-SM3-Digest"]) == 64


def test_the_download_is_the_files_app_response(api: Any, world: Any, docs: Any) -> None:
    project_id, report = docs["files"][0]
    res = _get(api, world["enterprise"], project_id, report)
    assert b"".join(res.streaming_content) == PDF_BYTES * 2
    assert res["Content-Disposition"] == f"attachment; filename=\"file\"; filename*=UTF-8''{quote('诊断报告.pdf')}"
    # the files app's own rule still hides the provider's report from the enterprise — the project route is the way
    assert api(world["enterprise"]).get(f"/api/files/{report}/download").status_code == 404


def test_others_get_404(
    api: Any,
    docs: Any,
    county_b_officer: Any,
    enterprise_b_user: Any,
    outsider: Any,
    expert: Any,
    make_org: Any,
    make_user: Any,
) -> None:
    other_provider = make_user("provider_2", "provider_user", org=make_org("410771", kind="provider"))
    for user in (county_b_officer, enterprise_b_user, other_provider, outsider, expert):
        for project_id, file_id in docs["files"]:
            assert_error(_get(api, user, project_id, file_id), 404, "not_found")
    assert_error(_get(api, None, *docs["files"][0]), 401, "not_authenticated")


def test_a_file_of_another_project_is_not_found_even_for_a_party(
    api: Any, world: Any, docs: Any, county_a_officer: Any
) -> None:
    diagnosis, transformation = docs["diagnosis"], docs["transformation"]
    _, report = docs["files"][0]
    for user in (world["enterprise"], world["provider"], county_a_officer):
        # the report of the diagnosis project asked for through the transformation project, and vice versa
        assert_error(_get(api, user, transformation.pk, report), 404, "not_found")
        for _, file_id in docs["files"][1:]:
            assert_error(_get(api, user, diagnosis.pk, file_id), 404, "not_found")


def test_a_file_of_no_project_is_not_found(api: Any, world: Any, docs: Any) -> None:
    """Not a back door to the uploader's other files (or anyone's): only what the project references."""
    own = upload(world["enterprise"], "其他材料.pdf")
    stray = upload(world["provider"], "未提交的报告.pdf")
    for user, file_id in ((world["enterprise"], own), (world["enterprise"], stray), (world["provider"], stray)):
        body = assert_error(_get(api, user, docs["diagnosis"].pk, file_id), 404, "not_found")
        assert body["message"] == "文件不存在或不属于本项目"
    assert_error(
        _get(api, world["enterprise"], docs["diagnosis"].pk, "00000000-0000-0000-0000-000000000000"), 404, "not_found"
    )
    assert_error(_get(api, world["enterprise"], docs["diagnosis"].pk, "not-a-uuid"), 422, "validation_error")
    assert_error(_get(api, world["enterprise"], 999999, docs["files"][0][1]), 404, "not_found")


def test_an_expert_who_scored_the_project_reads_its_documents(api: Any, docs: Any, expert: Any, make_user: Any) -> None:
    transformation = docs["transformation"]
    AcceptanceScore.objects.create(
        project=transformation, round=1, expert=expert, expert_name="专家", items=[], marks={}, total=Decimal("80.00")
    )
    for project_id, file_id in docs["files"][1:]:
        assert _get(api, expert, project_id, file_id).status_code == 200
    assert_error(_get(api, expert, *docs["files"][0]), 404, "not_found")  # the diagnosis project: not theirs
    assert_error(_get(api, make_user("expert_2", "expert"), *docs["files"][1]), 404, "not_found")


def test_queries_stay_small(api: Any, world: Any, docs: Any) -> None:
    """Besides the session and the grants: one query for the project, one for the file."""
    client = api(world["enterprise"])
    project_id, invoice = docs["files"][2]
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(f"/api/projects/{project_id}/files/{invoice}")
    assert res.status_code == 200
    own = [q["sql"] for q in ctx.captured_queries if "projects_" in q["sql"] or "files_" in q["sql"]]
    assert len(own) == 2, own
    assert len(ctx.captured_queries) <= 10, [q["sql"][:120] for q in ctx.captured_queries]
