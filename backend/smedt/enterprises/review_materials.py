"""Review materials of 招聘信息发布 (试点企业遴选 runs on the application engine, which has its own)."""

from __future__ import annotations

from django.utils import timezone

from smedt.enterprises.models import RecruitmentPost
from smedt.reviews.materials import (
    Finding,
    Materials,
    MaterialSection,
    MaterialTable,
    fields,
    text,
)


def recruitment_materials(post: RecruitmentPost) -> Materials:
    positions = [(text(p.get("name")), text(p.get("count")), text(p.get("salary"))) for p in (post.positions or [])]
    findings: list[Finding] = []
    if post.valid_until < timezone.localdate():
        findings.append(Finding("error", "有效期已过"))
    if not positions:
        findings.append(Finding("error", "未填写招聘岗位"))
    return Materials(
        sections=[
            MaterialSection(
                "招聘信息",
                fields(
                    ("企业", post.org.name),
                    ("标题", post.title),
                    ("联系人", post.contact_name),
                    ("联系电话", post.contact_phone),
                    ("有效期至", post.valid_until.isoformat()),
                    ("任职要求", post.requirements),
                    long=("任职要求",),
                ),
            ),
            MaterialSection("招聘岗位", table=MaterialTable(("岗位", "人数", "薪资"), tuple(positions))),
        ],
        findings=findings,
    )
