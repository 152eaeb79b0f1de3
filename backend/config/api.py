"""The one NinjaAPI: session auth with CSRF by default, error envelope, every app's router."""

from __future__ import annotations

from ninja import NinjaAPI

from smedt.accounts.api.router import auth_router, users_router
from smedt.applications.api.router import router as applications_router
from smedt.assessment.api.router import router as assessment_router
from smedt.audit.api.router import router as audit_router
from smedt.core.api.auth import session_auth
from smedt.core.api.errors import install_error_handlers
from smedt.core.api.health import router as health_router
from smedt.core.api.output import install as install_fast_output
from smedt.core.api.workspace import router as workspace_router
from smedt.cultivation.api.router import router as cultivation_router
from smedt.dicts.api.router import router as dicts_router
from smedt.enterprises.api.router import router as enterprises_router
from smedt.exports.api.router import router as exports_router
from smedt.files.api.router import router as files_router
from smedt.funds.api.router import router as funds_router
from smedt.identity.api.router import router as identity_router
from smedt.industry.api.profiles import router as industry_profiles_router
from smedt.industry.api.router import router as industry_router
from smedt.industry.api.scenarios import router as industry_scenarios_router
from smedt.insights.api.router import router as insights_router
from smedt.notify.api.receipts import router as sms_receipts_router
from smedt.notify.api.router import router as notify_router
from smedt.orgs.api.router import router as orgs_router
from smedt.policies.api.router import router as policies_router
from smedt.portal.api.router import router as portal_router
from smedt.projects.api.router import router as projects_router
from smedt.providers.api.router import router as providers_router
from smedt.rbac.api.router import router as rbac_router
from smedt.regions.api.router import router as regions_router
from smedt.reporting.api.router import router as reporting_router
from smedt.reviews.api.router import router as reviews_router
from smedt.taskqueue.api.router import router as tasks_router

api = NinjaAPI(
    title="中小企业数字化转型公共服务平台 API",
    version="1.0",
    auth=session_auth,
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
install_error_handlers(api)

api.add_router("", health_router)
api.add_router("/auth", auth_router)
api.add_router("/users", users_router)
api.add_router("", rbac_router)
api.add_router("/regions", regions_router)
api.add_router("/orgs", orgs_router)
api.add_router("/dicts", dicts_router)
api.add_router("/audit", audit_router)
api.add_router("/notify", notify_router)
api.add_router("/sms/receipts", sms_receipts_router)
api.add_router("/reviews", reviews_router)
api.add_router("/applications", applications_router)
api.add_router("/files", files_router)
api.add_router("/tasks", tasks_router)
api.add_router("/exports", exports_router)
api.add_router("/assessment", assessment_router)
api.add_router("/identity", identity_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/providers", providers_router)
api.add_router("/portal", portal_router)
api.add_router("/projects", projects_router)
api.add_router("/workspace", workspace_router)
api.add_router("/cultivation", cultivation_router)
api.add_router("/insights", insights_router)
api.add_router("/funds", funds_router)
api.add_router("/reporting", reporting_router)
api.add_router("/policies", policies_router)
api.add_router("/industry", industry_router)
api.add_router("/industry/profiles", industry_profiles_router)
api.add_router("/industry", industry_scenarios_router)  # 产业链场景库 (its own module, same prefix)

# answers validated by plain-pydantic mirrors of the response schemas (core/api/output.py); the last line
install_fast_output(api)
