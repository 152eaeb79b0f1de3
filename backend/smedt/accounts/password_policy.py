"""Password policy: length and character classes (等保 level 3), no reuse of recent passwords."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

_CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^A-Za-z0-9]"), "特殊字符"),
]
HISTORY_DEPTH = 5


def password_problems(password: str, *, username: str = "") -> list[str]:
    problems = []
    min_len = settings.SMEDT_PASSWORD_MIN_LENGTH
    if len(password) < min_len:
        problems.append(f"密码长度至少 {min_len} 位")
    if len(password) > 128:
        problems.append("密码长度不能超过 128 位")
    present = [label for rx, label in _CLASSES if rx.search(password)]
    if len(present) < 3:
        problems.append("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类")
    if username and username.lower() in password.lower():
        problems.append("密码不能包含用户名")
    return problems


class PasswordPolicyValidator:
    def validate(self, password: str, user: Any = None) -> None:
        problems = password_problems(password, username=getattr(user, "username", "") or "")
        if user is not None and getattr(user, "pk", None):
            from smedt.accounts.models import PasswordHistory

            recent = PasswordHistory.objects.filter(user_id=user.pk).order_by("-id")[:HISTORY_DEPTH]
            if any(check_password(password, h.password) for h in recent):
                problems.append(f"不能与最近 {HISTORY_DEPTH} 次使用过的密码相同")
        if problems:
            raise ValidationError("；".join(problems), code="password_policy")

    def get_help_text(self) -> str:
        return f"至少 {settings.SMEDT_PASSWORD_MIN_LENGTH} 位，包含大写字母、小写字母、数字、特殊字符中的至少三类"
