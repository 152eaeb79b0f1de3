"""The data migration enterprises 0003: rows of the old pilot selection (batch with a score sheet, two
applications of one enterprise — a withdrawn and a live one —, their review, an expert score, an objection,
the library entry) are written with the old models, the migration runs, and everything is found in the
engine: nothing lost."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("enterprises", "0002_profile_above_scale"), ("applications", "0002_campaign_kind_and_field_options")]
AFTER = [("enterprises", "0003_pilot_selection_to_campaigns")]


@pytest.mark.django_db(transaction=True)
def test_old_pilot_rows_become_engine_rows(reference, enterprise_a, enterprise_a_user, expert, outsider):
    from smedt.enterprises.tests.conftest import grant_role_defaults

    grant_role_defaults()  # the dictionaries (细分行业 labels)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Region = old.get_model("regions", "Region")
    ContentType = old.get_model("contenttypes", "ContentType")
    ReviewRequest = old.get_model("reviews", "ReviewRequest")
    Attachment = old.get_model("files", "Attachment")
    city = Region.objects.get(code="410700")
    now = timezone.now()
    sheet = old.get_model("enterprises", "ScoreSheet").objects.create(
        code="pilot", name="评分表", items=[{"key": "basis", "name": "数字化基础", "max_score": "100.00"}]
    )
    batch = old.get_model("enterprises", "SelectionBatch").objects.create(
        name="2025年试点企业遴选",
        region=city,
        sub_industries=["auto_parts", "lifting_equipment"],
        quota=5,
        deadline=now + timedelta(days=10),
        publicity_days=7,
        required_attachments=[{"key": "plan", "name": "数字化转型实施方案"}],
        score_sheet=sheet,
        description="说明",
    )
    att = Attachment.objects.create(name="方案.pdf", content_type="application/pdf", size=1, sm3="0", storage_name="x")
    Application = old.get_model("enterprises", "PilotApplication")
    common = {
        "batch": batch,
        "org_id": enterprise_a.pk,
        "region_id": enterprise_a.region_id,
        "sub_industry": "auto_parts",
    }
    Application.objects.create(**common, status="withdrawn", plan_summary="旧的申报")
    live = Application.objects.create(
        **common,
        status="publicity",
        plan_summary="设备联网与 MES",
        contact_name="王经理",
        attachments={"plan": str(att.pk)},
        snapshot={
            "name": "红旗测试企业",
            "legal_representative": "张三",
            "latest_year": {"year": 2025, "employees": 50},
        },
        submitted_at=now - timedelta(days=3),
        publicity_starts_at=now - timedelta(days=1),
        publicity_ends_at=now + timedelta(days=6),
    )
    ct = ContentType.objects.get_or_create(app_label="enterprises", model="pilotapplication")[0]
    review = ReviewRequest.objects.create(
        process_key="pilot_selection",
        content_type=ct,
        object_id=str(live.pk),
        title="试点企业申报",
        status="approved",
        region_id=enterprise_a.region_id,
        org_id=enterprise_a.pk,
        submitted_at=now,
    )
    Application.objects.filter(pk=live.pk).update(review=review)
    old.get_model("enterprises", "PilotExpertScore").objects.create(
        application=live, sheet=sheet, expert_id=expert.pk, expert_name="孙专家", marks={"basis": "88"}, total="88.00"
    )
    old.get_model("enterprises", "PilotObjection").objects.create(
        application=live, content="数据存疑请核查", filed_by_id=outsider.pk, status="dismissed", resolution="属实"
    )
    old.get_model("enterprises", "PilotEnterprise").objects.create(
        org_id=enterprise_a.pk,
        region_id=enterprise_a.region_id,
        sub_industry="auto_parts",
        application=live,
        batch=batch,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Campaign = new.get_model("applications", "Campaign")
    Submission = new.get_model("applications", "Submission")

    campaigns = list(Campaign.objects.order_by("id"))
    main = campaigns[0]
    assert (main.name, main.kind, main.result_handler, main.status) == (
        "2025年试点企业遴选",
        "pilot",
        "enterprises.pilot_library",
        "open",
    )
    assert main.field_options == {"sub_industry": ["auto_parts", "lifting_equipment"]}
    assert main.expert_scoring and main.min_expert_scores == 0 and main.score_items[0]["key"] == "basis"
    assert (main.quota, main.publicity_days, main.closes_at) == (5, 7, batch.deadline)
    fields = [f for s in main.template_version.schema["sections"] for f in s["fields"]]
    assert {"key": "plan", "label": "数字化转型实施方案"}.items() <= next(
        f for f in fields if f["key"] == "plan"
    ).items()
    assert main.template_version.status == "published"

    sub = Submission.objects.get(campaign=main)
    assert sub.status == "publicity" and sub.org_id == enterprise_a.pk
    assert sub.data["plan"] == [str(att.pk)] and sub.data["plan_summary"] == "设备联网与 MES"
    assert sub.data["sub_industry"] == "auto_parts" and sub.data["legal_representative"] == "张三"
    assert sub.facts["snapshot.employees"]["value"] == "50" and sub.facts["snapshot.employees"]["year"] == 2025
    assert sub.publicity_ends_at == live.publicity_ends_at
    # the withdrawn application of the same enterprise is kept, in a closed historical round
    older = Submission.objects.exclude(pk=sub.pk).get()
    assert older.status == "withdrawn" and older.data["plan_summary"] == "旧的申报"
    assert older.campaign.status == "closed" and "历史申报" in older.campaign.name

    request = new.get_model("reviews", "ReviewRequest").objects.get(pk=review.pk)
    assert request.process_key == "application_review" and request.object_id == str(sub.pk)
    assert request.content_type.model == "submission" and sub.review_id == review.pk
    score = new.get_model("applications", "SubmissionScore").objects.get()
    assert (score.submission_id, score.total, score.expert_name) == (sub.pk, Decimal("88.00"), "孙专家")
    objection = new.get_model("applications", "SubmissionObjection").objects.get()
    assert (objection.application_id, objection.status, objection.filed_by_id) == (sub.pk, "dismissed", outsider.pk)
    pilot = new.get_model("enterprises", "PilotEnterprise").objects.get()
    assert (pilot.submission_id, pilot.campaign_id) == (sub.pk, main.pk)
    # back to the latest state for the tests that follow (later migrations of this app included)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
