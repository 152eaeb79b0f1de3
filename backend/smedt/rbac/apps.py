from django.apps import AppConfig


class RbacConfig(AppConfig):
    name = "smedt.rbac"
    label = "rbac"
    verbose_name = "角色与权限"
