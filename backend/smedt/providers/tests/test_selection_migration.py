"""The data migration 0006 moves the old provider selection onto the application engine: batches → campaigns
of kind "provider" (their 细分行业 scope → ``field_options``), applications → submissions (their review requests re-pointed), expert scores, objections, pool membership;
nothing is lost (a second application of the same provider to one batch goes to a history campaign)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from smedt.applications.models import Campaign, Submission, SubmissionObjection, SubmissionScore
from smedt.orgs.models import OrgKind
from smedt.providers.models import ProviderPoolMember
from smedt.providers.selection import POOL_HANDLER
from smedt.regions.models import Region
from smedt.reviews.models import ReviewRequest

BEFORE = [("providers", "0005_pool_member_submission")]
AFTER = [("providers", "0006_selection_to_engine")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_selection_rows_move_onto_the_engine(make_org, make_user):
    provider = make_org("410771", kind=OrgKind.PROVIDER, name="迁移服务商")
    other = make_org("410702", kind=OrgKind.PROVIDER, name="另一服务商")
    expert = make_user("expert_m", "expert")
    city = Region.objects.get(code="410700")
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("providers")
    old = _migrate(BEFORE)
    try:
        Batch = old.get_model("providers", "ProviderBatch")
        App = old.get_model("providers", "ProviderApplication")
        Score = old.get_model("providers", "ProviderExpertScore")
        Objection = old.get_model("providers", "ProviderObjection")
        Member = old.get_model("providers", "ProviderPoolMember")
        now = timezone.now()
        batch = Batch.objects.create(
            name="2025年服务商遴选",
            region_id=city.pk,
            sub_industries=["auto_parts", "retired_code"],
            deadline=now - timedelta(days=20),
            score_items=[{"key": "cases", "name": "服务案例", "max_score": "100"}],
            publicity_days=7,
            min_experts=2,
            status="closed",
        )
        common = {"batch": batch, "provider_type": "integrator", "sub_industries": ["auto_parts"], "staff_count": 30}
        App.objects.create(org_id=provider.pk, region_id=provider.region_id, status="withdrawn", **common)
        approved = App.objects.create(
            org_id=provider.pk,
            region_id=provider.region_id,
            status="approved",
            qualifications="CMMI3",
            tech_staff_count=12,
            past_cases=[{"name": "汽配 MES", "customer": "某公司", "year": "2024", "summary": "上线"}],
            attachments=["3f2b8a4e-0000-4000-8000-000000000001"],
            submitted_at=now - timedelta(days=25),
            publicity_ends_at=now - timedelta(days=10),
            decided_at=now - timedelta(days=9),
            **common,
        )
        ct, _ = ContentType.objects.get_or_create(app_label="providers", model="providerapplication")
        review = ReviewRequest.objects.create(
            process_key="provider_selection",
            content_type_id=ct.pk,
            object_id=str(approved.pk),
            title="服务商入库申请：迁移服务商",
            status="approved",
            current_step=1,
            region=provider.region,
            org=provider,
            submitted_at=now - timedelta(days=25),
        )
        App.objects.filter(pk=approved.pk).update(review_id=review.pk)
        pending = App.objects.create(org_id=other.pk, region_id=other.region_id, status="publicity", **common)
        Score.objects.create(
            application=approved,
            expert_id=expert.pk,
            expert_name="专家",
            marks={"cases": "88"},
            total=Decimal("88"),
            opinion="案例扎实",
        )
        Objection.objects.create(
            application=pending,
            content="案例不实",
            status="dismissed",
            resolution="经核查属实",
            filed_by_id=expert.pk,
            handled_by_id=expert.pk,
            handled_at=now - timedelta(days=1),
        )
        current_batch = Batch.objects.create(
            name="2026年服务商遴选",
            region_id=city.pk,
            sub_industries=[],
            deadline=now + timedelta(days=20),
            score_items=[],
            status="open",
        )
        old_batch = Batch.objects.values().get(pk=batch.pk)
        old_current = Batch.objects.values().get(pk=current_batch.pk)
        old_approved = App.objects.values().get(pk=approved.pk)
        Member.objects.create(
            org_id=provider.pk, region_id=provider.region_id, application=approved, provider_type="integrator"
        )
    except Exception:
        _migrate([leaf[0]])
        raise
    _migrate(AFTER)
    try:
        main = Campaign.objects.get(name="2025年服务商遴选")
        assert (main.status, main.result_handler, main.review_chain) == (
            "closed",
            POOL_HANDLER,
            "application_review_city",
        )
        assert main.org_kinds == ["provider"] and main.expert_scoring and main.min_expert_scores == 2
        assert main.publicity_days == 7 and main.score_items == old_batch["score_items"]
        assert main.template_version.status == "published"
        # one concept, one mechanism: the kind, and the batch's 细分行业 scope as the engine's option override
        assert main.kind == "provider"
        assert main.field_options == {"sub_industries": ["auto_parts", "retired_code"]}
        assert main.description == ""
        # a deadline before the batch was recorded keeps the window valid (closes just after it opened)
        assert (main.region_id, main.opens_at, main.closes_at) == (
            city.pk,
            old_batch["created_at"],
            old_batch["created_at"] + timedelta(seconds=1),
        )
        field = next(
            f for sec in main.template_version.schema["sections"] for f in sec["fields"] if f["key"] == "sub_industries"
        )
        assert {"auto_parts", "retired_code"} <= {o["value"] for o in field["options"]}  # the scope stays valid
        current = Campaign.objects.get(name="2026年服务商遴选")
        assert current.closes_at == old_current["deadline"]
        assert (current.status, current.kind, current.field_options, current.min_expert_scores) == (
            "open",
            "provider",
            {},
            1,
        )
        # the live application of each provider is in the main campaign, the withdrawn one in a history campaign
        moved = Submission.objects.get(campaign=main, org=provider)
        assert moved.status == "approved" and moved.data["qualifications"] == "CMMI3"
        assert moved.data["staff_count"] == "30" and moved.data["tech_staff_count"] == "12"
        assert moved.data["past_cases"][0]["name"] == "汽配 MES"
        assert moved.data["attachments"] == ["3f2b8a4e-0000-4000-8000-000000000001"]
        assert moved.data["provider_type"] == "integrator" and moved.data["sub_industries"] == ["auto_parts"]
        assert (moved.region_id, moved.review_id) == (provider.region_id, review.pk)
        assert (moved.submitted_at, moved.decided_at, moved.publicity_ends_at) == (
            old_approved["submitted_at"],
            old_approved["decided_at"],
            old_approved["publicity_ends_at"],
        )
        assert moved.publicity_starts_at == old_approved["publicity_ends_at"] - timedelta(days=7)
        assert moved.created_at == old_approved["created_at"]
        history = Submission.objects.get(org=provider, status="withdrawn")
        assert history.campaign.name == "2025年服务商遴选（历史申请）"
        assert Submission.objects.get(org=other).status == "publicity"
        assert Submission.objects.count() == 3
        # review request, expert score, objection and pool membership follow the application
        r = ReviewRequest.objects.get(pk=review.pk)
        assert (r.process_key, r.object_id, r.current_step) == ("application_review_city", str(moved.pk), 0)
        assert r.target == moved
        score = SubmissionScore.objects.get(submission=moved)
        assert (score.total, score.marks, score.expert_id, score.expert_name, score.opinion) == (
            Decimal("88.00"),
            {"cases": "88"},
            expert.pk,
            "专家",
            "案例扎实",
        )
        objection = SubmissionObjection.objects.get()
        assert objection.application.org == other
        assert (objection.content, objection.status, objection.resolution) == ("案例不实", "dismissed", "经核查属实")
        assert (objection.filed_by_id, objection.handled_by_id) == (expert.pk, expert.pk)
        assert objection.handled_at is not None
        assert ProviderPoolMember.objects.get(org=provider).submission == moved
    finally:
        _migrate([leaf[0]])
