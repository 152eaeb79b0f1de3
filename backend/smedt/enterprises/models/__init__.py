from smedt.enterprises.models.imports import ImportJob, ImportStatus
from smedt.enterprises.models.pilot import (
    ObjectionStatus,
    PilotEnterprise,
    PilotStatus,
)
from smedt.enterprises.models.profile import (
    EnterpriseProfile,
    EnterpriseYearFigure,
    FactRecord,
    FactSource,
)
from smedt.enterprises.models.recruitment import PostStatus, RecruitmentPost

__all__ = [
    "EnterpriseProfile",
    "EnterpriseYearFigure",
    "FactRecord",
    "FactSource",
    "ImportJob",
    "ImportStatus",
    "ObjectionStatus",
    "PilotEnterprise",
    "PilotStatus",
    "PostStatus",
    "RecruitmentPost",
]
