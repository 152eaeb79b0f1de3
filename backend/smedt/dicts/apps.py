from django.apps import AppConfig


class DictsConfig(AppConfig):
    name = "smedt.dicts"
    label = "dicts"
    verbose_name = "数据字典"
