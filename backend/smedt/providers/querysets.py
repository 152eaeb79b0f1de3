"""How the provider registries are narrowed: by the provider's region and by its organization."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from smedt.rbac.grants import Grant
from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.providers.models import (  # noqa: F401
        Product,
        ProviderComplaint,
        ProviderPoolMember,
        ProviderRating,
        RatingAppeal,
    )


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


class RatingAppealQuerySet(ScopedQuerySet["RatingAppeal"]):
    """An appeal is seen where its rating is: by the provider's region and by the provider itself."""

    region_path_field = "rating__org__region__path"
    org_field = "rating__org_id"
    action_permissions = {"view": "providers.view_rating", "decide": "providers.rate_provider"}


class ComplaintQuerySet(ScopedQuerySet["ProviderComplaint"]):
    """A complaint is seen by the provider's region (city/county), the complaining enterprise and the provider."""

    region_path_field = "provider__region__path"
    action_permissions = {"view": "providers.view_complaint", "handle": "providers.handle_complaint"}

    def scope_q(self, grant: Grant) -> Q | None:
        q = super().scope_q(grant)
        if q is None:
            return None
        if grant.org_ids:
            ids = sorted(grant.org_ids)
            q |= Q(enterprise_id__in=ids) | Q(provider_id__in=ids)
        return q
