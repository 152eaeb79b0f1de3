"""The state machines, exhaustively: every status × action is either a declared transition or a 409."""

from __future__ import annotations

import pytest

from smedt.core.errors import InvalidTransition
from smedt.projects import workflow

ACTIONS = sorted({a for table in workflow.TRANSITIONS.values() for (_, a) in table})
STATUSES = sorted(workflow.STATUS_LABELS)


@pytest.mark.parametrize("kind", [workflow.DIAGNOSIS, workflow.TRANSFORMATION])
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_and_action(kind: str, status: str, action: str) -> None:
    table = workflow.TRANSITIONS[kind]
    if (status, action) in table:
        target, party = workflow.transition(kind, status, action)
        assert (target, party) == table[(status, action)]
        assert target in workflow.STATUS_LABELS
    else:
        with pytest.raises(InvalidTransition) as exc:
            workflow.transition(kind, status, action)
        assert exc.value.status_code == 409
        assert exc.value.details["allowed"] == workflow.allowed_actions(kind, status)
        assert "不能执行" in exc.value.message


def test_terminal_states_allow_nothing() -> None:
    for kind in workflow.TRANSITIONS:
        for status in workflow.TERMINAL:
            assert workflow.allowed_actions(kind, status) == []


def test_diagnosis_happy_path_and_revision_loop() -> None:
    s = workflow.INITIAL
    for action in ["confirm", "contract_signed", "submit_report", "return_report", "submit_report", "confirm_report"]:
        s, _ = workflow.transition(workflow.DIAGNOSIS, s, action)
    assert s == "done"


def test_transformation_path_with_returns() -> None:
    s = workflow.INITIAL
    for action in [
        "confirm", "contract_signed", "submit_filing", "filing_returned", "resubmit_filing", "filing_approved",
        "complete", "apply_acceptance", "acceptance_returned", "resubmit_acceptance", "acceptance_approved",
    ]:  # fmt: skip
        s, _ = workflow.transition(workflow.TRANSFORMATION, s, action)
    assert s == "accepted"


def test_parties() -> None:
    assert workflow.transition(workflow.DIAGNOSIS, "pending_provider", "confirm")[1] == "provider"
    assert workflow.transition(workflow.DIAGNOSIS, "report_submitted", "confirm_report")[1] == "enterprise"
    assert workflow.transition(workflow.TRANSFORMATION, "filing_review", "filing_approved")[1] == "review"
    # government is never a party of the project itself
    parties = {p for table in workflow.TRANSITIONS.values() for (_, p) in table.values()}
    assert parties == {"enterprise", "provider", "review", "system"}
