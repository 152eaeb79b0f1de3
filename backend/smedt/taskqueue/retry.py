"""``@retrying_task``: a django-tasks ``@task`` that is run again, with backoff, when it fails.

Callers enqueue it as usual (``send_notice.enqueue(notice_id)``). When the function raises,
the failed attempt is recorded (``TaskAttemptLog``) with the time of the next try; once the
worker has saved the failure, the same ``DBTaskResult`` row goes back to READY with
``run_after`` set to that time (``services.retries_apply_pending``). The row keeps one id
from the first attempt to the last; ``len(worker_ids)`` is the number of attempts. After
``max_attempts`` the row stays FAILED with the last error and traceback.

A retried task runs again from the top, and a task whose worker died runs again too:
**every task must be idempotent** (see ``smedt.taskqueue``).

Retries need the database backend (the failure is recorded against its row); with any
other backend (e.g. the immediate backend in development) a failure is simply raised.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from inspect import iscoroutinefunction
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar, overload

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, TaskContext, task
from django_tasks.base import DEFAULT_TASK_PRIORITY, Task

P = ParamSpec("P")
T = TypeVar("T")

# The policy travels on the function the Task wraps, so anyone holding a task path
# (the reaper, the admin screen) can find it with import_string.
POLICY_ATTR = "smedt_retry_policy"

# 2**63 seconds is far beyond any cap; stops the float from overflowing on huge attempt numbers.
_MAX_EXPONENT = 63


def backoff_seconds(attempt: int, *, base_delay: float, max_delay: float, jitter: float = 1.0) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based) before the next one.

    Exponential — ``base_delay * 2**(attempt-1)`` — and capped at ``max_delay``. "Equal
    jitter": half of that delay is fixed and the other half is scaled by ``jitter`` in
    [0, 1] (the caller passes a random number), so tasks that failed together do not all
    come back at the same instant. For a given ``jitter`` the delay never decreases as
    ``attempt`` grows and never exceeds ``max_delay``.
    """
    if attempt < 1:
        raise ValueError("attempt starts at 1")
    if base_delay < 0 or max_delay < 0:
        raise ValueError("delays must not be negative")
    if not 0.0 <= jitter <= 1.0:
        raise ValueError("jitter must be within [0, 1]")
    exponent = min(attempt - 1, _MAX_EXPONENT)
    delay = min(float(max_delay), float(base_delay) * float(2**exponent))
    return delay / 2 + delay / 2 * jitter


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a task is retried. ``max_attempts=None``: the setting."""

    max_attempts: int | None = None
    base_delay: float = 5.0
    max_delay: float = 600.0

    def __post_init__(self) -> None:
        if self.max_attempts is not None and self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("delays must not be negative")

    @property
    def attempts_allowed(self) -> int:
        """Resolved when used, so tests and deployments can change the setting."""
        return self.max_attempts if self.max_attempts is not None else default_max_attempts()

    def delay_after(self, attempt: int) -> timedelta:
        seconds = backoff_seconds(
            attempt,
            base_delay=self.base_delay,
            max_delay=self.max_delay,
            jitter=random.random(),  # noqa: S311 — spreading retries, not security
        )
        return timedelta(seconds=seconds)


def default_max_attempts() -> int:
    return int(settings.SMEDT_TASK_MAX_ATTEMPTS)


def policy_for_task_path(task_path: str) -> RetryPolicy | None:
    """The policy of the task at ``task_path``, or None for a plain ``@task`` or a vanished one."""
    try:
        target = import_string(task_path)
    except ImportError:
        return None
    func = getattr(target, "func", None)
    policy = getattr(func, POLICY_ATTR, None)
    return policy if isinstance(policy, RetryPolicy) else None


def max_attempts_for_task_path(task_path: str) -> int:
    """Attempts a task may use, counting those cut short by a dead worker."""
    policy = policy_for_task_path(task_path)
    return policy.attempts_allowed if policy is not None else default_max_attempts()


def _make_runner(func: Callable[..., Any], policy: RetryPolicy, *, pass_context: bool) -> Callable[..., Any]:
    def runner(context: TaskContext, *args: Any, **kwargs: Any) -> Any:
        try:
            if pass_context:
                return func(context, *args, **kwargs)
            return func(*args, **kwargs)
        except BaseException as exc:
            # BaseException too: a worker told to stop mid-task (SystemExit) is retried.
            from smedt.taskqueue.services import task_attempt_failed

            task_attempt_failed(context=context, exc=exc, policy=policy)
            raise

    # The worker imports tasks by path: the runner takes the function's name and module so
    # that path leads back to the Task. No __wrapped__, so django-tasks sees `context` first.
    runner.__module__ = func.__module__
    runner.__name__ = func.__name__
    runner.__qualname__ = func.__qualname__
    runner.__doc__ = func.__doc__
    setattr(runner, POLICY_ATTR, policy)
    return runner


@overload
def retrying_task(
    *,
    max_attempts: int | None = ...,
    base_delay: float = ...,
    max_delay: float = ...,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[False] = ...,
) -> Callable[[Callable[P, T]], Task[P, T]]: ...


@overload
def retrying_task(
    *,
    max_attempts: int | None = ...,
    base_delay: float = ...,
    max_delay: float = ...,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[True],
) -> Callable[[Callable[Concatenate[TaskContext, P], T]], Task[P, T]]: ...


def retrying_task(
    *,
    max_attempts: int | None = None,
    base_delay: float = 5.0,
    max_delay: float = 600.0,
    priority: int = DEFAULT_TASK_PRIORITY,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
    backend: str = DEFAULT_TASK_BACKEND_ALIAS,
    takes_context: bool = False,
) -> Callable[[Callable[..., Any]], Task[Any, Any]]:
    """Use instead of ``@task``: same options, plus the retry policy.

    ``max_attempts`` counts every run, the first included (default
    ``settings.SMEDT_TASK_MAX_ATTEMPTS``); the wait after failed attempt *n* is
    ``backoff_seconds(n, base_delay=…, max_delay=…)`` with random jitter.
    With ``takes_context=True`` the function receives the ``TaskContext`` first
    (``context.attempt`` is the number of this attempt).
    """
    policy = RetryPolicy(max_attempts=max_attempts, base_delay=base_delay, max_delay=max_delay)

    def decorator(func: Callable[..., Any]) -> Task[Any, Any]:
        if isinstance(func, Task):
            raise TypeError("@retrying_task replaces @task (it takes the same options); do not stack them")
        if iscoroutinefunction(func):
            raise TypeError("@retrying_task supports synchronous functions only")
        runner = _make_runner(func, policy, pass_context=takes_context)
        return task(runner, priority=priority, queue_name=queue_name, backend=backend, takes_context=True)

    return decorator
