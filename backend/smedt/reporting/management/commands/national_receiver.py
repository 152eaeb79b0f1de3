"""``manage.py national_receiver``: run the local stand-in of the national platform (see reporting/receiver.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from smedt.reporting.receiver import ReceiverState, make_server


class Command(BaseCommand):
    help = "Run a local receiver that verifies signed records like the national pilot platform"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--hmac-key", default=getattr(settings, "SMEDT_NATIONAL_HMAC_KEY", ""))
        parser.add_argument("--sm2-public-key", default=getattr(settings, "SMEDT_NATIONAL_SM2_PUBLIC_KEY", ""))
        parser.add_argument("--fail-first", type=int, default=0, help="answer 503 to the first N requests")
        parser.add_argument("--store", default="", help="JSON-lines file of accepted records (kept across runs)")

    def handle(self, *args: Any, **opts: Any) -> None:
        state = ReceiverState(
            hmac_key_hex=opts["hmac_key"],
            sm2_public_hex=opts["sm2_public_key"],
            fail_first=opts["fail_first"],
            store=Path(opts["store"]) if opts["store"] else None,
        )
        server = make_server(opts["host"], opts["port"], state)
        self.stdout.write(f"national receiver listening on http://{opts['host']}:{server.server_port}/", ending="\n")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:  # pragma: no cover - interactive
            pass
        finally:
            server.server_close()
