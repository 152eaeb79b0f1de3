"""States of a self-assessment or on-site rating, and how a draft is merged. Pure: no Django.

draft --save--> draft, draft --submit--> submitted; a submitted one never changes (a new
assessment is started instead). Illegal transitions are a 409 naming the allowed actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smedt.core.errors import InvalidTransition, ValidationFailed

DRAFT = "draft"
SUBMITTED = "submitted"
STATUS_NAMES = {DRAFT: "草稿", SUBMITTED: "已提交"}
ACTION_NAMES = {"save": "保存草稿", "submit": "提交", "delete": "删除"}

TRANSITIONS: Mapping[tuple[str, str], str | None] = {
    (DRAFT, "save"): DRAFT,
    (DRAFT, "submit"): SUBMITTED,
    (DRAFT, "delete"): None,
}
SECTIONS = ("answers", "scenarios", "evidence")


def allowed_actions(current: str) -> list[str]:
    return [action for (state, action) in TRANSITIONS if state == current]


def transition(current: str, action: str) -> str | None:
    """The state after ``action`` (None: the record is gone), or 409 naming what is allowed."""
    if (current, action) in TRANSITIONS:
        return TRANSITIONS[(current, action)]
    allowed = allowed_actions(current)
    names = "、".join(ACTION_NAMES.get(a, a) for a in allowed) or "无"
    raise InvalidTransition(
        current=current,
        action=action,
        allowed=allowed,
        message=f"{STATUS_NAMES.get(current, current)}状态不能{ACTION_NAMES.get(action, action)}（可执行：{names}）",
    )


def merge_draft(current: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Autosave: each section of ``patch`` is merged key by key into ``current``; a null value clears one item.

    Sections not in the patch are kept. Unknown sections are a 422 (nothing is merged).
    """
    unknown = [key for key in patch if key not in SECTIONS]
    if unknown:
        raise ValidationFailed(
            code="assessment.invalid_answers",
            message=f"未知字段“{unknown[0]}”（只允许 answers、scenarios、evidence）",
            details={"fields": {key: "未知字段" for key in unknown}},
        )
    merged: dict[str, dict[str, Any]] = {}
    for section in SECTIONS:
        base = dict(current.get(section) or {})
        part = patch.get(section)
        if part is not None:
            if not isinstance(part, Mapping):
                raise ValidationFailed(
                    code="assessment.invalid_answers",
                    message=f"“{section}”应为以编号为键的对象",
                    details={"fields": {section: "应为对象"}},
                )
            for key, value in part.items():
                if value is None:
                    base.pop(str(key), None)
                else:
                    base[str(key)] = value
        merged[section] = base
    return merged


def industry_division(industry_code: str) -> str:
    """GB/T 4754 行业大类 (2 digits) from an industry code like "C3432" or "3432"; "" when unknown."""
    digits = "".join(ch for ch in industry_code if ch.isdigit())
    return digits[:2] if len(digits) >= 2 else ""
