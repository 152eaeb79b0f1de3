"""Transition tables of template versions, campaigns and submissions. Pure: values in, values out."""

from __future__ import annotations

from smedt.core.errors import InvalidTransition

# template version
V_DRAFT, V_PUBLISHED = "draft", "published"
VERSION_LABELS = {V_DRAFT: "草稿", V_PUBLISHED: "已发布"}

# campaign
C_DRAFT, C_OPEN, C_CLOSED = "draft", "open", "closed"
CAMPAIGN_LABELS = {C_DRAFT: "未发布", C_OPEN: "申报中", C_CLOSED: "已截止"}

# review chains: the `reviews` process a campaign's submissions go through
CHAIN_COUNTY_CITY, CHAIN_CITY = "application_review", "application_review_city"
CHAIN_COUNTY_CITY_FINANCE = "application_review_finance"  # + the finance bureau (财政) after the city
REVIEW_CHAINS = {
    CHAIN_COUNTY_CITY: "县区初审 → 市级复审",
    CHAIN_CITY: "市级审核",
    CHAIN_COUNTY_CITY_FINANCE: "县区初审 → 市级复审 → 财政审核",
}

# submission
DRAFT, REVIEWING, RETURNED, PUBLICITY, APPROVED, REJECTED, WITHDRAWN = (
    "draft",
    "reviewing",
    "returned",
    "publicity",
    "approved",
    "rejected",
    "withdrawn",
)
SUBMISSION_LABELS = {
    DRAFT: "草稿",
    REVIEWING: "审核中",
    RETURNED: "退回修改",
    PUBLICITY: "公示中",
    APPROVED: "已入选",
    REJECTED: "未通过",
    WITHDRAWN: "已撤回",
}
ACTION_LABELS = {
    "edit": "修改",
    "submit": "提交",
    "review_approved": "审核通过",
    "review_rejected": "审核不通过",
    "review_returned": "退回修改",
    "resubmit": "重新提交",
    "withdraw": "撤回",
    "finalize": "公示期满确定结果",
    "revoke": "异议成立撤销",
    "override": "调整指标得分",
}
SUBMISSION_TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "edit"): DRAFT,
    (DRAFT, "submit"): REVIEWING,
    (DRAFT, "withdraw"): WITHDRAWN,
    (REVIEWING, "review_approved"): PUBLICITY,
    (REVIEWING, "review_rejected"): REJECTED,
    (REVIEWING, "review_returned"): RETURNED,
    (REVIEWING, "withdraw"): WITHDRAWN,
    (REVIEWING, "override"): REVIEWING,
    (RETURNED, "edit"): RETURNED,
    (RETURNED, "resubmit"): REVIEWING,
    (RETURNED, "withdraw"): WITHDRAWN,
    (PUBLICITY, "finalize"): APPROVED,
    (PUBLICITY, "revoke"): REJECTED,
}
EDITABLE = (DRAFT, RETURNED)


def allowed(status: str) -> list[str]:
    return [action for (state, action) in SUBMISSION_TRANSITIONS if state == status]


def next_status(status: str, action: str) -> str:
    """The status after `action`; an illegal move is a 409 naming the allowed actions."""
    try:
        return SUBMISSION_TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(
            current=SUBMISSION_LABELS.get(status, status),
            action=ACTION_LABELS.get(action, action),
            allowed=[ACTION_LABELS.get(a, a) for a in allowed(status)],
        ) from None
