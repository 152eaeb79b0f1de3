"""How portal rows are narrowed: content by the region it belongs to, needs/offers also by owner org."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q

from smedt.rbac.grants import user_grants
from smedt.rbac.querysets import ScopedQuerySet

M = TypeVar("M", bound=Model)

if TYPE_CHECKING:
    from smedt.portal.models import Announcement, Need, Offer, TypicalCase  # noqa: F401


class AnnouncementQuerySet(ScopedQuerySet["Announcement"]):
    region_path_field = "region__path"
    action_permissions = {"view": "portal.manage_content", "manage": "portal.manage_content"}

    def public(self) -> AnnouncementQuerySet:
        from smedt.portal import workflow

        return self.filter(status=workflow.PUBLISHED)


class CaseQuerySet(ScopedQuerySet["TypicalCase"]):
    region_path_field = "region__path"
    action_permissions = {"view": "portal.manage_case", "manage": "portal.manage_case"}

    def public(self) -> CaseQuerySet:
        from smedt.portal import workflow

        return self.filter(status=workflow.PUBLISHED)


class _SupplyDemandQuerySet(ScopedQuerySet[M]):
    """The city (reviewers) by region; the posting organization sees and edits its own."""

    region_path_field = "region__path"
    action_permissions = {"view": "portal.review_supply_demand", "review": "portal.review_supply_demand"}
    owner_permission = ""

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        if action == "review":
            return None
        org_ids = user_grants(user).grant(self.owner_permission).org_ids
        return Q(org_id__in=sorted(org_ids)) if org_ids else None

    def owned_by(self, user: Any) -> _SupplyDemandQuerySet[M]:
        return self.filter(org_id__in=sorted(user_grants(user).grant(self.owner_permission).org_ids))

    def public(self) -> _SupplyDemandQuerySet[M]:
        from smedt.portal import workflow

        return self.filter(status=workflow.PUBLISHED)


class NeedQuerySet(_SupplyDemandQuerySet["Need"]):
    owner_permission = "portal.post_need"


class OfferQuerySet(_SupplyDemandQuerySet["Offer"]):
    owner_permission = "portal.post_offer"
