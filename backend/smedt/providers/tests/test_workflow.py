"""Every state × action of the provider application and product tables (pure)."""

from __future__ import annotations

import itertools

import pytest

from smedt.core.errors import InvalidTransition
from smedt.providers import workflow

ACTIONS = sorted(workflow.ACTION_LABELS)


@pytest.mark.parametrize("table", [workflow.APPLICATION_TRANSITIONS, workflow.PRODUCT_TRANSITIONS])
def test_every_state_and_action(table):
    for state, action in itertools.product(sorted(workflow.LABELS), ACTIONS):
        if (state, action) in table:
            assert workflow.next_status(table, state, action) == table[(state, action)]
        else:
            with pytest.raises(InvalidTransition) as exc:
                workflow.next_status(table, state, action)
            assert exc.value.details["allowed"] == [workflow.ACTION_LABELS[a] for a in workflow.allowed(table, state)]


def test_terminal_states_allow_nothing():
    for state in (workflow.APPROVED, workflow.WITHDRAWN):
        assert workflow.allowed(workflow.APPLICATION_TRANSITIONS, state) == []
