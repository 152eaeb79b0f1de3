"""The portal state machines, without a database."""

from __future__ import annotations

import pytest

from smedt.core.errors import InvalidTransition
from smedt.portal import workflow as wf


def test_announcement_happy_path() -> None:
    s = wf.ANNOUNCEMENT.transition(wf.DRAFT, wf.SUBMIT)
    assert s == wf.IN_REVIEW
    assert wf.ANNOUNCEMENT.transition(s, wf.APPROVE) == wf.PUBLISHED
    assert wf.ANNOUNCEMENT.transition(s, wf.SCHEDULE) == wf.SCHEDULED
    assert wf.ANNOUNCEMENT.transition(wf.SCHEDULED, wf.PUBLISH_DUE) == wf.PUBLISHED
    assert wf.ANNOUNCEMENT.transition(wf.PUBLISHED, wf.WITHDRAW) == wf.WITHDRAWN
    assert wf.ANNOUNCEMENT.transition(wf.WITHDRAWN, wf.REDRAFT) == wf.DRAFT
    assert wf.ANNOUNCEMENT.transition(wf.IN_REVIEW, wf.RETURN) == wf.DRAFT


def test_illegal_move_is_409_naming_allowed_actions() -> None:
    with pytest.raises(InvalidTransition) as exc:
        wf.ANNOUNCEMENT.transition(wf.DRAFT, wf.WITHDRAW)
    assert exc.value.status_code == 409
    assert exc.value.details["allowed"] == ["提交审核"]
    assert "草稿" in exc.value.message


@pytest.mark.parametrize(
    ("status", "action"),
    [(wf.DRAFT, wf.APPROVE), (wf.PUBLISHED, wf.SUBMIT), (wf.WITHDRAWN, wf.APPROVE), (wf.PUBLISHED, wf.PUBLISH_DUE)],
)
def test_no_shortcuts(status: str, action: str) -> None:
    with pytest.raises(InvalidTransition):
        wf.ANNOUNCEMENT.transition(status, action)


def test_review_actions_need_the_review_code() -> None:
    assert wf.ANNOUNCEMENT.permission(wf.IN_REVIEW, wf.APPROVE) == "portal.review_content"
    assert wf.ANNOUNCEMENT.permission(wf.DRAFT, wf.SUBMIT) == "portal.manage_content"


def test_case_and_supply_demand_machines() -> None:
    assert wf.CASE.transition(wf.DRAFT, wf.PUBLISH) == wf.PUBLISHED
    with pytest.raises(InvalidTransition):
        wf.CASE.transition(wf.WITHDRAWN, wf.PUBLISH)
    assert wf.SUPPLY_DEMAND.transition(wf.PUBLISHED, wf.CLOSE) == wf.CLOSED
    with pytest.raises(InvalidTransition):
        wf.SUPPLY_DEMAND.transition(wf.CLOSED, wf.CLOSE)
    with pytest.raises(InvalidTransition):
        wf.SUPPLY_DEMAND.transition(wf.IN_REVIEW, wf.CLOSE)
