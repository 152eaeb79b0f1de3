"""Print the OpenAPI schema (the front end generates its types from it)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "输出 OpenAPI 文档（JSON）"

    def handle(self, *args: Any, **options: Any) -> None:
        from config.api import api

        schema = api.get_openapi_schema(path_prefix="/api")
        self.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))
