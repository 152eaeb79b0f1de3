"""What the requesting user may do on a project now (`my_actions` of the detail), from the workflow, the
user's party and permissions. Display only: every service checks again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from smedt.projects import config, workflow
from smedt.projects.models import Contract, Project, ProjectKind
from smedt.rbac.grants import user_grants

# every code my_actions may list, in display order, with its label (the FE shows buttons for these)
MY_ACTION_LABELS: dict[str, str] = {
    "confirm": "确认需求",
    "decline": "拒绝",
    "cancel": "撤销项目",
    "sign_contract": "签署合同",
    "render_contract": "重新生成合同",
    "submit_report": "提交诊断报告",
    "edit_findings": "填写诊断发现",
    "confirm_report": "确认诊断报告",
    "return_report": "退回报告",
    "submit_filing": "提交备案",
    "resubmit_filing": "重新提交备案",
    "add_milestone": "添加里程碑",
    "finish_milestone": "标记里程碑完成",
    "add_log": "记录实施日志",
    "add_investment": "添加投资项",
    "decide_change": "审批重大变更",
    "complete": "实施完成",
    "apply_acceptance": "申请验收",
    "resubmit_acceptance": "整改后重新提交验收",
    "score_acceptance": "验收专家评分",
    "rate_provider": "评价服务商",
}

MILESTONE_OPEN = frozenset({"signed", "filing_returned", *workflow.IMPLEMENTATION_OPEN})
RATABLE = {ProjectKind.DIAGNOSIS: "done", ProjectKind.TRANSFORMATION: "accepted"}


def _party(user: Any, code: str, org_id: int) -> bool:
    """The user acts for that organization (as services.party_of: a global grant makes nobody a party)."""
    return org_id in user_grants(user).grant(code).org_ids


def _holds(user: Any, code: str, *, region_path: str) -> bool:
    grant = user_grants(user).grant(code)
    return not grant.empty and grant.covers(region_path=region_path)


def scoring_open(project: Project) -> bool:
    """Expert scoring is configured and the acceptance review waits at the city step."""
    review = project.acceptance_review
    return bool(
        config.expert_scoring()["enabled"]
        and project.status == "acceptance_review"
        and review is not None
        and review.status == "pending"
        and review.current_step == 1
    )


def can_rate(project: Project) -> bool:
    """The project is finished successfully and the rating is new or still inside its revision window."""
    if RATABLE.get(ProjectKind(project.kind)) != project.status:
        return False
    if project.satisfaction_rated_at is None:
        return True
    window = timedelta(days=config.satisfaction()["revise_days"])
    return timezone.now() <= project.satisfaction_rated_at + window


def my_actions(user: Any, project: Project, *, contract: Contract | None, signed_org_ids: set[int]) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    ent = _party(user, "projects.start_project", project.enterprise_id)
    prov = _party(user, "projects.serve_project", project.provider_id)
    s, kind = project.status, project.kind
    allowed = set(workflow.allowed_actions(kind, s))
    out: set[str] = set()
    for action, party in (
        ("confirm", prov),
        ("decline", prov),
        ("cancel", ent),
        ("submit_report", prov),
        ("confirm_report", ent),
        ("return_report", ent),
        ("submit_filing", ent),
        ("resubmit_filing", ent),
        ("complete", ent),
        ("apply_acceptance", ent),
        ("resubmit_acceptance", ent),
    ):
        if party and action in allowed:
            out.add(action)
    if s == "contracting" and contract is not None:
        for org_id in (project.enterprise_id, project.provider_id):
            if _party(user, "projects.sign_contract", org_id):
                if org_id not in signed_org_ids:
                    out.add("sign_contract")
                if not signed_org_ids:
                    out.add("render_contract")
    if kind == ProjectKind.DIAGNOSIS and prov and s in workflow.FINDINGS_OPEN:
        out.add("edit_findings")
    if kind == ProjectKind.TRANSFORMATION:
        if (ent or prov) and s in MILESTONE_OPEN:
            out.add("add_milestone")
        if (ent or prov) and s in workflow.IMPLEMENTATION_OPEN:
            out.update({"finish_milestone", "add_log"})
        if ent and s in workflow.IMPLEMENTATION_OPEN:
            out.add("add_investment")
        if (
            _holds(user, "projects.approve_change", region_path=project.region.path)
            and project.log_entries.filter(is_major_change=True, change_status="pending").exists()
        ):
            out.add("decide_change")
        if (
            scoring_open(project)
            and _holds(user, "projects.score_acceptance", region_path=project.region.path)
            and not project.expert_scores.filter(round=project.acceptance_review.round, expert=user).exists()  # type: ignore[union-attr]  # scoring_open checked it
        ):
            out.add("score_acceptance")
    if ent and can_rate(project):
        out.add("rate_provider")
    return [a for a in MY_ACTION_LABELS if a in out]
