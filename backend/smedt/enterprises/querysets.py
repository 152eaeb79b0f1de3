"""How the enterprise registries are narrowed: by the enterprise's region and by its organization."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.enterprises.models import (  # noqa: F401
        EnterpriseProfile,
        EnterpriseYearFigure,
        ImportJob,
        PilotApplication,
        PilotEnterprise,
        RecruitmentPost,
        SelectionBatch,
    )


class EnterpriseProfileQuerySet(ScopedQuerySet["EnterpriseProfile"]):
    region_path_field = "org__region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "enterprises.view_profile",
        "edit": "enterprises.edit_profile",
        "confirm": "enterprises.confirm_profile",
    }


class YearFigureQuerySet(ScopedQuerySet["EnterpriseYearFigure"]):
    region_path_field = "profile__org__region__path"
    org_field = "profile__org_id"
    action_permissions = {"view": "enterprises.view_profile"}


class ImportJobQuerySet(ScopedQuerySet["ImportJob"]):
    region_path_field = "region__path"
    action_permissions = {"view": "enterprises.import_enterprise"}

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        return Q(created_by_id=user.pk)


class SelectionBatchQuerySet(ScopedQuerySet["SelectionBatch"]):
    """Batches are public to every signed-in user (enterprises need to see what they may apply to)."""

    region_path_field = "region__path"
    action_permissions = {"manage": "enterprises.manage_batch"}

    def visible_to(self, user: Any, action: str = "view") -> ScopedQuerySet[SelectionBatch]:
        if action == "view":
            return self.all()
        return super().visible_to(user, action)


class PilotApplicationQuerySet(ScopedQuerySet["PilotApplication"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "enterprises.view_application",
        "apply": "enterprises.apply_pilot",
        "score": "enterprises.score_application",
        "objection": "enterprises.handle_objection",
    }


class PilotEnterpriseQuerySet(ScopedQuerySet["PilotEnterprise"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "enterprises.view_pilot",
        "manage": "enterprises.manage_pilot",
        "export": "enterprises.export_pilot",
        "archive": "enterprises.download_archive",
    }


class RecruitmentPostQuerySet(ScopedQuerySet["RecruitmentPost"]):
    region_path_field = "org__region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "enterprises.view_recruitment",
        "manage": "enterprises.manage_recruitment",
    }
