"""Every state × action of the product table, and the product and pool actions (pure). The provider
application is a submission of the application engine (its table is tested there)."""

from __future__ import annotations

import itertools

import pytest

from smedt.core.errors import InvalidTransition
from smedt.providers import workflow

ACTIONS = sorted(workflow.ACTION_LABELS)


@pytest.mark.parametrize("table", [workflow.PRODUCT_TRANSITIONS])
def test_every_state_and_action(table):
    for state, action in itertools.product(sorted(workflow.LABELS), ACTIONS):
        if (state, action) in table:
            assert workflow.next_status(table, state, action) == table[(state, action)]
        else:
            with pytest.raises(InvalidTransition) as exc:
                workflow.next_status(table, state, action)
            assert exc.value.details["allowed"] == [workflow.ACTION_LABELS[a] for a in workflow.allowed(table, state)]


OWNER, CITY = workflow.Roles(owner=True), workflow.Roles(city=True)


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
