"""Permission codes of the insights module (试点成效展示)."""

PERMISSIONS = [
    ("insights.view_dashboard", "查看试点成效看板"),
    ("insights.export_progress", "导出试点企业进度统计报表"),
]

# The codes each built-in role receives (read by rbac.registry.declared_role_defaults).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": ("insights.view_dashboard", "insights.export_progress"),
    "county_officer": ("insights.view_dashboard", "insights.export_progress"),
}
