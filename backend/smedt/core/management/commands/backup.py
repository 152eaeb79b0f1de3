"""``manage.py backup``: the database rows and the stored files in one archive with a manifest."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from smedt.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份：数据库全部数据（SM4 加密）与文件存储，清单含每表行数和每个文件的 SM3 摘要"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="archive path (default: $SMEDT_DATA_DIR/backups/smedt-backup-<UTC time>.tar)",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        if output is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.DATA_DIR) / "backups" / f"smedt-backup-{stamp}.tar"
        if output.exists():
            raise CommandError(f"{output} 已存在")
        try:
            manifest = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        totals = manifest["totals"]
        self.stdout.write(
            f"备份完成：{output}（{totals['tables']} 张表 {totals['rows']} 行，"
            f"{totals['files']} 个文件 {totals['bytes']} 字节）"
        )
