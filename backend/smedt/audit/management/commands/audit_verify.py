"""``manage.py audit_verify``: check the audit chain against its signed head and checkpoints.

Exit status 0 when intact, 1 when not (for monitoring); the message says what was found.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from smedt.audit.services import audit_verify


class Command(BaseCommand):
    help = "校验操作日志链（含签名链头与文件存储中的签名检查点），发现篡改或截断时以状态 1 退出"

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(report.message, returncode=1)
        self.stdout.write(report.message)
