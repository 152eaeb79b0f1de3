"""Transition table of the recruitment post. Pure: values in, values out."""

from __future__ import annotations

from smedt.core.errors import InvalidTransition

# statuses (the pilot application moved to the application engine; the recruitment post remains)
DRAFT, REVIEWING, RETURNED, PUBLICITY, APPROVED, REJECTED, WITHDRAWN = (
    "draft",
    "reviewing",
    "returned",
    "publicity",
    "approved",
    "rejected",
    "withdrawn",
)
ACTION_LABELS = {
    "submit": "提交",
    "review_approved": "审核通过",
    "review_rejected": "审核不通过",
    "review_returned": "退回修改",
    "resubmit": "重新提交",
    "withdraw": "撤回",
    "edit": "修改",
}

# recruitment post (and any single-step publication)
PUBLISHED = "published"
POST_LABELS = {
    DRAFT: "草稿",
    REVIEWING: "审核中",
    RETURNED: "退回修改",
    PUBLISHED: "已发布",
    REJECTED: "未通过",
    WITHDRAWN: "已撤回",
}
POST_TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "edit"): DRAFT,
    (DRAFT, "submit"): REVIEWING,
    (REVIEWING, "review_approved"): PUBLISHED,
    (REVIEWING, "review_rejected"): REJECTED,
    (REVIEWING, "review_returned"): RETURNED,
    (REVIEWING, "withdraw"): WITHDRAWN,
    (RETURNED, "edit"): RETURNED,
    (RETURNED, "resubmit"): REVIEWING,
    (RETURNED, "withdraw"): WITHDRAWN,
    (PUBLISHED, "withdraw"): WITHDRAWN,
}


def allowed(table: dict[tuple[str, str], str], status: str) -> list[str]:
    return [action for (state, action) in table if state == status]


def next_status(
    table: dict[tuple[str, str], str], status: str, action: str, *, labels: dict[str, str] | None = None
) -> str:
    """The status after `action`; an illegal move is a 409 naming the allowed actions."""
    try:
        return table[(status, action)]
    except KeyError:
        names = labels or POST_LABELS
        raise InvalidTransition(
            current=names.get(status, status),
            action=ACTION_LABELS.get(action, action),
            allowed=[ACTION_LABELS.get(a, a) for a in allowed(table, status)],
        ) from None
