"""Start and stop the local provider processes used by the end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

BACKEND_DIR = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"provider process exited early:\n{out[-3000:]}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"provider process did not answer at {url}")


@contextmanager
def running(args: list[str], *, url: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Iterator[None]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_SETTINGS_MODULE", "DATABASE_URL"))}
    full_env.update(env or {})
    proc = subprocess.Popen(  # noqa: S603  # our own interpreter and module
        [sys.executable, *args], cwd=cwd or BACKEND_DIR, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_until_up(url, proc)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
