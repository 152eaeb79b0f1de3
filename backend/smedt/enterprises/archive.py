"""试点企业档案 download: a PDF summary plus the attachments, zipped, in four parts.

Parts 2–4 (projects, transformation results, fund disbursement) belong to later modules.
They contribute through `archive_part_register(key, builder)` from their own `ready()`;
until one is registered its part says "暂无". Each part's folder holds its rows as an Excel sheet (the
basic part: the 一企一档 facts with their sources) and its attachments; "暂无.txt" only when it has neither.
Values are labels (dictionary codes are looked up), never codes.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from smedt.core.export import xlsx_bytes
from smedt.enterprises.models import PilotEnterprise
from smedt.files.models import Attachment


@dataclass
class ArchivePart:
    """What one module contributes: rows (label → value) and attachments."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


PartBuilder = Callable[[PilotEnterprise], ArchivePart]
PARTS: list[tuple[str, str]] = [
    ("basic", "一、基本信息"),
    ("projects", "二、项目情况"),
    ("results", "三、改造成效"),
    ("funds", "四、资金拨付"),
]
_BUILDERS: dict[str, PartBuilder] = {}


def archive_part_register(key: str, builder: PartBuilder) -> None:
    if key not in dict(PARTS) or key == "basic":
        raise ValueError(f"unknown archive part {key}")
    _BUILDERS[key] = builder


def _basic(pilot: PilotEnterprise) -> ArchivePart:
    from smedt.enterprises.models import EnterpriseProfile, FactRecord
    from smedt.enterprises.selectors import profile_detail
    from smedt.enterprises.services.common import dict_values

    org = pilot.org
    profile = EnterpriseProfile.objects.filter(org=org).first()
    detail = profile_detail(org, profile)
    subs = dict_values("pilot_sub_industry")
    divisions = dict_values("industry_division")

    def shown(key: str, value: Any) -> str:
        if key == "sub_industries" and isinstance(value, list):
            return "、".join(subs.get(str(v), str(v)) for v in value) or "—"
        if key == "industry_code" and isinstance(value, str) and value:
            division = divisions.get(value[:3])
            return f"{value}（{division}）" if division else value
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return str(value)

    rows: list[dict[str, Any]] = [
        {"项目": "企业名称", "内容": org.name},
        {"项目": "统一社会信用代码", "内容": org.credit_code},
        {"项目": "所在区域", "内容": org.region.name},
        {"项目": "细分行业", "内容": subs.get(pilot.sub_industry, pilot.sub_industry)},
        {"项目": "入库时间", "内容": timezone.localtime(pilot.entered_at).strftime("%Y-%m-%d")},
        {
            "项目": "状态",
            "内容": pilot.get_status_display() + (f"（{pilot.status_reason}）" if pilot.status_reason else ""),
        },
    ]
    for f in detail["fields"]:
        if f["value"] not in (None, "", []):
            src = f["provenance"]["source_label"] if f["provenance"] else "—"
            rows.append({"项目": f["label"], "内容": f"{shown(f['key'], f['value'])}（来源：{src}）"})
    for fig in detail["figures"]:
        values = "；".join(f"{f['label']} {f['value']}" for f in fig["fields"] if f["value"] is not None)
        rows.append({"项目": f"{fig['year']} 年度（{fig['size_label']}）", "内容": values or "—"})
    ids = set()
    if pilot.submission is not None:  # the selected application's files (申报材料)
        from smedt.applications.validation import files_in

        ids |= set(files_in(pilot.submission.template_version.schema, pilot.submission.data))
    if profile is not None:
        ids |= {
            str(x)
            for x in FactRecord.objects.filter(profile=profile, evidence__isnull=False).values_list(
                "evidence_id", flat=True
            )
        }
    attachments = list(Attachment.objects.filter(pk__in=ids).order_by("created_at"))
    return ArchivePart(rows=rows, attachments=attachments)


def _render_pdf(pilot: PilotEnterprise, parts: list[tuple[str, str, ArchivePart]]) -> bytes:
    from smedt.core.pdf import FONT_FAMILY, render_pdf

    body = []
    for _key, title, part in parts:
        body.append(f"<h2>{html.escape(title)}</h2>")
        if not part.rows:
            body.append("<p class='empty'>暂无</p>")
        else:
            body.append("<table>")
            for row in part.rows:
                cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values())
                body.append(f"<tr>{cells}</tr>")
            body.append("</table>")
        if part.attachments:
            names = "、".join(html.escape(a.name) for a in part.attachments)
            body.append(f"<p>附件：{names}</p>")
    doc = f"""<html><head><meta charset="utf-8"><style>
    @page {{ size: A4; margin: 18mm; }}
    body {{ font-family: {FONT_FAMILY}; font-size: 10.5pt; }}
    h1 {{ font-size: 18pt; text-align: center; }} h2 {{ font-size: 13pt; border-bottom: 1px solid #999; }}
    table {{ width: 100%; border-collapse: collapse; }} td {{ border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }}
    td:first-child {{ width: 28%; color: #333; }} .empty {{ color: #888; }}
    </style></head><body>
    <h1>试点企业档案：{html.escape(pilot.org.name)}</h1>
    <p>生成时间：{timezone.localtime():%Y-%m-%d %H:%M}</p>
    {"".join(body)}
    </body></html>"""
    return render_pdf(doc)


def archive_build(pilot: PilotEnterprise) -> bytes:
    """The zip: 档案摘要.pdf + attachments under one folder per part."""
    parts: list[tuple[str, str, ArchivePart]] = []
    for key, title in PARTS:
        builder = _basic if key == "basic" else _BUILDERS.get(key)
        parts.append((key, title, builder(pilot) if builder else ArchivePart()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("档案摘要.pdf", _render_pdf(pilot, parts))
        for index, (_key, title, part) in enumerate(parts, start=1):
            name_of_part = title.split("、", 1)[-1]
            folder = f"{index:02d}-{name_of_part}"
            if part.rows:
                columns = [(h, (lambda r, h=h: r.get(h))) for h in part.rows[0]]
                zf.writestr(
                    f"{folder}/{name_of_part}.xlsx", xlsx_bytes(sheet=name_of_part, columns=columns, rows=part.rows)
                )
            if not part.rows and not part.attachments:
                zf.writestr(f"{folder}/暂无.txt", "暂无\n")
            used: set[str] = set()
            for att in part.attachments:
                name = att.name
                while name in used:
                    name = f"{att.pk.hex[:6]}-{name}"
                used.add(name)
                with default_storage.open(att.storage_name, "rb") as fh:
                    zf.writestr(f"{folder}/{name}", fh.read())
    return buf.getvalue()
