"""Every state × action of the pilot application and recruitment post tables (pure)."""

from __future__ import annotations

import itertools

import pytest

from smedt.core.errors import InvalidTransition
from smedt.enterprises import workflow

ACTIONS = sorted(workflow.ACTION_LABELS)


@pytest.mark.parametrize(
    ("table", "labels"),
    [
        (workflow.APPLICATION_TRANSITIONS, workflow.APPLICATION_LABELS),
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


def test_the_library_is_reached_only_through_publicity():
    into_approved = [(s, a) for (s, a), to in workflow.APPLICATION_TRANSITIONS.items() if to == workflow.APPROVED]
    assert into_approved == [(workflow.PUBLICITY, "finalize")]
