"""``manage.py audit_checkpoint``: write a signed checkpoint of the audit chain now (the scheduler
does it every SMEDT_AUDIT_CHECKPOINT_SECONDS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from smedt.audit.checkpoints import checkpoint_write


class Command(BaseCommand):
    help = "立即为操作日志链写入一个签名检查点（写入文件存储）"

    def handle(self, *args: Any, **options: Any) -> None:
        cp = checkpoint_write()
        if cp is None:
            self.stdout.write("无需写入：自上个检查点以来没有新的操作日志")
        else:
            self.stdout.write(f"已写入检查点：第 {cp.seq} 条（记录 {cp.record_id}）")
