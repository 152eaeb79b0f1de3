"""``manage.py restore ARCHIVE``: restore a backup into an empty, migrated system and verify it."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from smedt.core.backup import BackupError, backup_read_manifest, backup_restore


class Command(BaseCommand):
    help = "恢复：把 backup 生成的备份恢复到新建的空系统（先执行 migrate），并核对行数、文件摘要和操作日志哈希链"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--check", action="store_true", help="only verify the archive's manifest MAC and show it")

    def handle(self, *args: Any, archive: Path, check: bool, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(f"找不到备份文件 {archive}")
        try:
            if check:
                manifest = backup_read_manifest(archive)
                totals = manifest["totals"]
                self.stdout.write(
                    f"备份清单校验通过：{manifest['created_at']}，{totals['tables']} 张表 {totals['rows']} 行，"
                    f"{totals['files']} 个文件"
                )
                return
            report = backup_restore(archive=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"恢复完成：{len(report.tables)} 张表 {sum(report.tables.values())} 行，{report.files} 个文件，"
            f"操作日志哈希链校验通过（{report.audit_checked} 条）"
        )
