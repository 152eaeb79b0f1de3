"""The frozen result (with its full trace) lives apart from the assessment row (issue 13).

Lists and history never read the trace table; the result, the report and the comparison do; the
migration moves existing results in batches and back.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from smedt.assessment.models import Assessment, AssessmentTrace, OnsiteRating, OnsiteRatingTrace
from smedt.assessment.tests.factories import full_document, make_submitted

pytestmark = pytest.mark.django_db

BASE = "/api/assessment"


def _reads_trace(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "trace" in q["sql"].lower()]


def test_the_assessment_table_has_no_result_column() -> None:
    columns = {f.column for f in Assessment._meta.concrete_fields} | {
        f.column for f in OnsiteRating._meta.concrete_fields
    }
    assert "result" not in columns


def test_submit_stores_the_trace_in_its_own_row(api, enterprise_a_user, org_a, indicator_set) -> None:
    client = api(enterprise_a_user)
    draft = client.post(f"{BASE}/assessments", {}).json()
    client.patch(f"{BASE}/assessments/{draft['id']}/draft", full_document(indicator_set))
    assert client.post(f"{BASE}/assessments/{draft['id']}/submit", {"commitment": True}).status_code == 200

    trace = AssessmentTrace.objects.get(owner_id=draft["id"])
    assert trace.data["level_name"] == "四级" and trace.data["dimensions"]
    result = client.get(f"{BASE}/assessments/{draft['id']}/result").json()
    assert result["total"] == trace.data["total"]


def test_lists_and_history_never_read_the_trace(api, city_admin, make_org, make_user, indicator_set) -> None:
    user = make_user("filler")
    doc = full_document(indicator_set, best=False)
    org = make_org("410702", name="快照企业")
    for onsite in (False, False, True):
        make_submitted(org=org, indicator_set=indicator_set, doc=doc, user=user, onsite=onsite)
    client = api(city_admin)
    for url in (f"{BASE}/assessments", f"{BASE}/onsite-ratings", f"{BASE}/orgs/{org.pk}/history"):
        with CaptureQueriesContext(connection) as ctx:
            res = client.get(url)
        assert res.status_code == 200, res.content
        assert res.json()["items"]
        assert _reads_trace(ctx) == [], url


def test_result_and_report_read_the_trace_once(api, enterprise_a_user, org_a, indicator_set) -> None:
    a = make_submitted(org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user)
    with CaptureQueriesContext(connection) as ctx:
        res = api(enterprise_a_user).get(f"{BASE}/assessments/{a.pk}/result")
    assert res.status_code == 200
    assert len(_reads_trace(ctx)) == 1
    assert res.json()["level"] == a.level


def test_deleting_an_assessment_deletes_its_trace(enterprise_a_user, org_a, indicator_set) -> None:
    a = make_submitted(org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user)
    r = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user, onsite=True
    )
    assert AssessmentTrace.objects.filter(owner=a).exists() and OnsiteRatingTrace.objects.filter(owner=r).exists()
    r.delete()
    a.delete()
    assert not AssessmentTrace.objects.exists() and not OnsiteRatingTrace.objects.exists()


def test_a_cleared_result_removes_the_trace(enterprise_a_user, org_a, indicator_set) -> None:
    a = make_submitted(org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user)
    a.result = None
    a.save(update_fields=["result"])
    assert Assessment.objects.get(pk=a.pk).result is None
    assert not AssessmentTrace.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_existing_results_in_batches_and_back(
    enterprise_a_user: Any, org_a: Any, indicator_set: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    moving = importlib.import_module("smedt.assessment.migrations.0005_result_trace_apart")
    monkeypatch.setattr(moving, "BATCH", 2)  # several rounds with five rows
    from django.db import transaction

    with transaction.atomic():  # the services lock rows (PostgreSQL needs a transaction for that)
        made = [
            make_submitted(
                org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user
            ).pk
            for _ in range(5)
        ]
    expected = {pk: Assessment.objects.get(pk=pk).result for pk in made}
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("assessment", "0004_merge_region_index_and_explanations")])
        executor.loader.build_graph()
        old = executor.loader.project_state([("assessment", "0004_merge_region_index_and_explanations")]).apps
        old_assessment = old.get_model("assessment", "Assessment")
        back = dict(old_assessment.objects.filter(pk__in=made).values_list("pk", "result"))
        assert back == expected  # the reverse copied every trace back onto its row

        executor = MigrationExecutor(connection)
        executor.migrate([("assessment", "0006_drop_inline_result")])
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert {t.owner_id: t.data for t in AssessmentTrace.objects.filter(owner_id__in=made)} == expected
