from typing import Any

from django.apps import AppConfig


def _grants_changed(**kwargs: Any) -> None:
    from smedt.rbac.grants import grants_changed

    grants_changed()


class RbacConfig(AppConfig):
    name = "smedt.rbac"
    label = "rbac"
    verbose_name = "角色与权限"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from smedt.rbac.models import Permission, Role, RoleAssignment
        from smedt.regions.models import Region

        # what a user's grants are made of: any change retires the cached grant sets (rbac.grants)
        for model in (RoleAssignment, Role, Permission, Region):
            post_save.connect(_grants_changed, sender=model, dispatch_uid=f"rbac.grants.save.{model.__name__}")
            post_delete.connect(_grants_changed, sender=model, dispatch_uid=f"rbac.grants.delete.{model.__name__}")
        m2m_changed.connect(_grants_changed, sender=Role.permissions.through, dispatch_uid="rbac.grants.role_perms")
