from __future__ import annotations

from django.apps import AppConfig


class GmcryptoConfig(AppConfig):
    """Commercial cryptography kernel (商用密码): SM2, SM3, SM4 and what is built on them."""

    name = "smedt.gmcrypto"
    label = "gmcrypto"
    verbose_name = "商用密码"
    default_auto_field = "django.db.models.BigAutoField"
