"""Administration of identity providers. Secrets are write-only: stored SM4-encrypted, never read back."""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import transaction

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.identity.models import IdentityProvider, Protocol
from smedt.identity.providers.registry import provider_secrets
from smedt.rbac.services import require

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
REQUIRED: dict[str, tuple[str, ...]] = {
    Protocol.OIDC: ("client_id",),
    Protocol.CAS: ("server_url",),
    Protocol.TICKET: ("authorize_url", "token_url", "app_id"),
}
RESERVED_SLUGS = frozenset({"providers", "bindings", "sms", "sms-outbox", "enabled"})  # our own API paths
SECRET_NAMES = ("client_secret", "app_secret", "sm2_private_key", "sm4_key", "events_secret")


def provider_snapshot(p: IdentityProvider) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "name": p.name,
        "protocol": p.protocol,
        "enabled": p.enabled,
        "adapter_class": p.adapter_class,
        "config": p.config,
        "secrets_set": sorted(provider_secrets(p)),
    }


def _fail(field: str, message: str, code: str = "identity.invalid_provider") -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def _check(protocol: str, config: dict[str, Any], adapter_class: str) -> None:
    if protocol not in Protocol.values:
        raise _fail("protocol", "协议应为 oidc、cas 或 ticket")
    if protocol == Protocol.OIDC and not (
        config.get("issuer") or (config.get("authorization_endpoint") and config.get("token_endpoint"))
    ):
        raise _fail("config", "OIDC 须配置 issuer（自动发现）或 authorization_endpoint 与 token_endpoint")
    missing = [k for k in REQUIRED[protocol] if not config.get(k)]
    if missing:
        raise _fail("config", f"缺少配置项：{'、'.join(missing)}")
    if adapter_class:
        from django.utils.module_loading import import_string

        from smedt.identity.providers.base import ProviderAdapter

        try:
            cls = import_string(adapter_class)
        except ImportError as exc:
            raise _fail("adapter_class", "适配器类不存在") from exc
        if not (isinstance(cls, type) and issubclass(cls, ProviderAdapter)):
            raise _fail("adapter_class", "适配器类须继承 ProviderAdapter")


def _merge_secrets(current: dict[str, str], changes: dict[str, str | None]) -> str:
    unknown = sorted(set(changes) - set(SECRET_NAMES))
    if unknown:
        raise _fail("secrets", f"不支持的密钥名：{'、'.join(unknown)}")
    merged = dict(current)
    for name, value in changes.items():
        if value:
            merged[name] = value
        else:
            merged.pop(name, None)  # empty or null: remove
    return json.dumps(merged) if merged else ""


@transaction.atomic
def provider_create(
    *,
    actor: Any,
    slug: str,
    name: str,
    protocol: str,
    config: dict[str, Any],
    secrets: dict[str, str | None] | None = None,
    enabled: bool = False,
    adapter_class: str = "",
) -> IdentityProvider:
    require(actor, "identity.manage_provider")
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise _fail("slug", "标识须为 2–32 位小写字母、数字或 -，以字母开头")
    if IdentityProvider.objects.filter(slug=slug).exists():
        raise Conflict(
            code="identity.slug_taken", message=f"标识“{slug}”已存在", details={"fields": {"slug": "已存在"}}
        )
    _check(protocol, config, adapter_class)
    provider = IdentityProvider(
        slug=slug, name=name.strip(), protocol=protocol, config=config, enabled=enabled, adapter_class=adapter_class
    )
    provider.secrets = _merge_secrets({}, secrets or {})
    provider.save()
    audit_record(actor=actor, action="identity.provider_create", target=provider, after=provider_snapshot(provider))
    return provider


@transaction.atomic
def provider_update(*, actor: Any, provider: IdentityProvider, changes: dict[str, Any]) -> IdentityProvider:
    require(actor, "identity.manage_provider")
    provider = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
    before = provider_snapshot(provider)
    fields = []
    for key in ("name", "enabled", "config", "adapter_class"):
        if changes.get(key) is not None:
            setattr(provider, key, changes[key])
            fields.append(key)
    if changes.get("secrets") is not None:
        provider.secrets = _merge_secrets(provider_secrets(provider), changes["secrets"])
        fields.append("secrets")
    _check(provider.protocol, provider.config, provider.adapter_class)
    if fields:
        provider.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action="identity.provider_update",
        target=provider,
        before=before,
        after=provider_snapshot(provider),
    )
    return provider


@transaction.atomic
def provider_delete(*, actor: Any, provider: IdentityProvider) -> None:
    require(actor, "identity.manage_provider")
    if provider.bindings.exists():
        raise Conflict(code="identity.provider_in_use", message="已有账号绑定该认证方式，请先停用而不是删除")
    audit_record(actor=actor, action="identity.provider_delete", target=provider, before=provider_snapshot(provider))
    provider.delete()


def provider_check(*, actor: Any, provider: IdentityProvider) -> dict[str, Any]:
    """Connection test (连接测试): can we reach the provider's endpoints from this server? Reads only."""
    import requests

    from smedt.identity.providers.oidc import OidcAdapter
    from smedt.identity.providers.registry import adapter_for

    require(actor, "identity.manage_provider")
    adapter = adapter_for(provider)
    config = provider.config
    checks: list[dict[str, Any]] = []

    def probe(name: str, url: str) -> None:
        try:
            response = requests.get(url, timeout=5, allow_redirects=False)
            checks.append(
                {"name": name, "url": url, "ok": response.status_code < 500, "detail": f"HTTP {response.status_code}"}
            )
        except requests.RequestException as exc:
            checks.append({"name": name, "url": url, "ok": False, "detail": f"无法连接：{type(exc).__name__}"})

    if isinstance(adapter, OidcAdapter):
        try:
            meta = adapter.metadata()
            checks.append({"name": "发现文档", "url": str(config.get("issuer", "")), "ok": True, "detail": "已获取"})
            probe("JWKS 公钥", str(meta.get("jwks_uri", "")))
        except Exception as exc:  # reported to the administrator, never raised
            checks.append(
                {
                    "name": "发现文档",
                    "url": str(config.get("issuer", "")),
                    "ok": False,
                    "detail": str(getattr(exc, "message", exc)),
                }
            )
    elif provider.protocol == Protocol.CAS:
        probe("CAS 登录页", f"{str(config['server_url']).rstrip('/')}/login")
    else:
        probe("授权页", str(config["authorize_url"]))
        probe("票据交换接口", str(config["token_url"]))
    return {"ok": all(c["ok"] for c in checks), "checks": checks}
