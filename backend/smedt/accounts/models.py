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
