"""Tasks the tests enqueue. Module-level, so a worker in another process can import them by path.

Each appends a line to the file it is given: the side effect the tests count.
"""

from __future__ import annotations

import time

from django_tasks import TaskContext, task

from smedt.taskqueue.retry import retrying_task


def append_line(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def read_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().splitlines()
    except FileNotFoundError:
        return []


@task()
def record(path: str, label: str) -> str:
    append_line(path, label)
    return label


@task()
def slow_first_time(path: str, seconds: float) -> None:
    """Signals its start, and on its first run sleeps long enough to be killed mid-task."""
    append_line(path, "start")
    if read_lines(path).count("start") == 1:
        time.sleep(seconds)
    append_line(path, "done")


@retrying_task(max_attempts=3, base_delay=0, max_delay=0, takes_context=True)
def flaky(context: TaskContext, path: str, fail_times: int) -> int:
    append_line(path, f"attempt {context.attempt}")
    if context.attempt <= fail_times:
        raise RuntimeError(f"第 {context.attempt} 次失败")
    return context.attempt


@retrying_task(max_attempts=3, base_delay=0, max_delay=0)
def always_fails(path: str) -> None:
    append_line(path, "attempt")
    raise ValueError("总是失败")


@retrying_task(max_attempts=4, base_delay=60, max_delay=600)
def fails_with_backoff(path: str) -> None:
    append_line(path, "attempt")
    raise ValueError("稍后再试")
