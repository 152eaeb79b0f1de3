from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "smedt.exports"
    label = "exports"
    verbose_name = "导出任务"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # each module declares its export kinds in its own ``exports.py`` (``export_register``)
        autodiscover_modules("exports")
