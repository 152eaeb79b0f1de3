from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "smedt.accounts"
    label = "accounts"
    verbose_name = "账号与登录"
