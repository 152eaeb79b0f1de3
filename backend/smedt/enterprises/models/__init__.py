from smedt.enterprises.models.imports import ImportJob, ImportStatus
from smedt.enterprises.models.pilot import (
    ObjectionStatus,
    PilotEnterprise,
    PilotStatus,
)
from smedt.enterprises.models.profile import (
    EnterpriseProfile,
    EnterpriseSubIndustry,
    EnterpriseYearFigure,
    FactRecord,
    FactSource,
    sub_industry_links_sync,
)
from smedt.enterprises.models.recruitment import PostStatus, RecruitmentPost

__all__ = [
    "EnterpriseProfile",
    "EnterpriseSubIndustry",
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
    "sub_industry_links_sync",
]
