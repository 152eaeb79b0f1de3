"""Per-submission PDF (WeasyPrint, Noto CJK) and the campaign's Excel export (every template column, labels)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from smedt.applications import workflow
from smedt.applications.models import Submission
from smedt.applications.schema import schema_fields

FONT = "'Noto Sans CJK SC', 'Noto Serif CJK SC', 'WenQuanYi Micro Hei', 'Source Han Sans SC', sans-serif"


def display_value(field: dict[str, Any], value: Any, file_names: dict[str, str] | None = None) -> str:
    """A stored value the way a person reads it: option labels, units, file names, table rows."""
    if value in (None, "", []):
        return ""
    kind = field["kind"]
    if kind == "select":
        return next((o["label"] for o in field["options"] if o["value"] == value), str(value))
    if kind == "multiselect":
        labels = {o["value"]: o["label"] for o in field["options"]}
        return "、".join(labels.get(v, v) for v in value)
    if kind in ("number", "amount", "formula"):
        return f"{value}{field.get('unit', '')}"
    if kind == "percent":
        return f"{value}%"
    if kind == "file":
        names = file_names or {}
        return "、".join(names.get(v, "附件") for v in value)
    if kind == "table":
        rows = []
        for i, row in enumerate(value, start=1):
            cells = [f"{c['label']}：{display_value(c, row.get(c['key']), file_names)}" for c in field["columns"]]
            rows.append(f"{i}. " + "；".join(cells))
        return "\n".join(rows)
    return str(value)


def _file_names(submissions: Iterable[Submission]) -> dict[str, str]:
    from smedt.applications.validation import files_in
    from smedt.files.models import Attachment

    ids: list[str] = []
    for s in submissions:
        ids += files_in(s.template_version.schema, s.data)
    return {str(pk): name for pk, name in Attachment.objects.filter(pk__in=ids).values_list("pk", "name")}


def pdf_context(s: Submission) -> dict[str, Any]:
    names = _file_names([s])
    sections = [
        {
            "title": sec["title"],
            "rows": [
                {"label": f["label"], "value": display_value(f, s.data.get(f["key"]), names)} for f in sec["fields"]
            ],
        }
        for sec in s.template_version.schema["sections"]
    ]
    return {
        "font": FONT,
        "campaign": s.campaign.name,
        "template": f"{s.template_version.template.name}（第 {s.template_version.version} 版）",
        "org_name": s.org.name,
        "credit_code": s.org.credit_code,
        "region": s.region.name,
        "status": workflow.SUBMISSION_LABELS[s.status],
        "submitted_at": timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M") if s.submitted_at else "未提交",
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "sections": sections,
        "indicators": [{**r, "override": s.overrides.get(r["key"])} for r in s.indicators],
        "score": s.prereview_score,
        "findings": s.findings,
    }


def submission_pdf(s: Submission) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML

    return HTML(string=render_to_string("applications/submission.html", pdf_context(s))).write_pdf()  # type: ignore[no-any-return]


def export_columns(schema: dict[str, Any], file_names: dict[str, str]) -> list[tuple[str, Callable[[Submission], Any]]]:
    cols: list[tuple[str, Callable[[Submission], Any]]] = [
        ("申报单位", lambda s: s.org.name),
        ("统一社会信用代码", lambda s: s.org.credit_code),
        ("所在地区", lambda s: s.region.name),
        ("状态", lambda s: workflow.SUBMISSION_LABELS[s.status]),
        ("提交时间", lambda s: s.submitted_at),
        ("预评审得分", lambda s: float(s.prereview_score)),
        ("预审发现数", lambda s: s.findings_count),
    ]
    for f in schema_fields(schema):
        label = f"{f['label']}（{f['unit']}）" if f.get("unit") and f["kind"] != "percent" else f["label"]
        if f["kind"] == "percent":
            label = f"{f['label']}（%）"

        def getter(s: Submission, f: dict[str, Any] = f) -> Any:
            value = s.data.get(f["key"])
            if f["kind"] in ("number", "amount", "percent", "formula"):
                return value if value not in (None, "") else ""
            return display_value(f, value, file_names)

        cols.append((label, getter))
    for ind in schema.get("indicators", []):

        def points(s: Submission, k: str = ind["key"]) -> Any:
            return next((s.overrides.get(k, r["points"]) for r in s.indicators if r["key"] == k), "")

        cols.append((f"指标：{ind['name']}（得分）", points))
    return cols
