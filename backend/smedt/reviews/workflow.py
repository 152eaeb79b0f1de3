"""The review state machine. Pure: takes values, returns values, raises on illegal moves."""

from __future__ import annotations

from dataclasses import dataclass

from smedt.core.errors import InvalidTransition

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
RETURNED = "returned"
WITHDRAWN = "withdrawn"

APPROVE = "approve"
REJECT = "reject"
RETURN = "return"
RESUBMIT = "resubmit"
WITHDRAW = "withdraw"

STATUS_LABELS = {
    PENDING: "审核中",
    APPROVED: "已通过",
    REJECTED: "未通过",
    RETURNED: "退回修改",
    WITHDRAWN: "已撤回",
}
ACTION_LABELS = {
    "submit": "提交",
    APPROVE: "通过",
    REJECT: "不予通过",
    RETURN: "退回修改",
    RESUBMIT: "重新提交",
    WITHDRAW: "撤回",
}

_ALLOWED: dict[str, tuple[str, ...]] = {
    PENDING: (APPROVE, REJECT, RETURN, WITHDRAW),
    RETURNED: (RESUBMIT, WITHDRAW),
    APPROVED: (),
    REJECTED: (),
    WITHDRAWN: (),
}


@dataclass(frozen=True)
class State:
    status: str
    step: int


def allowed_actions(status: str) -> tuple[str, ...]:
    return _ALLOWED.get(status, ())


def transition(state: State, action: str, *, step_count: int) -> State:
    """Next state after `action`; approval at the last step finishes the review."""
    if action not in allowed_actions(state.status):
        raise InvalidTransition(
            current=STATUS_LABELS.get(state.status, state.status),
            action=ACTION_LABELS.get(action, action),
            allowed=[ACTION_LABELS[a] for a in allowed_actions(state.status)],
        )
    if action == APPROVE:
        if state.step + 1 >= step_count:
            return State(APPROVED, state.step)
        return State(PENDING, state.step + 1)
    if action == REJECT:
        return State(REJECTED, state.step)
    if action == RETURN:
        return State(RETURNED, state.step)
    if action == RESUBMIT:
        return State(PENDING, 0)
    return State(WITHDRAWN, state.step)
