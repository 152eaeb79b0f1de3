from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "smedt.audit"
    label = "audit"
    verbose_name = "审计日志"
