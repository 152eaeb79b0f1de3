"""Portal API: back office (session auth) and the public portal (`/public/...`, no login)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import UUID

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.api.schema import CodeText
from smedt.portal import presenters as out
from smedt.portal import selectors as sel
from smedt.portal.api.schemas import (
    AnnouncementCreateIn,
    AnnouncementDetailOut,
    AnnouncementFilter,
    AnnouncementOut,
    AnnouncementPinIn,
    AnnouncementUpdateIn,
    CaseConsentIn,
    CaseCreateIn,
    CaseDetailOut,
    CaseFilter,
    CaseOut,
    CaseUpdateIn,
    DictOptionOut,
    HomeOut,
    NeedCloseIn,
    NeedContactIn,
    NeedContactOut,
    NeedCreateIn,
    NeedOut,
    NeedUpdateIn,
    OfferCreateIn,
    OfferOut,
    OfferUpdateIn,
    PublicAnnouncementDetailOut,
    PublicCaseDetailOut,
    PublicNeedDetailOut,
    ScenarioRefOut,
    SearchOut,
    SearchParams,
    StatisticsOut,
    SupplyDemandFilter,
)
from smedt.portal.models import Announcement, Need, Offer, TypicalCase
from smedt.portal.services import announcements as ann
from smedt.portal.services import cases
from smedt.portal.services import supply_demand as sd
from smedt.portal.services.common import scenario_names, view_count_bump
from smedt.rbac.services import require

router = Router(tags=["门户与内容"])
ANN_ORDERING = ("id", "published_at", "created_at", "view_count", "title")
CASE_ORDERING = ("id", "published_at", "created_at", "view_count", "investment")
SD_ORDERING = ("id", "published_at", "created_at", "deadline", "view_count")


def _case_detail(c: TypicalCase) -> dict[str, Any]:
    return out.case_detail(c, scenario_names())


# ---- announcements (back office) -----------------------------------------------------------------------


@router.get("/announcements", response=Page[AnnouncementOut])
def announcements(request: HttpRequest, filters: Query[AnnouncementFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.announcement_list(user=request_user(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=ANN_ORDERING,
        default_ordering=("-id",),
        transform=lambda rows: [out.announcement_out(a) for a in rows],
    )


@router.post("/announcements", response={201: AnnouncementDetailOut})
def announcement_create(request: HttpRequest, payload: AnnouncementCreateIn) -> Status[dict[str, Any]]:
    a = ann.announcement_create(actor=request_user(request), **payload.model_dump())
    return Status(201, out.announcement_detail(a))


@router.get("/announcements/{announcement_id}", response=AnnouncementDetailOut)
def announcement_detail(request: HttpRequest, announcement_id: int) -> dict[str, Any]:
    return out.announcement_detail(sel.announcement_get(user=request_user(request), announcement_id=announcement_id))


@router.patch("/announcements/{announcement_id}", response=AnnouncementDetailOut)
def announcement_update(request: HttpRequest, announcement_id: int, payload: AnnouncementUpdateIn) -> dict[str, Any]:
    user = request_user(request)
    a = sel.announcement_get(user=user, announcement_id=announcement_id, action="manage")
    a = ann.announcement_update(actor=user, announcement=a, changes=payload.model_dump(exclude_unset=True))
    return out.announcement_detail(sel.announcement_get(user=user, announcement_id=a.pk))


def _ann_action(request: HttpRequest, announcement_id: int, service: Any, **kw: Any) -> dict[str, Any]:
    user = request_user(request)
    a = sel.announcement_get(user=user, announcement_id=announcement_id, action="manage")
    service(actor=user, announcement=a, **kw)
    return out.announcement_detail(sel.announcement_get(user=user, announcement_id=announcement_id))


@router.post("/announcements/{announcement_id}/submit", response=AnnouncementDetailOut)
def announcement_submit(request: HttpRequest, announcement_id: int) -> dict[str, Any]:
    return _ann_action(request, announcement_id, ann.announcement_submit)


@router.post("/announcements/{announcement_id}/recall", response=AnnouncementDetailOut)
def announcement_recall(request: HttpRequest, announcement_id: int) -> dict[str, Any]:
    return _ann_action(request, announcement_id, ann.announcement_recall)


@router.post("/announcements/{announcement_id}/withdraw", response=AnnouncementDetailOut)
def announcement_withdraw(request: HttpRequest, announcement_id: int) -> dict[str, Any]:
    return _ann_action(request, announcement_id, ann.announcement_withdraw)


@router.post("/announcements/{announcement_id}/redraft", response=AnnouncementDetailOut)
def announcement_redraft(request: HttpRequest, announcement_id: int) -> dict[str, Any]:
    return _ann_action(request, announcement_id, ann.announcement_redraft)


@router.post("/announcements/{announcement_id}/pin", response=AnnouncementDetailOut)
def announcement_pin(request: HttpRequest, announcement_id: int, payload: AnnouncementPinIn) -> dict[str, Any]:
    return _ann_action(request, announcement_id, ann.announcement_pin, pinned=payload.pinned)


# ---- typical cases (back office) --------------------------------------------------------------------------


@router.get("/cases", response=Page[CaseOut])
def case_list(request: HttpRequest, filters: Query[CaseFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.case_list(user=request_user(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=CASE_ORDERING, default_ordering=("-id",), transform=out.with_names(out.case_out)
    )


@router.post("/cases", response={201: CaseDetailOut})
def case_create(request: HttpRequest, payload: CaseCreateIn) -> Status[dict[str, Any]]:
    data = payload.model_dump(exclude={"region_code", "cover_id", "image_ids"})
    c = cases.case_create(
        actor=request_user(request),
        region_code=payload.region_code,
        data=data,
        cover_id=payload.cover_id,
        image_ids=payload.image_ids,
    )
    return Status(201, _case_detail(c))


@router.get("/cases/{case_id}", response=CaseDetailOut)
def case_detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case_detail(sel.case_get(user=request_user(request), case_id=case_id))


@router.patch("/cases/{case_id}", response=CaseDetailOut)
def case_update(request: HttpRequest, case_id: int, payload: CaseUpdateIn) -> dict[str, Any]:
    user = request_user(request)
    c = cases.case_update(
        actor=user,
        case=sel.case_get(user=user, case_id=case_id, action="manage"),
        changes=payload.model_dump(exclude_unset=True),
    )
    return _case_detail(sel.case_get(user=user, case_id=c.pk))


def _case_action(request: HttpRequest, case_id: int, service: Any, **kw: Any) -> dict[str, Any]:
    user = request_user(request)
    service(actor=user, case=sel.case_get(user=user, case_id=case_id, action="manage"), **kw)
    return _case_detail(sel.case_get(user=user, case_id=case_id))


@router.post("/cases/{case_id}/consent", response=CaseDetailOut)
def case_consent(request: HttpRequest, case_id: int, payload: CaseConsentIn) -> dict[str, Any]:
    return _case_action(request, case_id, cases.case_consent_record, person=payload.person, note=payload.note)


@router.post("/cases/{case_id}/publish", response=CaseDetailOut)
def case_publish(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case_action(request, case_id, cases.case_publish)


@router.post("/cases/{case_id}/withdraw", response=CaseDetailOut)
def case_withdraw(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case_action(request, case_id, cases.case_withdraw)


@router.post("/cases/{case_id}/redraft", response=CaseDetailOut)
def case_redraft(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case_action(request, case_id, cases.case_redraft)


# ---- supply–demand (back office) ---------------------------------------------------------------------------


def _need(n: Need) -> dict[str, Any]:
    return out.need_out(n, scenario_names())


def _offer(o: Offer) -> dict[str, Any]:
    return out.offer_out(o, scenario_names())


@router.get("/needs", response=Page[NeedOut])
def need_list(request: HttpRequest, filters: Query[SupplyDemandFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.need_list(user=request_user(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=SD_ORDERING, default_ordering=("-id",), transform=out.with_names(out.need_out)
    )


@router.post("/needs", response={201: NeedOut})
def need_create(request: HttpRequest, payload: NeedCreateIn) -> Status[dict[str, Any]]:
    return Status(201, _need(sd.need_create(actor=request_user(request), **payload.model_dump())))


@router.get("/needs/{need_id}", response=NeedOut)
def need_detail(request: HttpRequest, need_id: int) -> dict[str, Any]:
    return _need(sel.need_get(user=request_user(request), need_id=need_id))


@router.patch("/needs/{need_id}", response=NeedOut)
def need_update(request: HttpRequest, need_id: int, payload: NeedUpdateIn) -> dict[str, Any]:
    user = request_user(request)
    n = sd.need_update(
        actor=user, need=sel.need_get(user=user, need_id=need_id), changes=payload.model_dump(exclude_unset=True)
    )
    return _need(sel.need_get(user=user, need_id=n.pk))


@router.post("/needs/{need_id}/submit", response=NeedOut)
def need_submit(request: HttpRequest, need_id: int) -> dict[str, Any]:
    user = request_user(request)
    return _need(sd.need_submit(actor=user, need=sel.need_get(user=user, need_id=need_id)))


@router.post("/needs/{need_id}/recall", response=NeedOut)
def need_recall(request: HttpRequest, need_id: int) -> dict[str, Any]:
    user = request_user(request)
    return _need(sd.need_recall(actor=user, need=sel.need_get(user=user, need_id=need_id)))


@router.post("/needs/{need_id}/close", response=NeedOut)
def need_close(request: HttpRequest, need_id: int, payload: NeedCloseIn) -> dict[str, Any]:
    user = request_user(request)
    n = sd.need_close(
        actor=user, need=sel.need_for_party(user=user, need_id=need_id), outcome=payload.outcome, note=payload.note
    )
    return _need(Need.objects.select_related("org", "region").get(pk=n.pk))


@router.post("/needs/{need_id}/contact", response={201: NeedContactOut})
def need_contact(request: HttpRequest, need_id: int, payload: NeedContactIn) -> Status[Any]:
    user = request_user(request)
    return Status(201, sd.need_contact(actor=user, need=sel.public_need_get(need_id=need_id), **payload.model_dump()))


@router.get("/offers", response=Page[OfferOut])
def offer_list(request: HttpRequest, filters: Query[SupplyDemandFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.offer_list(user=request_user(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=SD_ORDERING, default_ordering=("-id",), transform=out.with_names(out.offer_out)
    )


@router.post("/offers", response={201: OfferOut})
def offer_create(request: HttpRequest, payload: OfferCreateIn) -> Status[dict[str, Any]]:
    return Status(201, _offer(sd.offer_create(actor=request_user(request), **payload.model_dump())))


@router.get("/offers/{offer_id}", response=OfferOut)
def offer_detail(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    return _offer(sel.offer_get(user=request_user(request), offer_id=offer_id))


@router.patch("/offers/{offer_id}", response=OfferOut)
def offer_update(request: HttpRequest, offer_id: int, payload: OfferUpdateIn) -> dict[str, Any]:
    user = request_user(request)
    o = sd.offer_update(
        actor=user, offer=sel.offer_get(user=user, offer_id=offer_id), changes=payload.model_dump(exclude_unset=True)
    )
    return _offer(sel.offer_get(user=user, offer_id=o.pk))


@router.post("/offers/{offer_id}/submit", response=OfferOut)
def offer_submit(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    user = request_user(request)
    return _offer(sd.offer_submit(actor=user, offer=sel.offer_get(user=user, offer_id=offer_id)))


@router.post("/offers/{offer_id}/recall", response=OfferOut)
def offer_recall(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    user = request_user(request)
    return _offer(sd.offer_recall(actor=user, offer=sel.offer_get(user=user, offer_id=offer_id)))


@router.post("/offers/{offer_id}/close", response=OfferOut)
def offer_close(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    user = request_user(request)
    return _offer(sd.offer_close(actor=user, offer=sel.offer_get(user=user, offer_id=offer_id)))


@router.get("/supply-demand/statistics", response=StatisticsOut)
def supply_demand_statistics(request: HttpRequest, region_code: CodeText | None = None) -> dict[str, Any]:
    require(request_user(request), sd.REVIEW)
    return sel.supply_demand_statistics(user=request_user(request), region_code=region_code)


# ---- public portal (no login) ---------------------------------------------------------------------------------


@router.get("/public/home", response=HomeOut, auth=None)
def public_home(request: HttpRequest) -> dict[str, Any]:
    data = sel.home()
    return {
        "categories": [{**b, "items": [out.announcement_out(a) for a in b["items"]]} for b in data["categories"]],
        "cases": out.with_names(out.case_out)(data["cases"]),
        "headlines": data["headlines"],
    }


@router.get("/public/categories", response=list[DictOptionOut], auth=None)
def public_categories(request: HttpRequest) -> list[dict[str, Any]]:
    return sel.categories()


@router.get("/public/scenarios", response=list[ScenarioRefOut], auth=None)
def public_scenarios(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": k, "name": v} for k, v in scenario_names().items()]


@router.get("/public/announcements", response=Page[AnnouncementOut], auth=None)
def public_announcements(
    request: HttpRequest, filters: Query[AnnouncementFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = sel.public_announcements(filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=ANN_ORDERING,
        default_ordering=sel.PUBLIC_ANNOUNCEMENT_ORDER,
        transform=lambda rows: [out.announcement_out(a) for a in rows],
    )


@router.get("/public/announcements/{announcement_id}", response=PublicAnnouncementDetailOut, auth=None)
def public_announcement(request: HttpRequest, announcement_id: int) -> dict[str, Any]:
    a = sel.public_announcement_get(announcement_id=announcement_id)
    view_count_bump(Announcement, a.pk)
    related = [out.announcement_out(r) for r in sel.announcement_related(a)]
    return {**out.announcement_detail(a), "view_count": a.view_count + 1, "related": related}


@router.get("/public/cases", response=Page[CaseOut], auth=None)
def public_cases(request: HttpRequest, filters: Query[CaseFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.public_cases(filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=CASE_ORDERING,
        default_ordering=("-published_at", "-pk"),
        transform=out.with_names(out.case_out),
    )


@router.get("/public/cases/{case_id}", response=PublicCaseDetailOut, auth=None)
def public_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    c = sel.public_case_get(case_id=case_id)
    view_count_bump(TypicalCase, c.pk)
    names = scenario_names()
    related = [out.case_out(r, names) for r in sel.case_related(c)]
    return {**out.case_public_detail(c, names), "view_count": c.view_count + 1, "related": related}


@router.get("/public/needs", response=Page[NeedOut], auth=None)
def public_needs(request: HttpRequest, filters: Query[SupplyDemandFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.public_needs(filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=SD_ORDERING,
        default_ordering=("-published_at", "-pk"),
        transform=out.with_names(out.need_out),
    )


@router.get("/public/needs/{need_id}", response=PublicNeedDetailOut, auth=None)
def public_need(request: HttpRequest, need_id: int) -> dict[str, Any]:
    n = sel.public_need_get(need_id=need_id)
    view_count_bump(Need, n.pk)
    names = scenario_names()
    matches = [
        {"offer": out.offer_out(o, names), "score": m.score, "reasons": list(m.reasons)} for o, m in sel.need_matches(n)
    ]
    return {**out.need_out(n, names), "view_count": n.view_count + 1, "matches": matches}


@router.get("/public/offers", response=Page[OfferOut], auth=None)
def public_offers(request: HttpRequest, filters: Query[SupplyDemandFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.public_offers(filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=SD_ORDERING,
        default_ordering=("-published_at", "-pk"),
        transform=out.with_names(out.offer_out),
    )


@router.get("/public/offers/{offer_id}", response=OfferOut, auth=None)
def public_offer(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    o = sel.public_offer_get(offer_id=offer_id)
    view_count_bump(Offer, o.pk)
    return {**_offer(o), "view_count": o.view_count + 1}


@router.get("/public/search", response=SearchOut, auth=None)
def public_search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    return sel.search(query=params.q, kind=params.kind, page=params.page, page_size=params.page_size)


@router.get("/public/files/{file_id}", auth=None)
def public_file(request: HttpRequest, file_id: UUID) -> FileResponse:
    att = sel.public_attachment_get(file_id=file_id)
    response = FileResponse(default_storage.open(att.storage_name, "rb"), content_type=att.content_type)
    disposition = "inline" if att.content_type in ("image/png", "image/jpeg", "image/gif") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename=\"file\"; filename*=UTF-8''{quote(att.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
