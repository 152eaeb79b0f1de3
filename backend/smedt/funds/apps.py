from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "smedt.funds"
    label = "funds"
    verbose_name = "试点资金"
