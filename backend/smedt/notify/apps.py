from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "smedt.notify"
    label = "notify"
    verbose_name = "消息通知"
