PERMISSIONS = [
    ("applications.view_template", "查看申报模板"),
    ("applications.manage_template", "设计申报模板"),
    ("applications.manage_campaign", "管理申报批次"),
    ("applications.apply", "在线申报"),
    ("applications.view_submission", "查看申报书"),
    ("applications.override_indicator", "调整预评审指标得分"),
    ("applications.export_submission", "导出申报书"),
    ("applications.score_submission", "申报书专家评分"),
    ("applications.handle_objection", "处理申报公示异议"),
]

ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": (
        "applications.view_template",
        "applications.manage_template",
        "applications.manage_campaign",
        "applications.view_submission",
        "applications.override_indicator",
        "applications.export_submission",
        "applications.handle_objection",
    ),
    "county_officer": (
        "applications.view_template",
        "applications.view_submission",
        "applications.override_indicator",
        "applications.export_submission",
    ),
    "enterprise_user": ("applications.apply", "applications.view_submission"),
    "provider_user": ("applications.apply", "applications.view_submission"),
    "expert": ("applications.view_submission", "applications.score_submission"),
}
