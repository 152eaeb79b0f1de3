"""The pure state machine and draft merge: no database."""

from __future__ import annotations

import pytest

from smedt.assessment import workflow
from smedt.core.errors import InvalidTransition, ValidationFailed


def test_a_draft_can_be_saved_submitted_or_deleted():
    assert workflow.transition("draft", "save") == "draft"
    assert workflow.transition("draft", "submit") == "submitted"
    assert workflow.transition("draft", "delete") is None


@pytest.mark.parametrize("action", ["save", "submit", "delete"])
def test_a_submitted_one_never_changes_and_the_409_names_what_is_allowed(action):
    with pytest.raises(InvalidTransition) as exc:
        workflow.transition("submitted", action)
    assert exc.value.status_code == 409
    assert exc.value.details == {"current": "submitted", "action": action, "allowed": []}
    assert "已提交状态不能" in exc.value.message


def test_merge_keeps_other_sections_and_a_null_clears_one_item():
    current = {"answers": {"MF-01": ["B"], "MF-02": "C"}, "scenarios": {"S01": 2}, "evidence": {}}
    merged = workflow.merge_draft(current, {"answers": {"MF-02": None, "MF-03": "A"}})
    assert merged == {"answers": {"MF-01": ["B"], "MF-03": "A"}, "scenarios": {"S01": 2}, "evidence": {}}
    assert current["answers"] == {"MF-01": ["B"], "MF-02": "C"}  # not mutated


def test_merge_refuses_unknown_sections_in_chinese():
    with pytest.raises(ValidationFailed) as exc:
        workflow.merge_draft({}, {"answer": {}})
    assert "未知字段“answer”" in exc.value.message
    with pytest.raises(ValidationFailed):
        workflow.merge_draft({}, {"answers": ["MF-01"]})


@pytest.mark.parametrize(("code", "division"), [("C3432", "34"), ("3670", "36"), ("", ""), ("C", "")])
def test_industry_division_is_the_two_digit_major_class(code, division):
    assert workflow.industry_division(code) == division
