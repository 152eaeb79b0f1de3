from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smedt.core"
    label = "core"
    verbose_name = "平台内核"
