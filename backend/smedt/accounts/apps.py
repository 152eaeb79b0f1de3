from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "smedt.accounts"
    label = "accounts"
    verbose_name = "账号与登录"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_delete, post_save

        from smedt.accounts import signals, usercache
        from smedt.accounts.models import User

        user_logged_in.connect(signals.on_logged_in, dispatch_uid="smedt.accounts.session_register")
        user_logged_out.connect(signals.on_logged_out, dispatch_uid="smedt.accounts.session_forget")
        # every saved or deleted user retires its cached copy (queryset updates call user_changed themselves)
        post_save.connect(usercache.on_user_saved, sender=User, dispatch_uid="smedt.accounts.user_cache_save")
        post_delete.connect(usercache.on_user_saved, sender=User, dispatch_uid="smedt.accounts.user_cache_delete")
