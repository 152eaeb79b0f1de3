from django.apps import AppConfig


class IndustryConfig(AppConfig):
    name = "smedt.industry"
    label = "industry"
    verbose_name = "产业服务"
