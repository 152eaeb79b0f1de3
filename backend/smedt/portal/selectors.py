"""Reads of the portal: back-office lists (scoped), public pages (published only), search, statistics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db.models import Count, Q, QuerySet

from smedt.core import dbcompat
from smedt.core.errors import NotFound
from smedt.portal import workflow
from smedt.portal.matching import NeedProfile, OfferProfile, match_offers
from smedt.portal.models import Announcement, Need, Offer, SearchDocument, SearchKind, TypicalCase
from smedt.portal.search import Doc, bm25_rank, highlight, query_terms

HOME_ANNOUNCEMENTS_PER_CATEGORY = 6
HOME_CASES = 6
RELATED_LIMIT = 5
MATCH_LIMIT = 10
SEARCH_MAX_CANDIDATES = 2000
SEARCH_MAX_TERMS = 12

QS = TypeVar("QS", bound=QuerySet[Any])

# ---- filters --------------------------------------------------------------------------------------------


def _region_filter(qs: QS, region_code: str | None) -> QS:
    if not region_code:
        return qs
    from smedt.regions.models import Region

    region = Region.objects.filter(code=region_code).values_list("path", flat=True).first()
    return qs.filter(region__path__startswith=region) if region else qs.none()


def _text_filter(qs: QS, q: str | None, *fields: str) -> QS:
    if not q:
        return qs
    cond = Q()
    for f in fields:
        cond |= Q(**{f"{f}__icontains": q.strip()})
    return qs.filter(cond)


# ---- announcements -----------------------------------------------------------------------------------------


def announcement_list(*, user: Any, filters: Any) -> QuerySet[Announcement]:
    qs = Announcement.objects.visible_to(user, "view").select_related("region")
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    qs = _region_filter(qs, filters.region_code)
    return _text_filter(qs, filters.q, "title")


def announcement_get(*, user: Any, announcement_id: int, action: str = "view") -> Announcement:
    found = (
        Announcement.objects.visible_to(user, action)
        .select_related("region", "cover")
        .prefetch_related("attachments")
        .filter(pk=announcement_id)
        .first()
    )
    if found is None:
        raise NotFound("公告不存在或无权访问")
    return found


def public_announcements(*, filters: Any) -> QuerySet[Announcement]:
    qs = Announcement.objects.public().select_related("region", "cover")
    if filters.category:
        qs = qs.filter(category=filters.category)
    qs = _region_filter(qs, filters.region_code)
    return _text_filter(qs, filters.q, "title")


def public_announcement_get(*, announcement_id: int) -> Announcement:
    found = (
        Announcement.objects.public()
        .select_related("region", "cover")
        .prefetch_related("attachments")
        .filter(pk=announcement_id)
        .first()
    )
    if found is None:
        raise NotFound("公告不存在或未发布")
    return found


def announcement_related(a: Announcement) -> list[Announcement]:
    return list(
        Announcement.objects.public()
        .filter(category=a.category)
        .exclude(pk=a.pk)
        .select_related("region", "cover")
        .order_by("-published_at", "-pk")[:RELATED_LIMIT]
    )


PUBLIC_ANNOUNCEMENT_ORDER = ("-pinned", "-published_at", "-pk")

# ---- cases -------------------------------------------------------------------------------------------------


def _case_filters(qs: QuerySet[TypicalCase], filters: Any) -> QuerySet[TypicalCase]:
    if filters.sub_industry:
        qs = qs.filter(sub_industry=filters.sub_industry)
    if filters.scenario:
        # JSON list membership, portable: the stored list is ["S01", ...]
        qs = qs.filter(scenario_codes__icontains=f'"{filters.scenario.upper()}"')
    qs = _region_filter(qs, filters.region_code)
    return _text_filter(qs, filters.q, "title", "enterprise_name")


def case_list(*, user: Any, filters: Any) -> QuerySet[TypicalCase]:
    qs = TypicalCase.objects.visible_to(user, "view").select_related("region", "cover")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _case_filters(qs, filters)


def case_get(*, user: Any, case_id: int, action: str = "view") -> TypicalCase:
    found = (
        TypicalCase.objects.visible_to(user, action)
        .select_related("region", "cover")
        .prefetch_related("images")
        .filter(pk=case_id)
        .first()
    )
    if found is None:
        raise NotFound("案例不存在或无权访问")
    return found


def public_cases(*, filters: Any) -> QuerySet[TypicalCase]:
    return _case_filters(TypicalCase.objects.public().select_related("region", "cover"), filters)


def public_case_get(*, case_id: int) -> TypicalCase:
    found = (
        TypicalCase.objects.public()
        .select_related("region", "cover")
        .prefetch_related("images")
        .filter(pk=case_id)
        .first()
    )
    if found is None:
        raise NotFound("案例不存在或未发布")
    return found


def case_related(c: TypicalCase) -> list[TypicalCase]:
    qs = TypicalCase.objects.public().exclude(pk=c.pk).select_related("region", "cover")
    if c.sub_industry:
        qs = qs.filter(sub_industry=c.sub_industry)
    return list(qs.order_by("-published_at", "-pk")[:RELATED_LIMIT])


# ---- needs and offers ---------------------------------------------------------------------------------------


def _sd_filters(qs: QS, filters: Any, *, need: bool) -> QS:
    if filters.scenario:
        code = filters.scenario.upper()
        qs = qs.filter(scenario_code=code) if need else qs.filter(scenario_codes__icontains=f'"{code}"')
    if filters.sub_industry:
        qs = (
            qs.filter(sub_industry=filters.sub_industry)
            if need
            else qs.filter(sub_industries__icontains=f'"{filters.sub_industry}"')
        )
    qs = _region_filter(qs, filters.region_code)
    return _text_filter(qs, filters.q, "title")


def need_list(*, user: Any, filters: Any) -> QuerySet[Need]:
    qs = Need.objects.visible_to(user, "view").select_related("region", "org")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _sd_filters(qs, filters, need=True)


def need_get(*, user: Any, need_id: int, action: str = "view") -> Need:
    found = Need.objects.visible_to(user, action).select_related("region", "org").filter(pk=need_id).first()
    if found is None:
        raise NotFound("需求不存在或无权访问")
    return found


def public_needs(*, filters: Any) -> QuerySet[Need]:
    return _sd_filters(Need.objects.public().select_related("region", "org"), filters, need=True)


def public_need_get(*, need_id: int) -> Need:
    found = Need.objects.public().select_related("region", "org").filter(pk=need_id).first()
    if found is None:
        raise NotFound("需求不存在或未发布")
    return found


def need_matches(n: Need, *, limit: int = MATCH_LIMIT) -> list[tuple[Offer, Any]]:
    """Published offers ranked for this need (scenario, then 细分行业); bounded candidate set."""
    candidates = list(
        Offer.objects.public()
        .filter(scenario_codes__icontains=f'"{n.scenario_code}"')
        .select_related("org", "region")
        .order_by("-published_at", "-pk")[:500]
    )
    if n.sub_industry:
        seen = {o.pk for o in candidates}
        candidates += [
            o
            for o in Offer.objects.public()
            .filter(sub_industries__icontains=f'"{n.sub_industry}"')
            .select_related("org", "region")
            .order_by("-published_at", "-pk")[:500]
            if o.pk not in seen
        ]
    by_pk = {o.pk: o for o in candidates}
    ranked = match_offers(
        NeedProfile(n.scenario_code, n.sub_industry),
        [OfferProfile(o.pk, list(o.scenario_codes), list(o.sub_industries)) for o in candidates],
        limit=limit,
    )
    return [(by_pk[m.key], m) for m in ranked]


def offer_list(*, user: Any, filters: Any) -> QuerySet[Offer]:
    qs = Offer.objects.visible_to(user, "view").select_related("region", "org")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _sd_filters(qs, filters, need=False)


def offer_get(*, user: Any, offer_id: int, action: str = "view") -> Offer:
    found = Offer.objects.visible_to(user, action).select_related("region", "org").filter(pk=offer_id).first()
    if found is None:
        raise NotFound("供给不存在或无权访问")
    return found


def public_offers(*, filters: Any) -> QuerySet[Offer]:
    return _sd_filters(Offer.objects.public().select_related("region", "org"), filters, need=False)


def public_offer_get(*, offer_id: int) -> Offer:
    found = Offer.objects.public().select_related("region", "org").filter(pk=offer_id).first()
    if found is None:
        raise NotFound("供给不存在或未发布")
    return found


def supply_demand_statistics(*, user: Any, region_code: str | None = None) -> dict[str, Any]:
    """Needs in the caller's review scope: counts by status, by outcome, by scenario (with outcomes)."""
    from smedt.portal.services.common import scenario_names

    qs = _region_filter(Need.objects.visible_to(user, "review"), region_code).exclude(status=workflow.DRAFT)
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_outcome = dict(
        qs.filter(status=workflow.CLOSED).values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    rows = qs.values("scenario_code", "outcome").annotate(n=Count("pk")).order_by("scenario_code", "outcome")
    names = scenario_names()
    scenarios: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row["scenario_code"]
        item = scenarios.setdefault(
            code, {"scenario_code": code, "scenario_name": names.get(code, code), "total": 0, "outcomes": {}}
        )
        item["total"] += row["n"]
        if row["outcome"]:
            item["outcomes"][row["outcome"]] = item["outcomes"].get(row["outcome"], 0) + row["n"]
    return {
        "total": sum(by_status.values()),
        "by_status": [
            {"status": k, "label": workflow.STATUS_LABELS.get(k, k), "count": v} for k, v in sorted(by_status.items())
        ],
        "by_outcome": [
            {"outcome": k, "label": workflow.OUTCOME_LABELS[k], "count": by_outcome.get(k, 0)}
            for k in workflow.OUTCOME_LABELS
        ],
        "by_scenario": list(scenarios.values()),
    }


# ---- home and search ------------------------------------------------------------------------------------------


def home(*, per_category: int = HOME_ANNOUNCEMENTS_PER_CATEGORY, cases: int = HOME_CASES) -> dict[str, Any]:
    """Announcements by category (latest N each, pinned first), latest cases, headline figures."""
    from smedt.dicts.models import DictItem
    from smedt.portal.headlines import headlines
    from smedt.portal.reference import CATEGORY_DICT

    categories = list(
        DictItem.objects.filter(dict_type__code=CATEGORY_DICT, is_active=True)
        .order_by("sort", "id")
        .values("value", "label")
    )
    blocks = []
    for cat in categories:  # one query per category; the number of categories is small and fixed by the dictionary
        rows = list(
            Announcement.objects.public()
            .filter(category=cat["value"])
            .select_related("region", "cover")
            .order_by(*PUBLIC_ANNOUNCEMENT_ORDER)[:per_category]
        )
        blocks.append({"category": cat["value"], "label": cat["label"], "items": rows})
    latest_cases = list(
        TypicalCase.objects.public().select_related("region", "cover").order_by("-published_at", "-pk")[:cases]
    )
    return {"categories": blocks, "cases": latest_cases, "headlines": headlines()}


def search(*, query: str, kind: str | None = None, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    """Ranked results over the index (BM25 over jieba tokens, title weighted), with <em> highlights."""
    terms = query_terms(query)[:SEARCH_MAX_TERMS]
    empty = {"items": [], "total": 0, "page": page, "page_size": page_size, "terms": terms}
    if not terms:
        return empty
    if dbcompat.is_postgresql():
        return _search_postgresql(terms=terms, kind=kind, page=page, page_size=page_size)
    base = SearchDocument.objects.all()
    if kind:
        base = base.filter(kind=kind)
    match = Q()
    for t in terms:
        match |= Q(tokens__contains=f" {t} ") | Q(title_tokens__contains=f" {t} ")
    stats = base.aggregate(
        total=Count("pk"),
        **{
            f"df{i}": Count("pk", filter=Q(tokens__contains=f" {t} ") | Q(title_tokens__contains=f" {t} "))
            for i, t in enumerate(terms)
        },
    )
    from django.db.models import Avg

    avg_len = base.aggregate(avg=Avg("length"))["avg"] or 1.0
    rows = list(
        base.filter(match)
        .order_by("-published_at", "-pk")
        .values("pk", "kind", "object_id", "title", "text", "title_tokens", "tokens", "published_at")[
            :SEARCH_MAX_CANDIDATES
        ]
    )
    if not rows:
        return empty
    ranked = bm25_rank(
        [Doc(r["pk"], r["title_tokens"].split(), r["tokens"].split()) for r in rows],
        terms,
        doc_freq={t: stats[f"df{i}"] for i, t in enumerate(terms)},
        total_docs=stats["total"],
        avg_len=float(avg_len),
    )
    by_pk = {r["pk"]: r for r in rows}
    start = (page - 1) * page_size
    items = [_search_item(by_pk[pk], score, terms) for pk, score in ranked[start : start + page_size]]
    return {"items": items, "total": len(ranked), "page": page, "page_size": page_size, "terms": terms}


def _search_item(r: Mapping[str, Any], score: float, terms: list[str]) -> dict[str, Any]:
    return {
        "kind": r["kind"],
        "kind_label": SearchKind(r["kind"]).label,
        "id": r["object_id"],
        "title": r["title"],
        "title_highlight": highlight(r["title"], terms),
        "snippet": highlight(r["text"], terms, width=120),
        "score": round(score, 4),
        "published_at": r["published_at"],
    }


def _search_postgresql(*, terms: list[str], kind: str | None, page: int, page_size: int) -> dict[str, Any]:
    """Match, rank and limit in SQL over the GIN-indexed tsvector; only the page's rows are loaded."""
    ranked, total = dbcompat.fulltext_search(
        table=SearchDocument._meta.db_table,
        terms=terms,
        filters={"kind": kind} if kind else {},
        order_tiebreak=("-published_at", "-id"),
        limit=page_size,
        offset=(page - 1) * page_size,
        count_limit=SEARCH_MAX_CANDIDATES,
        candidate_limit=SEARCH_MAX_CANDIDATES,
    )
    rows = SearchDocument.objects.filter(pk__in=[pk for pk, _ in ranked]).values(
        "pk", "kind", "object_id", "title", "text", "published_at"
    )
    by_pk = {r["pk"]: r for r in rows}
    items = [_search_item(by_pk[pk], score, terms) for pk, score in ranked if pk in by_pk]
    return {"items": items, "total": total, "page": page, "page_size": page_size, "terms": terms}


def need_for_party(*, user: Any, need_id: int) -> Need:
    """A need the caller may act on as a party: their own / in review scope, else a published one."""
    found = Need.objects.visible_to(user, "view").select_related("region", "org").filter(pk=need_id).first()
    return found if found is not None else public_need_get(need_id=need_id)


def categories() -> list[dict[str, Any]]:
    from smedt.dicts.models import DictItem
    from smedt.portal.reference import CATEGORY_DICT

    rows = DictItem.objects.filter(dict_type__code=CATEGORY_DICT, is_active=True).order_by("sort", "id")
    return [{"value": r.value, "label": r.label} for r in rows]


def public_attachment_get(*, file_id: Any) -> Any:
    """A file anyone may download: the cover, attachment or image of a published announcement or case.

    Editors can only link files they uploaded themselves (see services.common.attachments_owned),
    so publishing never exposes somebody else's private upload.
    """
    from smedt.files.models import Attachment

    used = (
        Announcement.objects.public().filter(Q(cover_id=file_id) | Q(attachments__id=file_id)).exists()
        or TypicalCase.objects.public().filter(Q(cover_id=file_id) | Q(images__id=file_id)).exists()
    )
    found = Attachment.objects.filter(pk=file_id).first() if used else None
    if found is None:
        raise NotFound("文件不存在或未公开")
    return found
