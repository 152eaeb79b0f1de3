"""Review requests and their timeline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from smedt.reviews import workflow
from smedt.reviews.querysets import ReviewRequestQuerySet

STATUS_CHOICES = [(k, v) for k, v in workflow.STATUS_LABELS.items()]
ACTION_CHOICES = [(k, v) for k, v in workflow.ACTION_LABELS.items()]


class ReviewRequest(models.Model):
    """审核事项 — one reviewable object going through the steps of one process."""

    process_key = models.CharField("审核流程", max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField("对象标识", max_length=64)
    title = models.CharField("事项", max_length=255)
    status = models.CharField("状态", max_length=16, choices=STATUS_CHOICES, default=workflow.PENDING, db_index=True)
    current_step = models.PositiveSmallIntegerField("当前环节", default=0)
    round = models.PositiveSmallIntegerField("提交轮次", default=1)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT)
    org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "审核事项"
        constraints = [
            models.UniqueConstraint(
                fields=["process_key", "content_type", "object_id"],
                condition=Q(status__in=[workflow.PENDING, workflow.RETURNED]),
                name="reviews_one_open_request_per_target",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def target(self) -> Any:
        model = self.content_type.model_class()
        assert model is not None
        return model._default_manager.get(pk=self.object_id)


class ReviewAction(models.Model):
    """审核记录 — one entry of the timeline: submission, decision with opinion, resubmission."""

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="actions")
    round = models.PositiveSmallIntegerField("轮次")
    step_key = models.CharField("环节", max_length=32, blank=True, default="")
    step_name = models.CharField("环节名称", max_length=64, blank=True, default="")
    action = models.CharField("动作", max_length=16, choices=ACTION_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("办理人", max_length=150, blank=True, default="")
    opinion = models.TextField("意见", blank=True, default="")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "审核记录"

    def __str__(self) -> str:
        return f"{self.action} {self.step_name}"
