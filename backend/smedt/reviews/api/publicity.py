"""Request and response schemas of 公示与异议, shared by every app with a publicity (one OpenAPI component each).

The publicity lists are public notices (公示 is public by nature, readable without login): a notice row carries
only what a printed notice shows — name, 统一社会信用代码, region, 细分行业 / type, batch, period and how to
object — never attachments, contacts, scores or review opinions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema

OBJECTION_HOW = (
    "公示期内，任何单位或个人对公示对象有异议的，可登录平台在本页点击“提出异议”，"
    "如实陈述理由并可附证明材料；市级主管部门将核实处理，并将处理结果反馈异议人。"
)


class ObjectionIn(InSchema):
    content: str = Field(..., max_length=2000)
    evidence_id: str | None = None


class ObjectionHandleIn(InSchema):
    upheld: bool
    resolution: str = Field(..., max_length=2000)


class ObjectionFilter(InSchema):
    status: str | None = None


class ObjectionOut(Schema):
    id: int
    content: str
    status: str
    status_label: str
    resolution: str
    created_at: datetime
    handled_at: datetime | None


class ObjectionRowOut(ObjectionOut):
    application_id: int
    org_name: str


class PublicityNoticeOut(Schema):
    """One row of a public publicity notice (fields common to every selection)."""

    id: int
    org_name: str
    credit_code: str
    batch_name: str
    publicity_starts_at: datetime | None
    publicity_ends_at: datetime | None
    objection_how: str


def notice_fields(app: Any, *, starts_at: datetime | None) -> dict[str, Any]:
    """The common notice fields of an application on publicity (its org and batch select_related)."""
    return {
        "id": app.pk,
        "org_name": app.org.name,
        "credit_code": app.org.credit_code,
        "batch_name": app.batch.name,
        "publicity_starts_at": starts_at,
        "publicity_ends_at": app.publicity_ends_at,
        "objection_how": OBJECTION_HOW,
    }


def dict_labels(*codes: str) -> dict[str, dict[str, str]]:
    """Labels of the given dictionaries, {code: {value: label}}, in one query (a notice page shows labels)."""
    from smedt.dicts.models import DictItem

    out: dict[str, dict[str, str]] = {code: {} for code in codes}
    rows: Iterable[tuple[str, str, str]] = DictItem.objects.filter(dict_type__code__in=codes).values_list(
        "dict_type__code", "value", "label"
    )
    for code, value, label in rows:
        out[code][value] = label
    return out
