from __future__ import annotations

from typing import TYPE_CHECKING

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.orgs.models import Organization  # noqa: F401


class OrganizationQuerySet(ScopedQuerySet["Organization"]):
    region_path_field = "region__path"
    org_field = "id"
    action_permissions = {
        "view": "orgs.view_org",
        "manage": "orgs.manage_org",
        "export": "orgs.export_org",
        "edit_own": "orgs.edit_own_org",
    }
