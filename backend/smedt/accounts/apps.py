from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "smedt.accounts"
    label = "accounts"
    verbose_name = "账号与登录"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from smedt.accounts import signals

        user_logged_in.connect(signals.on_logged_in, dispatch_uid="smedt.accounts.session_register")
        user_logged_out.connect(signals.on_logged_out, dispatch_uid="smedt.accounts.session_forget")
