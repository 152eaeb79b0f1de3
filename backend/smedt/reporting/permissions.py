"""Permission codes of the reporting module (国家平台上报, 绩效指标)."""

PERMISSIONS = [
    ("reporting.view_outbox", "查看国家平台上报记录"),
    ("reporting.manage_outbox", "收集与重发国家平台上报"),
    ("reporting.view_performance", "查看绩效指标"),
    ("reporting.confirm_performance", "生成与确认绩效快照"),
]

# city and platform administrators only: county officers report to the city, not upward
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": (
        "reporting.view_outbox",
        "reporting.manage_outbox",
        "reporting.view_performance",
        "reporting.confirm_performance",
    ),
    "sys_admin": ("reporting.view_outbox", "reporting.manage_outbox", "reporting.view_performance"),
}
