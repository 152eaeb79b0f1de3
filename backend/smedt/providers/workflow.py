"""Transition tables of provider applications and products. Pure."""

from __future__ import annotations

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
    APPROVED: "已入库",
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
    "finalize": "公示期满入库",
    "edit": "修改",
    "offline": "下架",
}
APPLICATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "edit"): DRAFT,
    (DRAFT, "submit"): REVIEWING,
    (REVIEWING, "review_approved"): PUBLICITY,
    (REVIEWING, "review_rejected"): REJECTED,
    (REVIEWING, "review_returned"): RETURNED,
    (REVIEWING, "withdraw"): WITHDRAWN,
    (RETURNED, "edit"): RETURNED,
    (RETURNED, "resubmit"): REVIEWING,
    (RETURNED, "withdraw"): WITHDRAWN,
    (PUBLICITY, "finalize"): APPROVED,
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
