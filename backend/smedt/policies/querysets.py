"""How policy rows are narrowed: policies by the issuing region (the city editor), matches by the
enterprise's region for government and to its own rows for an enterprise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.policies.models import Policy, PolicyMatch, PushCampaign, PushDelivery  # noqa: F401


class PolicyQuerySet(ScopedQuerySet["Policy"]):
    region_path_field = "region__path"
    action_permissions = {
        "view": "policies.view_policy",
        "manage": "policies.manage_policy",
        "push": "policies.push_policy",
        "stats": "policies.view_match",
    }


class PolicyMatchQuerySet(ScopedQuerySet["PolicyMatch"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "policies.view_match", "own": "policies.view_own_match"}


class PushCampaignQuerySet(ScopedQuerySet["PushCampaign"]):
    region_path_field = "policy__region__path"
    action_permissions = {"view": "policies.push_policy", "manage": "policies.push_policy"}


class PushDeliveryQuerySet(ScopedQuerySet["PushDelivery"]):
    region_path_field = "campaign__policy__region__path"
    action_permissions = {"view": "policies.push_policy"}
