"""manage.py contract_verify FILE.pdf [--signatures FILE.json]: check a contract's digest and SM2 signatures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "验证电子合同：PDF 的 SM3 摘要与各方 SM2 签名（签名文件缺省时按摘要查找平台记录）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pdf", type=Path)
        parser.add_argument("--signatures", type=Path, default=None, help="签名文件 signatures.json")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        from smedt.core.errors import ApplicationError
        from smedt.projects.selectors import contract_verify_upload

        pdf_path: Path = options["pdf"]
        if not pdf_path.is_file():
            raise CommandError(f"文件不存在：{pdf_path}")
        bundle = None
        if options["signatures"] is not None:
            if not options["signatures"].is_file():
                raise CommandError(f"签名文件不存在：{options['signatures']}")
            bundle = options["signatures"].read_bytes()
        try:
            result = contract_verify_upload(pdf=pdf_path.read_bytes(), bundle_raw=bundle, contract_id=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"合同编号：{result['contract_number'] or '（平台无记录）'}")
            self.stdout.write(f"文件 SM3：{result['digest']}")
            self.stdout.write(f"摘要一致：{'是' if result['digest_match'] else '否'}")
            for s in result["signatures"]:
                mark = "有效" if s["valid"] else "无效"
                self.stdout.write(f"签名 {s['party']} {s['org_name']} {s['signer_name']} {s['signed_at']}：{mark}")
        if not result["ok"]:
            raise CommandError("验证未通过")
        self.stdout.write(self.style.SUCCESS("验证通过"))
