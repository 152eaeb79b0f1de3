"""招聘信息 — posted by pilot enterprises, published after city review, public until it expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smedt.enterprises.querysets import RecruitmentPostQuerySet


class PostStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEWING = "reviewing", "审核中"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class RecruitmentPost(models.Model):
    """招聘信息 — positions, requirements, contact and validity of one notice."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=128)
    positions = models.JSONField("招聘岗位", default=list)  # [{"name", "count", "salary"}]
    requirements = models.TextField("任职要求", blank=True, default="")
    contact_name = models.CharField("联系人", max_length=64)
    contact_phone = models.CharField("联系电话", max_length=32)  # a published business contact, shown publicly
    valid_until = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=16, choices=PostStatus.choices, default=PostStatus.DRAFT, db_index=True
    )
    review = models.ForeignKey(
        "reviews.ReviewRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RecruitmentPostQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "招聘信息"

    def __str__(self) -> str:
        return self.title
