"""Reads of the identity app: platform-wide administration data, for global holders of the codes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from smedt.core.errors import NotFound, PermissionDenied
from smedt.identity.models import IdentityBinding, IdentityProvider, SmsOutbox
from smedt.identity.providers.registry import provider_secrets
from smedt.rbac.grants import user_grants


def _require_global(user: Any, code: str) -> None:
    if not user_grants(user).grant(code).is_global:
        raise PermissionDenied()


def provider_list(*, user: Any, filters: Any) -> QuerySet[IdentityProvider]:
    _require_global(user, "identity.view_provider")
    qs = IdentityProvider.objects.all()
    if filters.protocol:
        qs = qs.filter(protocol=filters.protocol)
    if filters.enabled is not None:
        qs = qs.filter(enabled=filters.enabled)
    return qs


def provider_get(*, user: Any, provider_id: int, action: str = "view") -> IdentityProvider:
    _require_global(user, "identity.view_provider" if action == "view" else "identity.manage_provider")
    found = IdentityProvider.objects.filter(pk=provider_id).first()
    if found is None:
        raise NotFound("认证方式不存在")
    return found


def provider_out(p: IdentityProvider) -> dict[str, Any]:
    """Never the secrets: only the names of those that are set."""
    return {
        "id": p.pk,
        "slug": p.slug,
        "name": p.name,
        "protocol": p.protocol,
        "enabled": p.enabled,
        "adapter_class": p.adapter_class,
        "config": p.config,
        "secrets_set": sorted(provider_secrets(p)),
        "last_pulled_at": p.last_pulled_at,
        "updated_at": p.updated_at,
    }


def binding_list(*, user: Any, filters: Any) -> QuerySet[IdentityBinding]:
    _require_global(user, "identity.view_binding")
    qs = IdentityBinding.objects.select_related("provider", "user", "org")
    if filters.user_id:
        qs = qs.filter(user_id=filters.user_id)
    if filters.provider:
        qs = qs.filter(provider__slug=filters.provider)
    if filters.person_type:
        qs = qs.filter(person_type=filters.person_type)
    return qs


def binding_get(*, user: Any, binding_id: int) -> IdentityBinding:
    _require_global(user, "identity.manage_binding")
    found = IdentityBinding.objects.select_related("provider", "user").filter(pk=binding_id).first()
    if found is None:
        raise NotFound("绑定不存在")
    return found


def binding_out(b: IdentityBinding) -> dict[str, Any]:
    return {
        "id": b.pk,
        "provider": b.provider.slug,
        "provider_name": b.provider.name,
        "subject": b.subject,
        "user_id": b.user_id,
        "username": b.user.username,
        "display_name": b.user.display_name,
        "person_type": b.person_type,
        "real_name_level": b.real_name_level,
        "org": {"id": b.org.pk, "name": b.org.name} if b.org else None,
        "created_at": b.created_at,
        "last_login_at": b.last_login_at,
    }


def sms_outbox_list(*, user: Any, filters: Any) -> QuerySet[SmsOutbox]:
    _require_global(user, "identity.view_sms_outbox")
    qs = SmsOutbox.objects.all()
    if filters.purpose:
        qs = qs.filter(purpose=filters.purpose)
    return qs
