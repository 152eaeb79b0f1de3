"""Permission codes of the industry module (产业服务: 产业链、数据上线、监测、对标、成效)."""

PERMISSIONS = [
    ("industry.view_chain", "查看产业链"),
    ("industry.manage_chain", "管理产业链（环节、链上企业、样板企业）"),
    ("industry.report", "报送经营数据"),
    ("industry.view_report", "查看经营数据"),
    ("industry.confirm_report", "确认经营数据"),
    ("industry.view_monitoring", "查看线上监测与产业链成效"),
    ("industry.view_benchmark", "查看对标分析"),
    ("industry.view_portrait", "查看企业画像"),
    ("industry.view_scenario", "查看产业链场景库"),
    ("industry.manage_scenario", "维护产业链场景库（场景、候选问题、统计）"),
    ("industry.view_scenario_reporters", "查看场景反映企业"),
]

ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": (
        "industry.view_chain",
        "industry.manage_chain",
        "industry.view_report",
        "industry.confirm_report",
        "industry.view_monitoring",
        "industry.view_benchmark",
        "industry.view_portrait",
        "industry.view_scenario",
        "industry.manage_scenario",
        "industry.view_scenario_reporters",
    ),
    "county_officer": (
        "industry.view_chain",
        "industry.view_report",
        "industry.confirm_report",
        "industry.view_monitoring",
        "industry.view_benchmark",
        "industry.view_portrait",
        "industry.view_scenario",
        "industry.view_scenario_reporters",
    ),
    "enterprise_user": (
        "industry.view_chain",
        "industry.report",
        "industry.view_report",
        "industry.view_benchmark",
        "industry.view_portrait",
        "industry.view_scenario",
        "industry.view_scenario_reporters",
    ),
    "provider_user": ("industry.view_scenario",),
}
