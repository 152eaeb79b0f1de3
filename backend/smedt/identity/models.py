"""Identity providers, account bindings, SSO sessions, replay guards, SMS outbox and codes."""

from __future__ import annotations

from typing import Any

from django.db import models

from smedt.gmcrypto.fields import EncryptedTextField


class Protocol(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"
    CAS = "cas", "CAS 3"
    TICKET = "ticket", "票据交换"


class PersonType(models.TextChoices):
    NATURAL = "natural", "自然人"
    LEGAL = "legal", "法人"


def _empty() -> dict[str, Any]:
    return {}


class IdentityProvider(models.Model):
    """身份提供方 — one external login (e.g. 河南省统一身份认证平台) and how to talk to it.

    `config` holds what may be shown (endpoints, parameter names, claim mapping); `secrets`
    holds the JSON of secrets (app secret, SM4 key, SM2 private key), SM4-encrypted and never
    returned by the API.
    """

    slug = models.SlugField("标识", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64)
    protocol = models.CharField("协议", max_length=16, choices=Protocol.choices)
    enabled = models.BooleanField("启用", default=False)
    adapter_class = models.CharField("适配器类（可选）", max_length=200, blank=True, default="")
    config = models.JSONField("配置", default=_empty, blank=True)
    secrets = EncryptedTextField("密钥（加密）", blank=True, default="")
    last_pulled_at = models.DateTimeField("最近同步", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "身份提供方"

    def __str__(self) -> str:
        return self.name


class IdentityBinding(models.Model):
    """账号绑定 — an external identity (provider + subject) bound to one local user."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.PROTECT, related_name="bindings")
    subject = models.CharField("外部标识", max_length=191)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="identity_bindings")
    person_type = models.CharField("账号类型", max_length=16, choices=PersonType.choices)
    real_name_level = models.CharField("实名等级", max_length=32, blank=True, default="")
    org = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="identity_bindings"
    )
    created_at = models.DateTimeField("绑定时间", auto_now_add=True)
    last_login_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "账号绑定"
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="identity_binding_unique")]

    def __str__(self) -> str:
        return f"{self.provider_id}:{self.subject}"


class SsoSession(models.Model):
    """单点登录会话 — links a provider's session (CAS ticket / OIDC sid) to our session, for single logout."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="sso_sessions")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="sso_sessions")
    external_session = models.CharField("外部会话标识", max_length=255, db_index=True)
    session_key_hash = models.CharField("本地会话摘要", max_length=64, db_index=True)
    id_token = models.TextField("ID Token", blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "单点登录会话"

    def __str__(self) -> str:
        return f"sso session {self.pk}"


class ReplayGuard(models.Model):
    """防重放记录 — a ticket or push nonce already seen; a second use is refused."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    value_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "防重放记录"
        constraints = [
            models.UniqueConstraint(fields=["provider", "kind", "value_hash"], name="identity_replay_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value_hash[:8]}"


class SmsOutbox(models.Model):
    """短信发件箱 — every SMS the platform sent, through whichever backend (`notify.sms.sms_send` writes
    it): kind, gateway message id, and the delivery receipt's outcome. With a real gateway the digits of
    a verification code are not kept."""

    mobile = EncryptedTextField("手机号", default="")
    mobile_masked = models.CharField("手机号（脱敏）", max_length=16)
    purpose = models.CharField("用途", max_length=32)
    kind = models.CharField("类型", max_length=16, default="notice")
    content = models.CharField("内容", max_length=500)
    backend = models.CharField("通道", max_length=32)
    status = models.CharField("状态", max_length=16, default="sent")
    provider_id = models.CharField("网关流水号", max_length=64, blank=True, default="")
    error = models.CharField("错误", max_length=300, blank=True, default="")
    receipt_code = models.CharField("回执状态码", max_length=64, blank=True, default="")
    delivered_at = models.DateTimeField("回执时间", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "短信发件箱"
        indexes = [models.Index(fields=["backend", "provider_id"], name="identity_sms_provider_id")]

    def __str__(self) -> str:
        return f"sms to {self.mobile_masked}"


class SmsCode(models.Model):
    """短信验证码 — a one-time login code, stored as its SM3 digest."""

    mobile_index = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=32, default="login")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ip = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "短信验证码"

    def __str__(self) -> str:
        return f"sms code {self.pk}"
