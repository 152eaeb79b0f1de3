from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "smedt.portal"
    label = "portal"
    verbose_name = "门户与内容"

    def ready(self) -> None:
        from smedt.portal.services import reviews

        reviews.processes_register()
