"""Project state machines (pure, no database): (kind, status, action) -> (next status, acting party).

The acting party is who may take the action: "enterprise", "provider", "review" (the kernel review
callbacks) or "system" (the contract service once both parties signed). Government follows every
project without being a step in it.
"""

from __future__ import annotations

from typing import Literal

from smedt.core.errors import InvalidTransition

Party = Literal["enterprise", "provider", "review", "system"]

DIAGNOSIS = "diagnosis"
TRANSFORMATION = "transformation"

STATUS_LABELS: dict[str, str] = {
    "pending_provider": "待服务商确认",
    "declined": "服务商已拒绝",
    "cancelled": "已撤销",
    "contracting": "合同签署中",
    "diagnosing": "诊断实施中",
    "report_submitted": "诊断报告待确认",
    "done": "已完成",
    "signed": "待备案",
    "filing_review": "备案审核中",
    "filing_returned": "备案退回修改",
    "filing_rejected": "备案未通过",
    "implementing": "改造实施中",
    "completed": "待申请验收",
    "acceptance_review": "验收审核中",
    "rectifying": "验收整改中",
    "accepted": "验收通过",
    "acceptance_rejected": "验收未通过",
}

ACTION_LABELS: dict[str, str] = {
    "create": "发起项目",
    "confirm": "服务商确认需求",
    "decline": "服务商拒绝",
    "cancel": "企业撤销",
    "contract_signed": "合同签署完成",
    "submit_report": "提交诊断报告",
    "confirm_report": "确认诊断报告",
    "return_report": "退回诊断报告",
    "submit_filing": "提交备案",
    "filing_approved": "备案通过",
    "filing_returned": "备案退回",
    "filing_rejected": "备案不予通过",
    "resubmit_filing": "重新提交备案",
    "complete": "实施完成",
    "apply_acceptance": "申请验收",
    "acceptance_approved": "验收通过",
    "acceptance_returned": "验收退回整改",
    "acceptance_rejected": "验收不予通过",
    "resubmit_acceptance": "整改后重新提交验收",
    # timeline entries that are not transitions
    "contract_render": "生成电子合同",
    "contract_sign": "签署电子合同",
    "major_change": "报告重大变更",
    "change_approved": "重大变更已同意",
    "change_rejected": "重大变更未同意",
    "rate_provider": "企业评价服务商",
    "update_findings": "修改诊断发现",
}

_COMMON: dict[tuple[str, str], tuple[str, Party]] = {
    ("pending_provider", "confirm"): ("contracting", "provider"),
    ("pending_provider", "decline"): ("declined", "provider"),
    ("pending_provider", "cancel"): ("cancelled", "enterprise"),
}

TRANSITIONS: dict[str, dict[tuple[str, str], tuple[str, Party]]] = {
    DIAGNOSIS: {
        **_COMMON,
        ("contracting", "contract_signed"): ("diagnosing", "system"),
        ("diagnosing", "submit_report"): ("report_submitted", "provider"),
        ("report_submitted", "confirm_report"): ("done", "enterprise"),
        ("report_submitted", "return_report"): ("diagnosing", "enterprise"),
    },
    TRANSFORMATION: {
        **_COMMON,
        ("contracting", "contract_signed"): ("signed", "system"),
        ("signed", "submit_filing"): ("filing_review", "enterprise"),
        ("filing_review", "filing_approved"): ("implementing", "review"),
        ("filing_review", "filing_returned"): ("filing_returned", "review"),
        ("filing_review", "filing_rejected"): ("filing_rejected", "review"),
        ("filing_returned", "resubmit_filing"): ("filing_review", "enterprise"),
        ("implementing", "complete"): ("completed", "enterprise"),
        ("completed", "apply_acceptance"): ("acceptance_review", "enterprise"),
        ("acceptance_review", "acceptance_approved"): ("accepted", "review"),
        ("acceptance_review", "acceptance_returned"): ("rectifying", "review"),
        ("acceptance_review", "acceptance_rejected"): ("acceptance_rejected", "review"),
        ("rectifying", "resubmit_acceptance"): ("acceptance_review", "enterprise"),
    },
}

INITIAL = "pending_provider"
TERMINAL = frozenset({"declined", "cancelled", "done", "filing_rejected", "accepted", "acceptance_rejected"})
# Where a project stands on the pilot path 诊断 → 备案 → 实施 → 验收 → 验收通过 (dashboards and the list filter):
# stage -> (kind or None for both kinds, statuses)
STAGE_LABELS: dict[str, str] = {
    "diagnosis": "咨询诊断",
    "filing": "签约备案",
    "implementation": "改造实施",
    "acceptance": "验收审核",
    "accepted": "验收通过",
    "closed": "已终止",
}
CLOSED = frozenset({"declined", "cancelled", "filing_rejected", "acceptance_rejected"})
STAGES: dict[str, tuple[str | None, frozenset[str]]] = {
    "diagnosis": (DIAGNOSIS, frozenset({"pending_provider", "contracting", "diagnosing", "report_submitted", "done"})),
    "filing": (
        TRANSFORMATION,
        frozenset({"pending_provider", "contracting", "signed", "filing_review", "filing_returned"}),
    ),
    "implementation": (TRANSFORMATION, frozenset({"implementing", "completed"})),
    "acceptance": (TRANSFORMATION, frozenset({"acceptance_review", "rectifying"})),
    "accepted": (TRANSFORMATION, frozenset({"accepted"})),
    "closed": (None, CLOSED),
}
IN_FLIGHT_STAGES = ("filing", "implementation", "acceptance")
# statuses before both parties signed the contract (or never signed): the rest count as 已签约
UNSIGNED = frozenset({"pending_provider", "contracting", "declined", "cancelled"})


def stage_of(kind: str, status: str) -> str:
    """The dashboard stage of a project of `kind` in `status`."""
    for stage, (stage_kind, statuses) in STAGES.items():
        if status in statuses and (stage_kind is None or stage_kind == kind):
            return stage
    return "closed"


# statuses in which the implementation log, milestones and investment list may change
IMPLEMENTATION_OPEN = frozenset({"implementing", "completed", "rectifying"})
# statuses in which the provider may record and edit the diagnosis findings: while diagnosing (also after the
# enterprise returned the report) and while the delivered report waits for the enterprise's confirmation;
# confirm_report (→ done) locks them with the report
FINDINGS_OPEN = frozenset({"diagnosing", "report_submitted"})


def allowed_actions(kind: str, status: str) -> list[str]:
    return sorted(action for (source, action) in TRANSITIONS[kind] if source == status)


def transition(kind: str, status: str, action: str) -> tuple[str, Party]:
    """The next status and the party that may act; an illegal action is a 409 naming the allowed ones."""
    try:
        return TRANSITIONS[kind][(status, action)]
    except KeyError:
        allowed = allowed_actions(kind, status) if kind in TRANSITIONS else []
        names = "、".join(ACTION_LABELS.get(a, a) for a in allowed) or "无"
        raise InvalidTransition(
            current=status,
            action=action,
            allowed=allowed,
            message=f"项目当前状态（{STATUS_LABELS.get(status, status)}）不能执行“{ACTION_LABELS.get(action, action)}”，可执行：{names}",
        ) from None
