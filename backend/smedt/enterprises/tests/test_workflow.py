"""Every state × action of the recruitment post table (pure; the pilot application is an engine submission)."""

from __future__ import annotations

import itertools

import pytest

from smedt.core.errors import InvalidTransition
from smedt.enterprises import workflow

ACTIONS = sorted(workflow.ACTION_LABELS)


@pytest.mark.parametrize(
    ("table", "labels"),
    [
        (workflow.POST_TRANSITIONS, workflow.POST_LABELS),
    ],
)
def test_every_state_and_action(table, labels):
    for state, action in itertools.product(sorted(labels), ACTIONS):
        if (state, action) in table:
            assert workflow.next_status(table, state, action, labels=labels) == table[(state, action)]
        else:
            with pytest.raises(InvalidTransition) as exc:
                workflow.next_status(table, state, action, labels=labels)
            assert exc.value.details["current"] == labels[state]
            assert exc.value.details["allowed"] == [workflow.ACTION_LABELS[a] for a in workflow.allowed(table, state)]
