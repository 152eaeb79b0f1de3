from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from ninja import Query, Router, Status

from smedt.accounts.api.schemas import MeOut
from smedt.accounts.selectors import me_out
from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.identity import selectors
from smedt.identity.api.schemas import (
    BindingFilter,
    BindingOut,
    EventsResultOut,
    LinkStartIn,
    ProviderCheckOut,
    ProviderCreateIn,
    ProviderFilter,
    ProviderOut,
    ProviderPublicOut,
    ProviderUpdateIn,
    RedirectOut,
    SmsLoginIn,
    SmsOutboxFilter,
    SmsOutboxOut,
    SmsSendIn,
)
from smedt.identity.models import IdentityProvider
from smedt.identity.services import binding as binding_services
from smedt.identity.services import flow, sms, sync
from smedt.identity.services import providers as provider_services

router = Router(tags=["统一身份认证"])


# --- administration ------------------------------------------------------------------------------


@router.get("/providers", response=Page[ProviderOut])
def providers(request: HttpRequest, filters: Query[ProviderFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.provider_list(user=request_user(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "slug"),
        default_ordering=("id",),
        transform=lambda rows: [selectors.provider_out(p) for p in rows],
    )


@router.post("/providers", response={201: ProviderOut})
def provider_create(request: HttpRequest, payload: ProviderCreateIn) -> Status[dict[str, Any]]:
    provider = provider_services.provider_create(actor=request_user(request), **payload.dict())
    return Status(201, selectors.provider_out(provider))


@router.get("/providers/{provider_id}", response=ProviderOut)
def provider_detail(request: HttpRequest, provider_id: int) -> dict[str, Any]:
    return selectors.provider_out(selectors.provider_get(user=request_user(request), provider_id=provider_id))


@router.patch("/providers/{provider_id}", response=ProviderOut)
def provider_update(request: HttpRequest, provider_id: int, payload: ProviderUpdateIn) -> dict[str, Any]:
    actor = request_user(request)
    provider = selectors.provider_get(user=actor, provider_id=provider_id, action="manage")
    changes = payload.dict(exclude_unset=True)
    return selectors.provider_out(provider_services.provider_update(actor=actor, provider=provider, changes=changes))


@router.post("/providers/{provider_id}/check", response=ProviderCheckOut)
def provider_check(request: HttpRequest, provider_id: int) -> dict[str, Any]:
    actor = request_user(request)
    provider = selectors.provider_get(user=actor, provider_id=provider_id, action="manage")
    return provider_services.provider_check(actor=actor, provider=provider)


@router.delete("/providers/{provider_id}", response={204: None})
def provider_delete(request: HttpRequest, provider_id: int) -> Status[None]:
    actor = request_user(request)
    provider = selectors.provider_get(user=actor, provider_id=provider_id, action="manage")
    provider_services.provider_delete(actor=actor, provider=provider)
    return Status(204, None)


@router.get("/bindings", response=Page[BindingOut])
def bindings(request: HttpRequest, filters: Query[BindingFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.binding_list(user=request_user(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "last_login_at"),
        default_ordering=("-id",),
        transform=lambda rows: [selectors.binding_out(b) for b in rows],
    )


@router.delete("/bindings/{binding_id}", response={204: None})
def binding_delete(request: HttpRequest, binding_id: int) -> Status[None]:
    actor = request_user(request)
    binding_services.binding_delete(actor=actor, binding=selectors.binding_get(user=actor, binding_id=binding_id))
    return Status(204, None)


@router.get("/sms-outbox", response=Page[SmsOutboxOut])
def sms_outbox(request: HttpRequest, filters: Query[SmsOutboxFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.sms_outbox_list(user=request_user(request), filters=filters)
    return paginate(qs, page, allowed_ordering=("id",), default_ordering=("-id",))


# --- SMS one-time-code login ------------------------------------------------------------------------


@router.post("/sms/send", response={204: None}, auth=None)
def sms_send(request: HttpRequest, payload: SmsSendIn) -> Status[None]:
    sms.sms_code_send(request=request, mobile=payload.mobile)
    return Status(204, None)


@router.post("/sms/login", response=MeOut, auth=None)
def sms_login(request: HttpRequest, payload: SmsLoginIn) -> dict[str, Any]:
    return me_out(sms.sms_code_login(request=request, mobile=payload.mobile, code=payload.code))


# --- the browser flow -------------------------------------------------------------------------------


@router.get("/enabled", response=list[ProviderPublicOut], auth=None)
def providers_enabled(request: HttpRequest) -> list[IdentityProvider]:
    return list(IdentityProvider.objects.filter(enabled=True).order_by("id"))


@router.get("/{slug}/start", auth=None, include_in_schema=True)
def sso_start(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponseRedirect(flow.sso_start(request=request, slug=slug, next_path=request.GET.get("next")))


@router.post("/{slug}/link", response=RedirectOut)
def sso_link(request: HttpRequest, slug: str, payload: LinkStartIn) -> dict[str, str]:
    url = flow.link_start(request=request, slug=slug, user=request_user(request), password=payload.password)
    return {"redirect_url": url}


@router.api_operation(["GET", "POST"], "/{slug}/callback", auth=None)
def sso_callback(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":  # CAS single logout posts its logoutRequest to the service URL
        flow.sso_backchannel_logout(request=request, slug=slug)
        return HttpResponse(status=200)
    return HttpResponseRedirect(flow.sso_callback(request=request, slug=slug))


@router.post("/{slug}/backchannel-logout", auth=None)
def sso_backchannel_logout(request: HttpRequest, slug: str) -> HttpResponse:
    flow.sso_backchannel_logout(request=request, slug=slug)
    return HttpResponse(status=200)


@router.get("/{slug}/logout", auth=None)
def sso_logout(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponseRedirect(flow.sso_logout(request=request, slug=slug))


@router.post("/{slug}/events", response=EventsResultOut, auth=None)
def sso_events(request: HttpRequest, slug: str) -> dict[str, int]:
    provider = flow.provider_enabled(slug)
    events = sync.events_verify(request=request, provider=provider)
    return sync.events_apply(provider=provider, events=events)
