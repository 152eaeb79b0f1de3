"""How the provider registries are narrowed: by the provider's region and by its organization."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.providers.models import Product, ProviderApplication, ProviderBatch, ProviderPoolMember, ProviderRating  # noqa: F401


class ProviderBatchQuerySet(ScopedQuerySet["ProviderBatch"]):
    region_path_field = "region__path"
    action_permissions = {"manage": "providers.manage_batch"}

    def visible_to(self, user: Any, action: str = "view") -> ScopedQuerySet[ProviderBatch]:
        return self.all() if action == "view" else super().visible_to(user, action)


class ProviderApplicationQuerySet(ScopedQuerySet["ProviderApplication"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "providers.view_application", "manage": "providers.manage_pool"}


class PoolMemberQuerySet(ScopedQuerySet["ProviderPoolMember"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "providers.view_pool",
        "manage": "providers.manage_pool",
        "export": "providers.export_pool",
    }


class ProductQuerySet(ScopedQuerySet["Product"]):
    region_path_field = "org__region__path"
    org_field = "org_id"
    action_permissions = {"view": "providers.view_product", "manage": "providers.manage_product"}


class RatingQuerySet(ScopedQuerySet["ProviderRating"]):
    region_path_field = "org__region__path"
    org_field = "org_id"
    action_permissions = {"view": "providers.view_rating", "rate": "providers.rate_provider"}
