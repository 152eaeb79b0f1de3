"""How cultivation rows are narrowed: government by the enterprise's region, an enterprise to its own rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.cultivation.models import (  # noqa: F401
        CultivationAction,
        LibraryEntry,
        Recognition,
        SelfAssessment,
        TierStanding,
    )


class SelfAssessmentQuerySet(ScopedQuerySet["SelfAssessment"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "cultivation.view_self_assessment", "fill": "cultivation.self_assess"}


class TierStandingQuerySet(ScopedQuerySet["TierStanding"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "cultivation.view_self_assessment", "pipeline": "cultivation.view_pipeline"}


class RecognitionQuerySet(ScopedQuerySet["Recognition"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "cultivation.view_library", "manage": "cultivation.manage_library"}


class LibraryEntryQuerySet(ScopedQuerySet["LibraryEntry"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "cultivation.view_library",
        "manage": "cultivation.manage_library",
        "export": "cultivation.export_library",
        "log": "cultivation.log_action",
    }


class ActionQuerySet(ScopedQuerySet["CultivationAction"]):
    region_path_field = "region__path"
    action_permissions = {"view": "cultivation.log_action", "log": "cultivation.log_action"}
