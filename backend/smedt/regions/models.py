"""Administrative divisions: the tree behind every region scope."""

from __future__ import annotations

from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县区"


class Region(models.Model):
    """行政区划 — a node of the division tree (6-digit code), with a materialized path."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    short_name = models.CharField("简称", max_length=32, blank=True, default="")
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    kind = models.CharField("类型", max_length=16, blank=True, default="")  # 市辖区/县/县级市/功能区
    code_system = models.CharField("代码体系", max_length=16, blank=True, default="GB/T2260")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField("路径", max_length=255, unique=True, db_index=True)  # "410000/410700/410702/"
    depth = models.PositiveSmallIntegerField("深度", default=0)
    is_active = models.BooleanField("启用", default=True)
    is_reviewer = models.BooleanField("承担初审", default=False)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces")
    sort = models.IntegerField("排序", default=0)

    class Meta:
        ordering = ["path"]
        verbose_name = "行政区划"

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: Region) -> bool:
        return self.path.startswith(other.path)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name
