from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """Unified login with external identity providers (统一身份认证), account binding and sync."""

    name = "smedt.identity"
    label = "identity"
    verbose_name = "统一身份认证"
    default_auto_field = "django.db.models.BigAutoField"
