from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "smedt.reporting"
    label = "reporting"
    verbose_name = "上报与绩效"
