"""``manage.py assessment_score``: score an answer file offline; prints the full result as JSON."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smedt.assessment.scoring import AnswersInvalid, evaluate
from smedt.assessment.selectors import definition_resolve
from smedt.core.errors import ApplicationError

HELP = """\
Score one answer file against an indicator set and print the result as JSON: total, score per
dimension / group / indicator, scenario counts per level (约束性 separately), the level rule
checks, the level (一级–四级 or 未达一级), evidence warnings, the trace, and the distance to the
next level. Same code path as the API (smedt.assessment.scoring.evaluate).

Where the indicator set comes from (--source):
  auto (default)  the database — the active version of --indicator-set, or --set-version —
                  when the database holds that code; otherwise the data file shipped with the
                  code, smedt/assessment/data/<code>.yaml (also when the database is not migrated)
  db              the database only
  file            the packaged data file only
The output names the source used ("indicator_set_source").

Answer file (JSON; "-" reads standard input):
  {"answers":   {"MF-01": ["B", "C"], "MF-02": "C", ...},   question id -> option code(s)
   "scenarios": {"S01": 2, ...},                            scenario id -> level 0..4
   "evidence":  {"production_equipment": 120, ...}}         optional figures
An optional "indicator_set" key must match --indicator-set.

Exit status: 0 scored; 2 the answers are invalid (the error, with one message per question,
is printed as JSON on standard error); 1 any other error.
"""


class Command(BaseCommand):
    help = "Score an answer file against an indicator set; prints the result as JSON"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = HELP
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE.json", help="answer file, or - for standard input")
        parser.add_argument("--indicator-set", required=True, metavar="CODE", help="e.g. 2024-manufacturing")
        parser.add_argument(
            "--set-version", default=None, metavar="VERSION", help="a stored version (default: the active one)"
        )
        parser.add_argument("--source", choices=["auto", "db", "file"], default="auto", help="default: %(default)s")
        parser.add_argument("--compact", action="store_true", help="one line of JSON instead of indented")

    def _read(self, name: str) -> Any:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"cannot read {name}: {exc.strerror}") from None
        try:
            return json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{name} is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None

    def handle(self, *args: Any, **options: Any) -> None:
        code: str = options["indicator_set"]
        document = self._read(options["file"])
        if isinstance(document, dict):
            named = document.pop("indicator_set", code)
            if named != code:
                raise CommandError(f"the answer file is for indicator set {named!r}, not {code!r}")
        try:
            resolved = definition_resolve(code=code, version=options["set_version"], source=options["source"])
            evaluation = evaluate(resolved.definition, document)
        except AnswersInvalid as exc:
            envelope = {"code": exc.code, "message": exc.message, "details": exc.details}
            self.stderr.write(json.dumps(envelope, ensure_ascii=False, indent=2))
            raise CommandError("the answers are invalid (details above)", returncode=2) from None
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        output = {
            "indicator_set_source": {
                "source": resolved.source,
                "location": resolved.location,
                "sm3": resolved.digest,
            },
            **evaluation.to_dict(),
        }
        indent = None if options["compact"] else 2
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=indent))
