"""Dictionaries: code lists an administrator maintains (categories, 细分行业, document types …)."""

from __future__ import annotations

from django.db import models


class DictType(models.Model):
    """字典类型 — a named code list."""

    code = models.CharField("编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=64)
    builtin = models.BooleanField("内置", default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "字典类型"

    def __str__(self) -> str:
        return self.name


class DictItem(models.Model):
    """字典项 — one value of a code list with its label."""

    dict_type = models.ForeignKey(DictType, on_delete=models.CASCADE, related_name="items")
    value = models.CharField("值", max_length=64)
    label = models.CharField("显示名", max_length=128)
    sort = models.IntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = "字典项"
        constraints = [models.UniqueConstraint(fields=["dict_type", "value"], name="dicts_item_unique_value")]

    def __str__(self) -> str:
        return self.label
