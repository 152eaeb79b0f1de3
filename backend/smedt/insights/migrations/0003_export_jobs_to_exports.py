"""Data: the progress-report export jobs move to the one export mechanism (``exports.ExportJob``, kind
``insights_progress``); a finished file moves from the row into the file storage. Jobs still queued or
running are recorded as failed (their task belonged to the old code): the user exports again."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations
from django.utils import timezone

KIND = "insights_progress"
TTL = timedelta(hours=72)


def forward(apps, schema_editor):
    Old = apps.get_model("insights", "ExportJob")
    New = apps.get_model("exports", "ExportJob")
    for old in Old.objects.all().order_by("id").iterator(chunk_size=100):
        status, error, name, size = old.status, old.error, "", 0
        if status in ("pending", "running"):
            status, error = "failed", "系统升级时未完成，请重新导出"
        if status == "succeeded" and old.content is not None:
            data = bytes(old.content)
            name = default_storage.save(f"exports/migrated-{old.pk}.xlsx", ContentFile(data))
            size = len(data)
        elif status == "succeeded":
            status, error = "failed", "文件缺失，请重新导出"
        finished = old.finished_at or old.created_at
        job = New.objects.create(
            kind=KIND,
            params=old.filters or {},
            status=status,
            total=old.total,
            progress=old.progress,
            row_count=old.progress if status == "succeeded" else 0,
            storage_name=name,
            file_name=f"试点企业进度统计报表-{timezone.localtime(finished).strftime('%Y%m%d%H%M%S')}.xlsx" if name else "",
            size=size,
            error=error,
            created_by_id=old.created_by_id,
            finished_at=old.finished_at,
            expires_at=(finished + TTL) if name else None,
        )
        New.objects.filter(pk=job.pk).update(created_at=old.created_at)  # auto_now_add on create


def backward(apps, schema_editor):
    Old = apps.get_model("insights", "ExportJob")
    New = apps.get_model("exports", "ExportJob")
    for job in New.objects.filter(kind=KIND).order_by("id").iterator(chunk_size=100):
        content = None
        if job.storage_name and default_storage.exists(job.storage_name):
            with default_storage.open(job.storage_name, "rb") as fh:
                content = fh.read()
        status = job.status if job.status in ("pending", "running", "succeeded", "failed") else "failed"
        old = Old.objects.create(
            filters=job.params,
            status=status if content is not None or status != "succeeded" else "failed",
            total=job.total,
            progress=job.progress,
            content=content,
            error=job.error,
            created_by_id=job.created_by_id,
            finished_at=job.finished_at,
        )
        Old.objects.filter(pk=old.pk).update(created_at=job.created_at)
        if job.storage_name:
            default_storage.delete(job.storage_name)
        job.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_summary_cells"),
        ("exports", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
