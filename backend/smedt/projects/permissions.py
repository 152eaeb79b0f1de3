"""Permission codes of the projects module (诊断项目 / 改造项目 / 电子合同)."""

PERMISSIONS = [
    ("projects.view_project", "查看试点项目"),
    ("projects.start_project", "发起诊断/改造项目（试点企业）"),
    ("projects.serve_project", "承接项目、上传诊断报告、记录实施（服务商）"),
    ("projects.sign_contract", "签署电子合同"),
    ("projects.approve_change", "审批项目重大变更"),
    ("projects.export_project", "导出试点项目"),
    ("projects.score_acceptance", "改造项目验收专家评分"),
]

# The codes each built-in role receives (read by rbac.registry.declared_role_defaults).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": ("projects.view_project", "projects.approve_change", "projects.export_project"),
    "county_officer": ("projects.view_project", "projects.approve_change", "projects.export_project"),
    "enterprise_user": ("projects.view_project", "projects.start_project", "projects.sign_contract"),
    "provider_user": ("projects.view_project", "projects.serve_project", "projects.sign_contract"),
    "expert": ("projects.score_acceptance",),
}
