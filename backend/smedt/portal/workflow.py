"""State machines of portal content. Pure: values in, values out; an illegal move is a 409."""

from __future__ import annotations

from dataclasses import dataclass

from smedt.core.errors import InvalidTransition

# ---- announcements (公告资讯) -----------------------------------------------------------------------

DRAFT = "draft"
IN_REVIEW = "in_review"
SCHEDULED = "scheduled"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"
CLOSED = "closed"

STATUS_LABELS = {
    DRAFT: "草稿",
    IN_REVIEW: "审核中",
    SCHEDULED: "待发布",
    PUBLISHED: "已发布",
    WITHDRAWN: "已撤下",
    CLOSED: "已关闭",
}

SUBMIT = "submit"
APPROVE = "approve"
SCHEDULE = "schedule"
RETURN = "return"
RECALL = "recall"
PUBLISH_DUE = "publish_due"
PUBLISH = "publish"
WITHDRAW = "withdraw"
REDRAFT = "redraft"
CLOSE = "close"

ACTION_LABELS = {
    SUBMIT: "提交审核",
    APPROVE: "审核通过并发布",
    SCHEDULE: "审核通过并定时发布",
    RETURN: "退回",
    RECALL: "撤回审核",
    PUBLISH_DUE: "到点发布",
    PUBLISH: "发布",
    WITHDRAW: "撤下",
    REDRAFT: "改为草稿",
    CLOSE: "关闭",
}


@dataclass(frozen=True)
class Machine:
    """A transition table (from, action) -> to, with the permission code the action needs."""

    name: str
    table: dict[tuple[str, str], tuple[str, str]]

    def allowed(self, status: str) -> list[str]:
        return [action for (frm, action) in self.table if frm == status]

    def transition(self, status: str, action: str) -> str:
        found = self.table.get((status, action))
        if found is None:
            raise InvalidTransition(
                current=STATUS_LABELS.get(status, status),
                action=ACTION_LABELS.get(action, action),
                allowed=[ACTION_LABELS[a] for a in self.allowed(status)],
                message=f"{self.name}当前状态（{STATUS_LABELS.get(status, status)}）不允许“{ACTION_LABELS.get(action, action)}”",
            )
        return found[0]

    def permission(self, status: str, action: str) -> str:
        self.transition(status, action)
        return self.table[(status, action)][1]


MANAGE = "portal.manage_content"
REVIEW = "portal.review_content"

ANNOUNCEMENT = Machine(
    "公告",
    {
        (DRAFT, SUBMIT): (IN_REVIEW, MANAGE),
        (IN_REVIEW, RECALL): (DRAFT, MANAGE),
        (IN_REVIEW, APPROVE): (PUBLISHED, REVIEW),
        (IN_REVIEW, SCHEDULE): (SCHEDULED, REVIEW),
        (IN_REVIEW, RETURN): (DRAFT, REVIEW),
        (SCHEDULED, PUBLISH_DUE): (PUBLISHED, ""),  # the scheduler, no user
        (SCHEDULED, WITHDRAW): (WITHDRAWN, MANAGE),
        (PUBLISHED, WITHDRAW): (WITHDRAWN, MANAGE),
        (WITHDRAWN, REDRAFT): (DRAFT, MANAGE),
    },
)
ANNOUNCEMENT_EDITABLE = (DRAFT,)

CASE = Machine(
    "典型案例",
    {
        (DRAFT, PUBLISH): (PUBLISHED, "portal.manage_case"),
        (PUBLISHED, WITHDRAW): (WITHDRAWN, "portal.manage_case"),
        (WITHDRAWN, REDRAFT): (DRAFT, "portal.manage_case"),
    },
)
CASE_EDITABLE = (DRAFT, WITHDRAWN)

# needs and offers: the poster submits, the city reviews, the poster (or the city) closes
SUPPLY_DEMAND = Machine(
    "供需信息",
    {
        (DRAFT, SUBMIT): (IN_REVIEW, ""),
        (IN_REVIEW, RECALL): (DRAFT, ""),
        (IN_REVIEW, APPROVE): (PUBLISHED, "portal.review_supply_demand"),
        (IN_REVIEW, RETURN): (DRAFT, "portal.review_supply_demand"),
        (DRAFT, CLOSE): (CLOSED, ""),
        (PUBLISHED, CLOSE): (CLOSED, ""),
    },
)
SUPPLY_DEMAND_EDITABLE = (DRAFT,)

# outcome of a closed need (对接结果)
OUTCOME_MATCHED = "matched"
OUTCOME_NOT_MATCHED = "not_matched"
OUTCOME_CANCELLED = "cancelled"
OUTCOME_LABELS = {OUTCOME_MATCHED: "对接成功", OUTCOME_NOT_MATCHED: "未能对接", OUTCOME_CANCELLED: "已取消"}
