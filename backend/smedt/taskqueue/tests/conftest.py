from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from smedt.taskqueue.testing import run_ready_tasks

BACKEND_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture
def effects(tmp_path: Path) -> str:
    """A file the test tasks append their side effects to."""
    return str(tmp_path / "effects.txt")


@pytest.fixture
def run_worker_batch() -> Callable[[], None]:
    """Run ``run_worker --batch`` in this process: every task that is ready, then return."""
    return run_ready_tasks


def _database_url() -> str:
    db = connection.settings_dict
    name = str(db["NAME"])
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip("a worker in another process needs a file-based test database (DATABASES TEST NAME)")
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor == "postgresql":
        user = quote(str(db.get("USER") or ""), safe="")
        password = quote(str(db.get("PASSWORD") or ""), safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = db.get("HOST") or "localhost"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{quote(name, safe='')}"
    pytest.skip(f"no subprocess worker test for {connection.vendor}")


@pytest.fixture
def subprocess_env() -> dict[str, str]:
    """Environment for a ``manage.py`` subprocess that sees this test's database (needs transaction=True)."""
    env = dict(os.environ)
    env["DATABASE_URL"] = _database_url()
    env["PYTHONPATH"] = os.pathsep.join([str(BACKEND_DIR), *(p for p in sys.path if p)])
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def manage_cmd() -> list[str]:
    """How to run a management command in a subprocess (``python -m django`` reads DJANGO_SETTINGS_MODULE)."""
    return [sys.executable, "-m", "django"]
