"""What the task queue keeps beside django-tasks-db's own ``DBTaskResult`` rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_tasks_db.models import DBTaskResult


class WorkerHeartbeat(models.Model):
    """任务执行进程心跳 — one live ``run_worker`` process; a stale row means the process is gone."""

    worker_id = models.CharField("进程标识", max_length=64, primary_key=True)
    hostname = models.CharField("主机名", max_length=255)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    last_seen_at = models.DateTimeField("最近心跳", db_index=True)

    class Meta:
        ordering = ["hostname", "pid"]
        verbose_name = "任务执行进程"

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class FailureKind(models.TextChoices):
    ERROR = "error", "执行出错"
    INTERRUPTED = "interrupted", "执行被中断"
    WORKER_LOST = "worker_lost", "执行进程失联"


class TaskAttemptLog(models.Model):
    """任务失败记录 — one attempt of a task that did not succeed, and whether it will be retried.

    ``DBTaskResult`` keeps only the last error; this keeps each one, so the administrator
    sees why every attempt failed. The number of attempts is ``len(DBTaskResult.worker_ids)``
    (each claim by a worker appends its id).
    """

    task_result = models.ForeignKey(
        DBTaskResult, on_delete=models.CASCADE, related_name="attempt_logs", verbose_name="任务"
    )
    attempt = models.PositiveIntegerField("第几次执行")
    worker_id = models.CharField("执行进程", max_length=64, blank=True, default="")
    kind = models.CharField("失败类型", max_length=16, choices=FailureKind.choices)
    exception_class_path = models.TextField("异常类型", blank=True, default="")
    message = models.TextField("错误信息", blank=True, default="")
    traceback = models.TextField("错误堆栈", blank=True, default="")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    failed_at = models.DateTimeField("失败时间")
    retry_at = models.DateTimeField("计划重试时间", null=True, blank=True, help_text="为空表示不再重试")
    # The retry is decided by the failing attempt but applied once the worker has saved the
    # failure; a crash in between leaves this set and the reaper applies it.
    retry_pending = models.BooleanField("待重新排队", default=False, db_index=True)

    class Meta:
        ordering = ["task_result_id", "attempt", "id"]
        verbose_name = "任务失败记录"
        indexes = [models.Index(fields=["task_result", "attempt"], name="taskqueue_attempt_task_idx")]

    def __str__(self) -> str:
        return f"{self.task_result_id}#{self.attempt} {self.kind}"


class TaskManualRetry(models.Model):
    """任务人工重试 — an administrator re-enqueued a FAILED task as a new one."""

    original = models.OneToOneField(
        DBTaskResult, on_delete=models.CASCADE, related_name="manual_retry", verbose_name="原任务"
    )
    retry = models.OneToOneField(
        DBTaskResult, on_delete=models.CASCADE, related_name="manual_retry_of", verbose_name="新任务"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    requested_at = models.DateTimeField("重试时间")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "任务人工重试"

    def __str__(self) -> str:
        return f"{self.original_id} → {self.retry_id}"


class SchedulerLease(models.Model):
    """调度进程租约 — whoever holds an unexpired lease is the one active ``run_scheduler``."""

    name = models.CharField("名称", max_length=64, primary_key=True)
    holder = models.CharField("持有进程", max_length=128)
    expires_at = models.DateTimeField("到期时间")
    renewed_at = models.DateTimeField("续约时间")

    class Meta:
        verbose_name = "调度进程租约"

    def __str__(self) -> str:
        return f"{self.name}: {self.holder} until {self.expires_at.isoformat()}"
