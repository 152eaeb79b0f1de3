from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smedt.core"
    label = "core"
    verbose_name = "平台内核"

    def ready(self) -> None:
        from smedt.core import pdf  # noqa: F401 - registers the CJK font system check
