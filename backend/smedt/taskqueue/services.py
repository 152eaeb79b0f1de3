"""Writes of the task queue: heartbeats, the lease reaper, retries, the scheduler lease, manual retry."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from datetime import datetime, timedelta
from traceback import format_exception
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, NotFound
from smedt.rbac.services import require
from smedt.taskqueue.errors import WORKER_LOST_PATH, TaskqueueErrorCode
from smedt.taskqueue.models import FailureKind, SchedulerLease, TaskAttemptLog, TaskManualRetry, WorkerHeartbeat
from smedt.taskqueue.retry import max_attempts_for_task_path

if TYPE_CHECKING:
    from django_tasks import TaskContext

    from smedt.taskqueue.retry import RetryPolicy

logger = logging.getLogger(__name__)

SCHEDULER_LEASE = "scheduler"
# Rows handled per call; the scheduler calls again 30 s later.
_BATCH = 500
_MESSAGE_MAX = 2000


def lease_seconds() -> int:
    return int(settings.SMEDT_TASK_LEASE_SECONDS)


def _supports_skip_locked(using: str) -> bool:
    return bool(connections[using].features.has_select_for_update_skip_locked)


# ---------------------------------------------------------------- heartbeats


def heartbeat_beat(
    *, worker_id: str, hostname: str, pid: int, started_at: datetime, now: datetime | None = None
) -> None:
    """Mark the worker alive now; the first beat creates its row (and a row the reaper deleted comes back)."""
    now = now or timezone.now()
    if WorkerHeartbeat.objects.filter(pk=worker_id).update(last_seen_at=now):
        return
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname=hostname[:255], pid=pid, started_at=started_at, last_seen_at=now
    )


def heartbeat_delete(*, worker_id: str) -> None:
    """A graceful exit: the worker's tasks are finished, so nothing is left for the reaper."""
    WorkerHeartbeat.objects.filter(pk=worker_id).delete()


# ---------------------------------------------------------------- retries


def task_attempt_failed(*, context: TaskContext, exc: BaseException, policy: RetryPolicy) -> TaskAttemptLog | None:
    """Record the failed attempt of a ``@retrying_task`` and decide whether another one follows.

    Called inside the worker, before the worker saves the failure; the decision is applied
    afterwards by ``retries_apply_pending`` (at once from the ``task_finished`` receiver,
    or by the reaper if the worker died in between). Never raises: the task's own error
    is what must reach the worker.
    """
    task_result = context.task_result
    try:
        if not isinstance(task_result.task.get_backend(), DatabaseBackend):
            return None
        now = timezone.now()
        attempt = context.attempt
        retry_at = now + policy.delay_after(attempt) if attempt < policy.attempts_allowed else None
        with transaction.atomic():
            return TaskAttemptLog.objects.create(
                task_result_id=task_result.id,
                attempt=attempt,
                worker_id=(task_result.worker_ids or [""])[-1][:64],
                kind=FailureKind.ERROR if isinstance(exc, Exception) else FailureKind.INTERRUPTED,
                exception_class_path=f"{type(exc).__module__}.{type(exc).__qualname__}",
                message=(str(exc) or type(exc).__name__)[:_MESSAGE_MAX],
                traceback="".join(format_exception(exc)),
                started_at=task_result.started_at,
                failed_at=now,
                retry_at=retry_at,
                retry_pending=retry_at is not None,
            )
    except Exception:
        logger.exception("could not record the failure of task %s; it will not be retried", task_result.id)
        return None


def retries_apply_pending(*, task_result_id: str | uuid.UUID | None = None) -> int:
    """Put FAILED tasks with a decided retry back to READY at their ``retry_at``. Idempotent.

    A decision is applied only to the attempt it was made for (``attempt == len(worker_ids)``);
    one left behind by an attempt the reaper or a later run superseded is dropped.
    """
    pending = TaskAttemptLog.objects.filter(retry_pending=True)
    if task_result_id is not None:
        pending = pending.filter(task_result_id=_parse_id(task_result_id))
    applied = 0
    for log_id, result_id in list(pending.order_by("id").values_list("id", "task_result_id")[:_BATCH]):
        with transaction.atomic():
            # Lock order: the task row, then its log rows.
            result = DBTaskResult.objects.select_for_update().only("status", "worker_ids").filter(pk=result_id).first()
            log = TaskAttemptLog.objects.select_for_update().filter(pk=log_id, retry_pending=True).first()
            if result is None or log is None:
                continue
            if result.status == TaskResultStatus.RUNNING and log.attempt == len(result.worker_ids):
                continue  # the worker has not saved this failure yet
            if result.status == TaskResultStatus.FAILED and log.attempt == len(result.worker_ids):
                applied += DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.FAILED).update(
                    status=TaskResultStatus.READY, run_after=log.retry_at, started_at=None, finished_at=None
                )
            log.retry_pending = False
            log.save(update_fields=["retry_pending"])
    return applied


# ---------------------------------------------------------------- the reaper


def _worker_lost_message(worker_id: str | None, last_seen: datetime | None, lease: int) -> str:
    who = worker_id or "未知进程"
    if last_seen is None:
        return f"执行进程 {who} 没有心跳记录，任务开始后超过 {lease} 秒未完成，视为执行中断"
    return f"执行进程 {who} 超过 {lease} 秒没有心跳（最近一次 {last_seen.isoformat()}），视为执行中断"


def _reap(result: DBTaskResult[Any, Any], *, worker_id: str | None, last_seen: datetime | None, now: datetime) -> bool:
    attempt = len(result.worker_ids)
    final = attempt >= max_attempts_for_task_path(result.task_path)
    message = _worker_lost_message(worker_id, last_seen, lease_seconds())
    # Compare-and-set on (status, started_at): the worker may have finished meanwhile.
    current = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at)
    if final:
        changed = current.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=WORKER_LOST_PATH,
            traceback=message,
        )
    else:
        changed = current.update(status=TaskResultStatus.READY, started_at=None)
    if not changed:
        return False
    TaskAttemptLog.objects.create(
        task_result_id=result.pk,
        attempt=attempt,
        worker_id=(worker_id or "")[:64],
        kind=FailureKind.WORKER_LOST,
        exception_class_path=WORKER_LOST_PATH,
        message=message,
        started_at=result.started_at,
        failed_at=now,
        retry_at=None if final else now,
    )
    logger.warning("task %s (%s) attempt %d: %s", result.pk, result.task_path, attempt, message)
    return True


def tasks_reap_stale(*, now: datetime | None = None) -> int:
    """Return RUNNING tasks whose worker is gone to READY (or FAILED on their last attempt).

    A task's worker is the last id in ``worker_ids``. It is gone when its heartbeat is older
    than ``SMEDT_TASK_LEASE_SECONDS``, or — with no heartbeat row at all (a plain
    ``db_worker``, or a row already reaped) — when the task started longer ago than that.
    The task keeps its ``worker_ids``, so the lost run counts as an attempt and a task that
    keeps killing its worker stops at the attempt limit. Also deletes dead heartbeat rows and
    applies retry decisions a dying worker left behind. Idempotent; returns the tasks reaped.
    """
    now = now or timezone.now()
    lease = lease_seconds()
    cutoff = now - timedelta(seconds=lease)
    reaped = 0
    using = DBTaskResult.objects.db
    with transaction.atomic(using=using):
        last_seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen_at"))
        running = DBTaskResult.objects.running().order_by("started_at")
        if _supports_skip_locked(using):
            # Skip rows a worker is saving right now; they are not stale.
            running = running.select_for_update(skip_locked=True)
        for result in running[:_BATCH]:
            worker_id = result.worker_ids[-1] if result.worker_ids else None
            seen = last_seen.get(worker_id) if worker_id else None
            # With a heartbeat row, its age decides; without one, the task's own age does.
            stale = seen < cutoff if seen is not None else (result.started_at is None or result.started_at < cutoff)
            if stale and _reap(result, worker_id=worker_id, last_seen=seen, now=now):
                reaped += 1
        WorkerHeartbeat.objects.filter(last_seen_at__lt=cutoff).delete()
    retries_apply_pending()
    return reaped


# ---------------------------------------------------------------- the scheduler lease


def scheduler_lease_acquire(
    *, holder: str, lease_seconds: float, name: str = SCHEDULER_LEASE, now: datetime | None = None
) -> bool:
    """Take or renew the lease; False while another holder's lease has not expired."""
    now = now or timezone.now()
    expires_at = now + timedelta(seconds=lease_seconds)
    with transaction.atomic():
        lease = SchedulerLease.objects.select_for_update().filter(pk=name).first()
        if lease is None:
            try:
                with transaction.atomic():
                    SchedulerLease.objects.create(name=name, holder=holder, expires_at=expires_at, renewed_at=now)
            except IntegrityError:
                return False  # another scheduler created it a moment ago
            return True
        if lease.holder != holder and lease.expires_at > now:
            return False
        lease.holder = holder
        lease.expires_at = expires_at
        lease.renewed_at = now
        lease.save(update_fields=["holder", "expires_at", "renewed_at"])
        return True


def scheduler_lease_release(*, holder: str, name: str = SCHEDULER_LEASE) -> None:
    """A graceful exit hands over at once instead of after the lease runs out."""
    SchedulerLease.objects.filter(pk=name, holder=holder).delete()


# ---------------------------------------------------------------- manual retry


def _parse_id(task_result_id: str | uuid.UUID) -> uuid.UUID:
    if isinstance(task_result_id, uuid.UUID):
        return task_result_id
    try:
        return uuid.UUID(str(task_result_id))
    except ValueError as exc:
        raise NotFound("任务不存在") from exc


@transaction.atomic
def task_retry(*, task_result_id: str | uuid.UUID, actor: Any) -> DBTaskResult[Any, Any]:
    """Enqueue a FAILED task again as a new task with the same arguments (once per failed task)."""
    require(actor, "taskqueue.retry_task")
    original = DBTaskResult.objects.select_for_update().filter(pk=_parse_id(task_result_id)).first()
    if original is None:
        raise NotFound("任务不存在")
    if original.status != TaskResultStatus.FAILED:
        raise Conflict(
            code=TaskqueueErrorCode.NOT_FAILED,
            message="只有执行失败的任务可以重试",
            details={"status": original.status},
        )
    earlier = TaskManualRetry.objects.filter(original=original).first()
    if earlier is not None:
        raise Conflict(
            code=TaskqueueErrorCode.ALREADY_RETRIED,
            message="该任务已经重试过，请查看重试生成的新任务",
            details={"retry_id": str(earlier.retry_id)},
        )
    try:
        task = original.task
    except (ImportError, SuspiciousOperation) as exc:
        raise Conflict(code=TaskqueueErrorCode.TASK_MISSING, message="任务代码已不存在，无法重试") from exc
    # A fresh run: the original's run_after is in the past and its attempts are used up.
    fresh = dataclasses.replace(task, run_after=None)
    enqueued = fresh.enqueue(*original.args_kwargs["args"], **original.args_kwargs["kwargs"])
    retry = DBTaskResult.objects.get(pk=enqueued.id)
    TaskManualRetry.objects.create(
        original=original,
        retry=retry,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="taskqueue.task_retry",
        target=original,
        before={"status": original.status, "attempts": len(original.worker_ids)},
        after={"retry_id": str(retry.pk), "task_path": original.task_path},
    )
    return retry
