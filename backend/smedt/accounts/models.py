"""Users and the login log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from smedt.accounts.querysets import ScopedUserManager
from smedt.gmcrypto.fields import EncryptedTextField


class User(AbstractUser):
    """用户 — a person who logs in; what they may do comes from role assignments (rbac)."""

    display_name = models.CharField("姓名", max_length=64, blank=True, default="")
    mobile = EncryptedTextField("手机号", blank=True, default="")
    mobile_index = models.CharField("手机号索引", max_length=64, blank=True, default="", db_index=True)
    id_number = EncryptedTextField("身份证号", blank=True, default="")
    id_number_index = models.CharField("身份证号索引", max_length=64, blank=True, default="", db_index=True)
    failed_login_count = models.PositiveSmallIntegerField("连续失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须改密码", default=False)

    objects = ScopedUserManager()  # type: ignore[misc]  # scoped manager replaces AbstractUser.objects

    class Meta:
        verbose_name = "用户"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name or self.username


class PasswordHistory(models.Model):
    """历史密码 — hashes of earlier passwords, so a reset cannot reuse a recent one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"password of user {self.user_id} at {self.created_at:%Y-%m-%d}"


class LoginLog(models.Model):
    """登录日志 — every login attempt, successful or not, with its source address."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField("用户名", max_length=150, db_index=True)
    success = models.BooleanField("成功")
    reason = models.CharField("结果说明", max_length=64, blank=True, default="")
    ip = models.CharField("IP", max_length=64, blank=True, default="")
    user_agent = models.CharField("客户端", max_length=255, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = "登录日志"

    def __str__(self) -> str:
        return f"{self.username} {'成功' if self.success else '失败'}"


class UserSession(models.Model):
    """在线会话 — one open login session, so administrators see who is online and can end it.

    `session_key_hash` (SM3) finds the row from a request; `session_key` (SM4-encrypted) lets a
    forced logout delete exactly that Django session without scanning every session.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="open_sessions")
    session_key_hash = models.CharField("会话标识摘要", max_length=64, unique=True)
    session_key = EncryptedTextField("会话标识", blank=True, default="")
    channel = models.CharField("登录方式", max_length=16, blank=True, default="")
    ip = models.CharField("IP", max_length=64, blank=True, default="")
    user_agent = models.CharField("客户端", max_length=255, blank=True, default="")
    created_at = models.DateTimeField("登录时间", auto_now_add=True, db_index=True)
    last_seen_at = models.DateTimeField("最近活动", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "在线会话"

    def __str__(self) -> str:
        return f"session of user {self.user_id}"


class LoginChallenge(models.Model):
    """登录挑战 — a single-use server nonce that an SM2-encrypted password must carry."""

    nonce_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "登录挑战"

    def __str__(self) -> str:
        return f"login challenge {self.pk}"


class ServerKeyPair(models.Model):
    """服务端密钥对 — an SM2 key pair the server generated itself; the private half SM4-encrypted."""

    name = models.CharField(max_length=64, unique=True)
    public_hex = models.CharField(max_length=130)
    private_hex = EncryptedTextField(default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "服务端密钥对"

    def __str__(self) -> str:
        return self.name
