"""The review state machine, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smedt.core.errors import InvalidTransition
from smedt.reviews import workflow as wf
from smedt.reviews.workflow import State, transition


def test_approve_walks_the_steps_then_finishes():
    s = State(wf.PENDING, 0)
    s = transition(s, wf.APPROVE, step_count=2)
    assert s == State(wf.PENDING, 1)
    s = transition(s, wf.APPROVE, step_count=2)
    assert s == State(wf.APPROVED, 1)


def test_return_then_resubmit_starts_again_at_the_first_step():
    s = transition(State(wf.PENDING, 1), wf.RETURN, step_count=2)
    assert s == State(wf.RETURNED, 1)
    assert transition(s, wf.RESUBMIT, step_count=2) == State(wf.PENDING, 0)


@pytest.mark.parametrize("final", [wf.APPROVED, wf.REJECTED, wf.WITHDRAWN])
@pytest.mark.parametrize("action", [wf.APPROVE, wf.REJECT, wf.RETURN, wf.RESUBMIT, wf.WITHDRAW])
def test_finished_reviews_accept_nothing(final, action):
    with pytest.raises(InvalidTransition) as exc:
        transition(State(final, 0), action, step_count=2)
    assert exc.value.status_code == 409
    assert exc.value.details["allowed"] == []


def test_a_returned_item_cannot_be_approved_and_names_what_is_allowed():
    with pytest.raises(InvalidTransition) as exc:
        transition(State(wf.RETURNED, 0), wf.APPROVE, step_count=1)
    assert exc.value.details["allowed"] == ["重新提交", "撤回"]


@given(
    steps=st.integers(min_value=1, max_value=5),
    actions=st.lists(st.sampled_from([wf.APPROVE, wf.REJECT, wf.RETURN, wf.RESUBMIT, wf.WITHDRAW]), max_size=30),
)
def test_any_sequence_keeps_the_step_in_range_and_only_approve_at_last_step_finishes(steps, actions):
    s = State(wf.PENDING, 0)
    for a in actions:
        try:
            nxt = transition(s, a, step_count=steps)
        except InvalidTransition:
            continue
        assert 0 <= nxt.step < steps
        if nxt.status == wf.APPROVED:
            assert s.status == wf.PENDING and s.step == steps - 1 and a == wf.APPROVE
        s = nxt
