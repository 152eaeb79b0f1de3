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
        PilotEnterprise,
        RecruitmentPost,
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
