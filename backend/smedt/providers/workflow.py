"""Transition tables of products and pool members, and the actions a user may take
now on each. Pure: values in, values out (the selectors derive the flags from the user's grants)."""

from __future__ import annotations

from dataclasses import dataclass

from smedt.core.errors import InvalidTransition

DRAFT, REVIEWING, RETURNED, PUBLICITY, APPROVED, REJECTED, WITHDRAWN, PUBLISHED, OFFLINE = (
    "draft",
    "reviewing",
    "returned",
    "publicity",
    "approved",
    "rejected",
    "withdrawn",
    "published",
    "offline",
)
LABELS = {
    DRAFT: "草稿",
    REVIEWING: "审核中",
    RETURNED: "退回修改",
    PUBLICITY: "公示中",
    APPROVED: "已通过",
    REJECTED: "未通过",
    WITHDRAWN: "已撤回",
    PUBLISHED: "已发布",
    OFFLINE: "已下架",
}
ACTION_LABELS = {
    "submit": "提交",
    "review_approved": "审核通过",
    "review_rejected": "审核不通过",
    "review_returned": "退回修改",
    "resubmit": "重新提交",
    "withdraw": "撤回",
    "edit": "修改",
    "offline": "下架",
}
PRODUCT_TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "edit"): DRAFT,
    (DRAFT, "submit"): REVIEWING,
    (REVIEWING, "review_approved"): PUBLISHED,
    (REVIEWING, "review_rejected"): REJECTED,
    (REVIEWING, "review_returned"): RETURNED,
    (RETURNED, "edit"): RETURNED,
    (RETURNED, "resubmit"): REVIEWING,
    (PUBLISHED, "offline"): OFFLINE,
    (REJECTED, "edit"): DRAFT,
    (OFFLINE, "edit"): DRAFT,
}


def allowed(table: dict[tuple[str, str], str], status: str) -> list[str]:
    return [a for (s, a) in table if s == status]


def next_status(table: dict[tuple[str, str], str], status: str, action: str) -> str:
    try:
        return table[(status, action)]
    except KeyError:
        raise InvalidTransition(
            current=LABELS.get(status, status),
            action=ACTION_LABELS.get(action, action),
            allowed=[ACTION_LABELS.get(a, a) for a in allowed(table, status)],
        ) from None


# pool members: action → (statuses it may start from, status it leads to)
POOL_ACTIVE, POOL_WARNED, POOL_DISABLED, POOL_EXITED = "active", "warned", "disabled", "exited"
POOL_ACTIONS = {"warn": POOL_WARNED, "disable": POOL_DISABLED, "exit": POOL_EXITED, "restore": POOL_ACTIVE}
POOL_FROM = {
    "warn": (POOL_ACTIVE,),
    "disable": (POOL_ACTIVE, POOL_WARNED),
    "exit": (POOL_ACTIVE, POOL_WARNED, POOL_DISABLED),
    "restore": (POOL_WARNED, POOL_DISABLED),
}
POOL_LABELS = {"warn": "警告", "disable": "停用", "exit": "退出", "restore": "恢复"}
POOL_CAN_WORK = (POOL_ACTIVE, POOL_WARNED)  # may take new projects and publish products


@dataclass(frozen=True)
class Roles:
    """What the requesting user is to one row: the provider itself, the city over its region."""

    owner: bool = False
    city: bool = False


def product_actions(status: str, *, roles: Roles, in_pool: bool = False) -> list[str]:
    """edit / submit (a returned product is resubmitted through the same action) / offline."""
    out: list[str] = []
    if roles.owner:
        if (status, "edit") in PRODUCT_TRANSITIONS:
            out.append("edit")
        if in_pool and status in (DRAFT, RETURNED):
            out.append("submit")
    if (roles.owner or roles.city) and (status, "offline") in PRODUCT_TRANSITIONS:
        out.append("offline")
    return out


def pool_actions(status: str, *, roles: Roles) -> list[str]:
    """warn / disable / exit / restore, for the city over the member's region."""
    return [a for a, froms in POOL_FROM.items() if status in froms] if roles.city else []
