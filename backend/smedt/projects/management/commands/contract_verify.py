"""manage.py contract_verify FILE.pdf [--signatures FILE.json [--offline [--expect-key PARTY=KEY ...]]].

Without --offline the platform's records decide: the contract is found by the file's SM3 digest and every
signature is checked against the platform's public key of that party's organization. With --offline no
database is used: the signatures file's own public keys are checked mathematically, and who they belong to
is checked only against keys given with --expect-key; without them the result says so and is not a pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

PARTY_ALIASES = {"enterprise": "enterprise", "甲方": "enterprise", "provider": "provider", "乙方": "provider"}


def _expected_key(value: str) -> tuple[str, str]:
    """PARTY=KEY, KEY being 04||x||y hex or the path of a PEM file (the bundle's public_key_pem)."""
    from smedt.projects.signing import normalize_public_key, public_key_from_pem

    party, sep, key = value.partition("=")
    if not sep or party.strip() not in PARTY_ALIASES or not key.strip():
        raise CommandError(f"--expect-key 格式应为 enterprise=公钥 或 provider=公钥：{value}")
    key = key.strip()
    try:
        path = Path(key)
        if len(key) < 200 and path.is_file():
            return PARTY_ALIASES[party.strip()], public_key_from_pem(path.read_text(encoding="utf-8"))
        return PARTY_ALIASES[party.strip()], normalize_public_key(key)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CommandError(f"--expect-key {party}：{exc}") from None


class Command(BaseCommand):
    help = "验证电子合同：PDF 的 SM3 摘要、双方 SM2 签名及签名公钥归属（默认按平台记录核验）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pdf", type=Path)
        parser.add_argument("--signatures", type=Path, default=None, help="签名文件 signatures.json")
        parser.add_argument(
            "--offline",
            action="store_true",
            help="不访问平台数据库，只用签名文件验证（需 --signatures；公钥归属仅按 --expect-key 核验）",
        )
        parser.add_argument(
            "--expect-key",
            action="append",
            default=[],
            metavar="PARTY=KEY",
            help="离线核验时签约方应有的公钥：enterprise=<04…十六进制或 PEM 文件> / provider=<…>，可重复",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        pdf_path: Path = options["pdf"]
        if not pdf_path.is_file():
            raise CommandError(f"文件不存在：{pdf_path}")
        bundle = None
        if options["signatures"] is not None:
            if not options["signatures"].is_file():
                raise CommandError(f"签名文件不存在：{options['signatures']}")
            bundle = options["signatures"].read_bytes()
        if options["expect_key"] and not options["offline"]:
            raise CommandError("--expect-key 只用于 --offline：在线核验时使用平台登记的双方公钥")
        pdf = pdf_path.read_bytes()
        if options["offline"]:
            if bundle is None:
                raise CommandError("--offline 需要 --signatures 签名文件")
            result = self._offline(pdf, bundle, options["expect_key"])
        else:
            from smedt.core.errors import ApplicationError
            from smedt.projects.selectors import contract_verify_upload

            try:
                result = contract_verify_upload(pdf=pdf, bundle_raw=bundle, contract_id=None)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self._print(result, offline=options["offline"], as_json=options["json"])
        if not result["ok"]:
            raise CommandError(f"验证未通过：{result['status_label']}")
        self.stdout.write(self.style.SUCCESS("验证通过"))

    def _offline(self, pdf: bytes, raw: bytes, expect: list[str]) -> dict[str, Any]:
        from smedt.projects.signing import TrustedParty, bundle_parse, contract_verify_bytes

        try:
            bundle = bundle_parse(raw)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        trusted = None
        if expect:
            keys = dict(_expected_key(value) for value in expect)
            trusted = {party: TrustedParty(party=party, public_key=key) for party, key in keys.items()}
        return contract_verify_bytes(pdf, bundle, trusted=trusted).as_dict()

    def _print(self, result: dict[str, Any], *, offline: bool, as_json: bool) -> None:
        from smedt.projects.signing import PARTY_LABELS

        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"核验方式：{'离线（仅签名文件）' if offline else '平台记录'}")
            self.stdout.write(f"合同编号：{result['contract_number'] or '（平台无记录）'}")
            self.stdout.write(f"文件 SM3：{result['digest']}")
            self.stdout.write(f"摘要一致：{'是' if result['digest_match'] else '否'}")
            for s in result["signatures"]:
                mark = "有效" if s["valid"] else f"无效（{s['reason']}）"
                owner = "公钥已核验" if s["key_checked"] else "公钥归属未核验"
                party = PARTY_LABELS.get(s["party"], s["party"])
                self.stdout.write(f"签名 {party} {s['org_name']} {s['signer_name']} {s['signed_at']}：{mark}，{owner}")
            self.stdout.write(f"结论：{result['status_label']}")
            for reason in result["reasons"]:
                self.stdout.write(f"  - {reason}")
        if offline and not result["key_checked"]:
            self.stderr.write(
                "注意：未核验公钥归属——签名文件里的公钥可能不是合同双方的。"
                "请在平台上验证，或用 --expect-key enterprise=… --expect-key provider=… 指定双方公钥。"
            )
