"""Review materials of a submission (申报书): every template section with labelled values, the
attached files, the pre-review findings and indicator results, and the experts' score sheets."""

from __future__ import annotations

from typing import Any

from smedt.applications.models import Submission
from smedt.applications.report import display_value
from smedt.applications.results import result_materials
from smedt.applications.schema import schema_fields
from smedt.applications.validation import files_in
from smedt.reviews.materials import (
    Finding,
    MaterialAttachment,
    MaterialField,
    Materials,
    MaterialSection,
    MaterialTable,
    Opinion,
    fields,
    text,
)


def _file_purposes(schema: dict[str, Any], data: dict[str, Any]) -> dict[str, str]:
    """attachment id → the label of the file field it was uploaded to (what the file is for)."""
    out: dict[str, str] = {}
    for f in schema_fields(schema):
        value = data.get(f["key"])
        if f["kind"] == "file" and isinstance(value, list):
            out.update({str(v): f["label"] for v in value})
        if f["kind"] == "table" and isinstance(value, list):
            for row in value:
                for col in f.get("columns", []):
                    cell = row.get(col["key"]) if isinstance(row, dict) else None
                    if col["kind"] == "file" and isinstance(cell, list):
                        out.update({str(v): f"{f['label']}：{col['label']}" for v in cell})
    return out


def submission_materials(s: Submission) -> Materials:
    from smedt.files.models import Attachment

    schema = s.template_version.schema
    ids = files_in(schema, s.data)
    names = {str(pk): name for pk, name in Attachment.objects.filter(pk__in=ids).values_list("pk", "name")}
    sections = [
        MaterialSection(
            "申报信息",
            fields(
                ("申报批次", s.campaign.name),
                ("申报模板", f"{s.template_version.template.name}（第 {s.template_version.version} 版）"),
                ("申报单位", s.org.name),
                ("所在区域", s.region.name),
                ("预评审得分", s.prereview_score),
            ),
        )
    ]
    for sec in schema.get("sections", []):
        sections.append(
            MaterialSection(
                sec["title"],
                tuple(
                    MaterialField(
                        f["label"],
                        text(display_value(f, s.data.get(f["key"]), names)),
                        f["kind"] in ("textarea", "table"),
                    )
                    for f in sec["fields"]
                ),
            )
        )
    if s.facts:
        sections.append(
            MaterialSection(
                "后台数据（提交时）",
                tuple(
                    MaterialField(
                        str(f.get("label") or key),
                        text(
                            f"{f.get('value')}（{f.get('source_label') or '平台数据'}"
                            + (f"，{f['year']} 年度" if f.get("year") else "")
                            + "）"
                            if f.get("value") not in (None, "")
                            else ""
                        ),
                    )
                    for key, f in s.facts.items()
                    if isinstance(f, dict)
                ),
            )
        )
    sections += result_materials(s.campaign.result_handler, s)  # e.g. the subsidy's computed amount and trace
    if s.indicators:
        sections.append(
            MaterialSection(
                "量化指标（自动预评审）",
                table=MaterialTable(
                    ("指标", "得分", "说明", "人工调整"),
                    tuple(
                        (
                            str(r.get("name", "")),
                            text(r.get("points")),
                            text(r.get("explanation") or r.get("evidence_message")),
                            text(s.overrides.get(str(r.get("key", "")))),
                        )
                        for r in s.indicators
                    ),
                ),
            )
        )
    purpose = _file_purposes(schema, s.data)
    attachments = [MaterialAttachment(purpose.get(i) or names.get(i, "附件"), i) for i in ids if i in names]
    findings = [
        Finding("warning" if f.get("kind") == "fact_mismatch" else "error", str(f.get("message", "")))
        for f in s.findings
    ]
    opinions = [
        Opinion(author=sc.expert_name, role="评审专家", text=sc.opinion, score=str(sc.total), at=sc.created_at)
        for sc in s.scores.all()
    ]
    return Materials(sections=sections, attachments=attachments, findings=findings, opinions=opinions)
