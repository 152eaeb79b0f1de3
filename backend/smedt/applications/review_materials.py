"""Review materials of a submission (申报书): every template section with labelled values, the
attached files, the pre-review findings and indicator results, and the experts' score sheets."""

from __future__ import annotations

from smedt.applications.models import Submission
from smedt.applications.report import display_value
from smedt.applications.results import result_materials
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
    attachments = [MaterialAttachment(names.get(i, "附件"), i) for i in ids if i in names]
    findings = [
        Finding("warning" if f.get("kind") == "fact_mismatch" else "error", str(f.get("message", "")))
        for f in s.findings
    ]
    opinions = [
        Opinion(author=sc.expert_name, role="评审专家", text=sc.opinion, score=str(sc.total), at=sc.created_at)
        for sc in s.scores.all()
    ]
    return Materials(sections=sections, attachments=attachments, findings=findings, opinions=opinions)
