"""Review materials (审核材料): what a reviewer needs, shown where the decision is taken.

The kernel knows no domain: each module that declares a review process registers a *materials
provider* for it (``materials_register(process_key, provider)``). A provider takes the review's
target and returns labelled sections of the submitted form, the attachments (as attachment ids),
the automatic check findings and any extra opinions (expert scores …). The kernel adds the history
(every review of the same target, with each reviewer's opinion) and serves attachments only to those
who can see the review item (``reviews.selectors.review_get``) and only when the provider listed them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from smedt.core.errors import NotFound


@dataclass(frozen=True)
class MaterialField:
    label: str
    value: str
    long: bool = False  # multi-line text, shown on its own row


@dataclass(frozen=True)
class MaterialTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class MaterialSection:
    title: str
    fields: tuple[MaterialField, ...] = ()
    table: MaterialTable | None = None


@dataclass(frozen=True)
class MaterialAttachment:
    label: str  # what the file is for (营业执照, 发票 …)
    attachment_id: str


@dataclass(frozen=True)
class Finding:
    level: str  # "info" | "warning" | "error"
    message: str


@dataclass(frozen=True)
class Opinion:
    """An opinion given outside the review steps (an expert's score sheet) shown next to the timeline."""

    author: str
    role: str
    text: str
    score: str = ""
    at: Any = None


@dataclass
class Materials:
    sections: list[MaterialSection] = field(default_factory=list)
    attachments: list[MaterialAttachment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)


MaterialsProvider = Callable[[Any], Materials]

_PROVIDERS: dict[str, MaterialsProvider] = {}


def materials_register(process_key: str, provider: MaterialsProvider) -> None:
    _PROVIDERS[process_key] = provider


def materials_provider(process_key: str) -> MaterialsProvider | None:
    return _PROVIDERS.get(process_key)


def registered_process_keys() -> list[str]:
    return sorted(_PROVIDERS)


# --- helpers for providers -------------------------------------------------------------------------------


def text(value: Any) -> str:
    """A value as the reviewer reads it: empty → "—", booleans → 是/否, lists joined with 、."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(text(v) for v in value) or "—"
    return str(value)


def fields(*pairs: tuple[str, Any], long: Iterable[str] = ()) -> tuple[MaterialField, ...]:
    long_labels = set(long)
    return tuple(MaterialField(label, text(value), label in long_labels) for label, value in pairs)


def dict_labels(dict_code: str) -> dict[str, str]:
    """value → label of one dictionary (one query)."""
    from smedt.dicts.models import DictItem

    return dict(DictItem.objects.filter(dict_type__code=dict_code).values_list("value", "label"))


def labelled(dict_code: str, values: Any) -> str:
    """Dictionary codes as their labels; an unknown code is shown as it is."""
    labels = dict_labels(dict_code)
    if isinstance(values, list | tuple):
        return text([labels.get(str(v), str(v)) for v in values])
    return text(labels.get(str(values), values) if values not in (None, "") else "")


# --- kernel reads ----------------------------------------------------------------------------------------


def materials_out(review: Any) -> dict[str, Any]:
    """The materials payload of one review item the caller can already see (``review_get``)."""
    from smedt.files.models import Attachment
    from smedt.reviews import workflow
    from smedt.reviews.models import ReviewAction, ReviewRequest
    from smedt.reviews.processes import get_process

    provider = materials_provider(review.process_key)
    found = provider(review.target) if provider is not None else Materials()
    ids = [a.attachment_id for a in found.attachments]
    files = {str(a.pk): a for a in Attachment.objects.filter(pk__in=ids)} if ids else {}
    attachments = []
    for item in found.attachments:
        att = files.get(str(item.attachment_id))
        if att is None:
            continue
        attachments.append(
            {
                "id": str(att.pk),
                "label": item.label,
                "name": att.name,
                "size": att.size,
                "content_type": att.content_type,
                "preview": preview_kind(att.content_type),
            }
        )
    # history: every review of the same target (earlier rejected / withdrawn rounds included), newest first
    reviews = list(
        ReviewRequest.objects.filter(content_type_id=review.content_type_id, object_id=review.object_id).order_by(
            "-submitted_at", "-id"
        )
    )
    actions: dict[int, list[dict[str, Any]]] = {}
    for a in ReviewAction.objects.filter(request_id__in=[r.pk for r in reviews]).order_by("id"):
        actions.setdefault(a.request_id, []).append(
            {
                "id": a.pk,
                "action": a.action,
                "action_label": workflow.ACTION_LABELS.get(a.action, a.action),
                "step_name": a.step_name,
                "round": a.round,
                "actor_name": a.actor_name,
                "opinion": a.opinion,
                "created_at": a.created_at,
            }
        )
    history = [
        {
            "id": r.pk,
            "process_name": get_process(r.process_key).name,
            "status": r.status,
            "status_label": workflow.STATUS_LABELS[r.status],
            "submitted_at": r.submitted_at,
            "decided_at": r.decided_at,
            "current": r.pk == review.pk,
            "actions": actions.get(r.pk, []),
        }
        for r in reviews
    ]
    return {
        "sections": [
            {
                "title": s.title,
                "fields": [{"label": f.label, "value": f.value, "long": f.long} for f in s.fields],
                "table": {"columns": list(s.table.columns), "rows": [list(r) for r in s.table.rows]}
                if s.table is not None
                else None,
            }
            for s in found.sections
        ],
        "attachments": attachments,
        "findings": [{"level": f.level, "message": f.message} for f in found.findings],
        "opinions": [
            {"author": o.author, "role": o.role, "text": o.text, "score": o.score, "at": o.at} for o in found.opinions
        ],
        "history": history,
    }


PREVIEW_TYPES = {"application/pdf": "pdf", "image/png": "image", "image/jpeg": "image", "image/gif": "image"}


def preview_kind(content_type: str) -> str:
    """How the browser may show the file inline: "image", "pdf", or "" (download only)."""
    return PREVIEW_TYPES.get(content_type.lower(), "")


def materials_attachment(review: Any, file_id: str) -> Any:
    """One attachment listed in the review's materials (404 for any other file)."""
    from smedt.files.models import Attachment

    provider = materials_provider(review.process_key)
    listed = {str(a.attachment_id) for a in provider(review.target).attachments} if provider is not None else set()
    att = Attachment.objects.filter(pk=file_id).first() if file_id in listed else None
    if att is None:
        raise NotFound("附件不存在或无权访问")
    return att
