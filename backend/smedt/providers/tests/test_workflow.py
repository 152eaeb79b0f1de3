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


def test_publicity_ends_in_entry_or_revocation():
    assert workflow.allowed(workflow.APPLICATION_TRANSITIONS, workflow.PUBLICITY) == ["finalize", "revoke"]
    assert workflow.next_status(workflow.APPLICATION_TRANSITIONS, workflow.PUBLICITY, "revoke") == workflow.REJECTED


OWNER, CITY, EXPERT, NOBODY = (
    workflow.Roles(owner=True),
    workflow.Roles(city=True),
    workflow.Roles(expert=True),
    workflow.Roles(),
)


@pytest.mark.parametrize("status", sorted(workflow.LABELS))
def test_application_actions_are_legal_transitions_for_the_owner(status):
    actions = workflow.application_actions(status, roles=OWNER)
    assert all((status, a) in workflow.APPLICATION_TRANSITIONS for a in actions)
    assert workflow.application_actions(status, roles=NOBODY, publicity_over=True) == []


def test_application_actions_by_role_and_facts():
    app = workflow.application_actions
    assert app("draft", roles=OWNER) == ["edit", "submit"]
    assert app("draft", roles=OWNER, batch_open=False) == ["edit"]
    assert app("returned", roles=OWNER) == ["edit", "resubmit", "withdraw"]
    assert app("reviewing", roles=OWNER) == ["withdraw"]
    assert app("reviewing", roles=EXPERT, expert_step=True) == ["score"]
    assert app("reviewing", roles=EXPERT, expert_step=True, scored=True) == []
    assert app("reviewing", roles=EXPERT, expert_step=False) == []
    assert app("publicity", roles=CITY, publicity_over=False) == []
    assert app("publicity", roles=CITY, publicity_over=True, open_objection=True) == []
    assert app("publicity", roles=CITY, publicity_over=True) == ["finalize"]
    assert app("publicity", roles=OWNER, publicity_over=True) == []
    assert app("draft", roles=CITY) == []


def test_product_and_pool_actions():
    prod = workflow.product_actions
    assert prod("draft", roles=OWNER, in_pool=True) == ["edit", "submit"]
    assert prod("draft", roles=OWNER, in_pool=False) == ["edit"]
    assert prod("returned", roles=OWNER, in_pool=True) == ["edit", "submit"]
    assert prod("published", roles=OWNER) == ["offline"]
    assert prod("published", roles=CITY) == ["offline"]
    assert prod("draft", roles=CITY) == []
    assert prod("rejected", roles=OWNER) == ["edit"] and prod("offline", roles=OWNER) == ["edit"]
    assert prod("reviewing", roles=OWNER, in_pool=True) == []
    pool = workflow.pool_actions
    assert pool("active", roles=CITY) == ["warn", "disable", "exit"]
    assert pool("warned", roles=CITY) == ["disable", "exit", "restore"]
    assert pool("disabled", roles=CITY) == ["exit", "restore"]
    assert pool("exited", roles=CITY) == []
    assert pool("active", roles=OWNER) == []
