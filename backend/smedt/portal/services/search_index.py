"""Keeping the search index in step with public content. Call inside the content's transaction.

Portal content (announcements, cases, needs, offers) is indexed here from its own services. Other modules
put their public items into the same search through ``index_external`` / ``drop_external`` only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from smedt.core.publiccache import public_content_changed
from smedt.portal import workflow
from smedt.portal.models import Announcement, Need, Offer, SearchDocument, SearchKind, TypicalCase
from smedt.portal.sanitize import plain_text
from smedt.portal.search import token_string, tokenize


def _put(*, kind: str, object_id: int, title: str, text: str, published_at: datetime | None) -> None:
    title_tokens = tokenize(title)
    tokens = tokenize(text)
    SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "title": title[:200],
            "text": text,
            "title_tokens": token_string(title_tokens),
            "tokens": token_string(tokens),
            "length": len(tokens) + len(title_tokens),
            "published_at": published_at,
        },
    )
    public_content_changed()


def _drop(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    public_content_changed()


EXTERNAL_KINDS: frozenset[str] = frozenset({SearchKind.PRODUCT})
"""Kinds owned by other modules; the portal never rebuilds them itself (see search_reindex_all)."""


def _external_kind(kind: str) -> str:
    if kind not in EXTERNAL_KINDS:
        raise ValueError(f"search kind {kind!r} is not open to other modules (allowed: {sorted(EXTERNAL_KINDS)})")
    return str(kind)


def index_external(*, kind: str, object_id: int, title: str, text: str, published_at: datetime | None) -> None:
    """The door for other modules: put (or refresh) one public item of theirs into the portal's search.

    Call it inside the transaction that publishes the item, with the plain text to search (no HTML);
    call it again after a change, and ``drop_external`` when the item stops being public.
    ``kind`` must be one of EXTERNAL_KINDS (e.g. SearchKind.PRODUCT, "product").
    """
    _put(kind=_external_kind(kind), object_id=object_id, title=title, text=text, published_at=published_at)


def drop_external(*, kind: str, object_id: int) -> None:
    """Take one item of another module out of the portal's search (offline, withdrawn, deleted). Idempotent."""
    _drop(_external_kind(kind), object_id)


def index_announcement(a: Announcement) -> None:
    if a.status != workflow.PUBLISHED:
        return _drop(SearchKind.ANNOUNCEMENT, a.pk)
    text = " ".join([a.summary, plain_text(a.body), " ".join(a.tags), a.source])
    _put(kind=SearchKind.ANNOUNCEMENT, object_id=a.pk, title=a.title, text=text, published_at=a.published_at)


def index_case(c: TypicalCase) -> None:
    if c.status != workflow.PUBLISHED:
        return _drop(SearchKind.CASE, c.pk)
    from smedt.portal.services.common import scenario_names

    names = scenario_names()
    sub = _label("pilot_sub_industry", c.sub_industry)
    text = " ".join(
        [
            c.summary,
            c.enterprise_name,
            sub,
            " ".join(names.get(s, s) for s in c.scenario_codes),
            c.provider_name,
            c.product_name,
            plain_text(c.story),
        ]
    )
    _put(kind=SearchKind.CASE, object_id=c.pk, title=c.title, text=text, published_at=c.published_at)


def index_need(n: Need) -> None:
    if n.status != workflow.PUBLISHED:
        return _drop(SearchKind.NEED, n.pk)
    from smedt.portal.services.common import scenario_names

    text = " ".join(
        [
            n.problem,
            scenario_names().get(n.scenario_code, n.scenario_code),
            _label("pilot_sub_industry", n.sub_industry),
        ]
    )
    _put(kind=SearchKind.NEED, object_id=n.pk, title=n.title, text=text, published_at=n.published_at)


def index_offer(o: Offer) -> None:
    if o.status != workflow.PUBLISHED:
        return _drop(SearchKind.OFFER, o.pk)
    from smedt.portal.services.common import scenario_names

    names = scenario_names()
    text = " ".join(
        [
            o.description,
            o.product_name,
            " ".join(names.get(s, s) for s in o.scenario_codes),
            " ".join(_label("pilot_sub_industry", s) for s in o.sub_industries),
        ]
    )
    _put(kind=SearchKind.OFFER, object_id=o.pk, title=o.title, text=text, published_at=o.published_at)


def _label(dict_code: str, value: str) -> str:
    if not value:
        return ""
    from smedt.dicts.models import DictItem

    found = DictItem.objects.filter(dict_type__code=dict_code, value=value).values_list("label", flat=True).first()
    return found or value


def index_any(obj: Any) -> None:
    if isinstance(obj, Announcement):
        index_announcement(obj)
    elif isinstance(obj, TypicalCase):
        index_case(obj)
    elif isinstance(obj, Need):
        index_need(obj)
    elif isinstance(obj, Offer):
        index_offer(obj)


def search_reindex_all() -> int:
    """Rebuild the portal's own part of the index (after a change of the segmentation dictionary, or a restore).

    Documents of EXTERNAL_KINDS are left as they are: their owners keep them in step via index_external.
    """
    from django.db import transaction

    count = 0
    with transaction.atomic():
        SearchDocument.objects.exclude(kind__in=EXTERNAL_KINDS).delete()
        for a in Announcement.objects.dangerously_unscoped().filter(status=workflow.PUBLISHED):
            index_announcement(a)
            count += 1
        for c in TypicalCase.objects.dangerously_unscoped().filter(status=workflow.PUBLISHED):
            index_case(c)
            count += 1
        for n in Need.objects.dangerously_unscoped().filter(status=workflow.PUBLISHED):
            index_need(n)
            count += 1
        for o in Offer.objects.dangerously_unscoped().filter(status=workflow.PUBLISHED):
            index_offer(o)
            count += 1
    return count
