from smedt.enterprises.models.imports import ImportJob, ImportStatus
from smedt.enterprises.models.pilot import (
    ApplicationStatus,
    BatchStatus,
    ObjectionStatus,
    PilotApplication,
    PilotEnterprise,
    PilotExpertScore,
    PilotObjection,
    PilotStatus,
    ScoreSheet,
    SelectionBatch,
)
from smedt.enterprises.models.profile import (
    EnterpriseProfile,
    EnterpriseYearFigure,
    FactRecord,
    FactSource,
)
from smedt.enterprises.models.recruitment import PostStatus, RecruitmentPost

__all__ = [
    "ApplicationStatus",
    "BatchStatus",
    "EnterpriseProfile",
    "EnterpriseYearFigure",
    "FactRecord",
    "FactSource",
    "ImportJob",
    "ImportStatus",
    "ObjectionStatus",
    "PilotApplication",
    "PilotEnterprise",
    "PilotExpertScore",
    "PilotObjection",
    "PilotStatus",
    "PostStatus",
    "RecruitmentPost",
    "ScoreSheet",
    "SelectionBatch",
]
