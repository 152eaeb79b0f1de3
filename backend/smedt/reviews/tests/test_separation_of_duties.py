"""Separation of duties: nobody decides on an item they submitted or resubmitted, in any process,
at any step; a colleague with the same role can. A process may turn the rule off only by
declaring it (`separation_of_duties=False`)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from smedt.core.errors import PermissionDenied
from smedt.core.tests.helpers import assign, make_role
from smedt.rbac.models import Permission
from smedt.regions.models import Region
from smedt.reviews import workflow
from smedt.reviews.models import ReviewAction, ReviewRequest
from smedt.reviews.processes import _REGISTRY, all_processes, register_process
from smedt.reviews.services.requests import review_decide

pytestmark = pytest.mark.django_db

ALL_PROCESSES = sorted(p.key for p in all_processes())


@pytest.fixture
def all_step_reviewer(reference, make_user):
    """A city-wide reviewer holding every step permission of every process (and view)."""

    def make(username):
        codes = sorted({s.permission for p in all_processes() for s in p.steps} | {"reviews.view_review"})
        role = make_role(
            f"all_steps_{username}", list(Permission.objects.filter(code__in=codes).values_list("code", flat=True))
        )
        user = make_user(username)
        assign(user, role, region="410700")
        return user

    return make


def _open_request(process_key, *, submitted_by, step=0):
    process = next(p for p in all_processes() if p.key == process_key)
    app_label, model = process.model_label.split(".")
    request = ReviewRequest.objects.create(
        process_key=process_key,
        content_type=ContentType.objects.get_by_natural_key(app_label, model),
        object_id="1",
        title=f"{process.name}（测试）",
        region=Region.objects.get(code="410702"),
        submitted_by=submitted_by,
        submitted_at=timezone.now(),
        current_step=step,
    )
    ReviewAction.objects.create(request=request, round=1, action="submit", actor=submitted_by, actor_name="x")
    return request


def test_every_process_separates_duties_by_default():
    assert ALL_PROCESSES, "no review process registered"
    assert [p.key for p in all_processes() if not p.separation_of_duties] == []


@pytest.mark.parametrize("process_key", ALL_PROCESSES)
@pytest.mark.parametrize("decision", [workflow.APPROVE, workflow.REJECT, workflow.RETURN])
def test_the_submitter_cannot_decide_at_any_step(all_step_reviewer, process_key, decision):
    submitter = all_step_reviewer("submitter")
    process = next(p for p in all_processes() if p.key == process_key)
    for step in range(len(process.steps)):
        request = _open_request(process_key, submitted_by=submitter, step=step)

        with pytest.raises(PermissionDenied) as refused:
            review_decide(request=request, reviewer=submitter, decision=decision, opinion="同意")

        assert refused.value.code == "reviews.own_submission"
        assert "本人提交" in refused.value.message
        request.refresh_from_db()
        assert (request.status, request.current_step) == (workflow.PENDING, step)
        assert list(request.actions.values_list("action", flat=True)) == ["submit"]
        assert not ReviewRequest.objects.awaiting(submitter).filter(pk=request.pk).exists()
        request.delete()


@pytest.mark.parametrize("process_key", ALL_PROCESSES)
def test_whoever_resubmitted_cannot_decide_either(all_step_reviewer, process_key):
    author, resubmitter = all_step_reviewer("author"), all_step_reviewer("resubmitter")
    request = _open_request(process_key, submitted_by=author)
    ReviewAction.objects.create(request=request, round=2, action=workflow.RESUBMIT, actor=resubmitter, actor_name="y")

    with pytest.raises(PermissionDenied):
        review_decide(request=request, reviewer=resubmitter, decision=workflow.APPROVE)

    assert ReviewRequest.objects.awaiting(author).filter(pk=request.pk).count() == 0
    assert ReviewRequest.objects.awaiting(resubmitter).filter(pk=request.pk).count() == 0


def test_a_process_that_declares_otherwise_lets_the_submitter_decide(all_step_reviewer, enterprise_a):
    from smedt.reviews.processes import CITY_STEP, ReviewProcess

    key = "test_self_review_allowed"
    register_process(
        ReviewProcess(
            key=key, name="测试流程", steps=(CITY_STEP,), model_label="orgs.organization", separation_of_duties=False
        )
    )
    try:
        submitter = all_step_reviewer("self_reviewer")
        request = _open_request(key, submitted_by=submitter)
        ReviewRequest.objects.filter(pk=request.pk).update(object_id=str(enterprise_a.pk))

        review_decide(request=request, reviewer=submitter, decision=workflow.APPROVE)

        request.refresh_from_db()
        assert request.status == workflow.APPROVED
    finally:
        _REGISTRY.pop(key, None)
