"""``manage.py run_all``: web (gunicorn), background worker and scheduler on one machine, supervised.

A program that dies is restarted with a backoff while the others keep serving
(see ``smedt.taskqueue.supervisor``). ``make run`` calls it through ``scripts/run-all.sh``.
"""

from __future__ import annotations

import logging
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from smedt.taskqueue.supervisor import Program, Supervisor


def programs(*, host: str, port: int, web_workers: int, worker_args: list[str]) -> list[Program]:
    """The three programs of the embedded run, each started with this interpreter."""
    backend = str(settings.BASE_DIR)
    manage = str(settings.BASE_DIR / "manage.py")
    python = sys.executable
    return [
        Program(
            name="web",
            argv=[
                python,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(web_workers),
                "--timeout",
                "120",
                "--access-logfile",
                "-",
            ],
            cwd=backend,
        ),
        Program(name="worker", argv=[python, manage, "run_worker", *worker_args], cwd=backend),
        Program(name="scheduler", argv=[python, manage, "run_scheduler"], cwd=backend),
    ]


class Command(BaseCommand):
    help = "Run web, worker and scheduler; restart any that dies (with backoff) while the others keep serving"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=3)
        parser.add_argument(
            "--stable-seconds",
            type=float,
            default=60.0,
            help="A run this long resets the restart backoff (default: %(default)r)",
        )
        parser.add_argument(
            "--worker-arg",
            action="append",
            default=[],
            help="Extra argument for run_worker (repeatable), e.g. --worker-arg=--interval=0.5",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port: int = options["port"]
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535")
        if options["web_workers"] < 1:
            raise CommandError("--web-workers must be at least 1")
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s [supervisor] %(message)s"))
        log = logging.getLogger("smedt.supervisor")
        log.handlers = [handler]
        log.setLevel(logging.INFO)
        log.propagate = False
        supervisor = Supervisor(
            programs(
                host=options["host"],
                port=port,
                web_workers=options["web_workers"],
                worker_args=list(options["worker_arg"]),
            ),
            stable_seconds=options["stable_seconds"],
        )
        self.stdout.write(f"平台已启动： http://{options['host']}:{port}   （Ctrl-C 停止）")
        self.stdout.flush()
        supervisor.run()
