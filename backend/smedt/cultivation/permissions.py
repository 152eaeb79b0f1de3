PERMISSIONS = [
    ("cultivation.view_criteria", "查看梯度培育认定标准"),
    ("cultivation.manage_criteria", "设置梯度培育标准参数"),
    ("cultivation.self_assess", "填报梯度培育自评"),
    ("cultivation.view_self_assessment", "查看梯度培育自评结果"),
    ("cultivation.view_library", "查看梯度培育库"),
    ("cultivation.manage_library", "登记认定、复核与移出培育库"),
    ("cultivation.export_library", "导出梯度培育库"),
    ("cultivation.log_action", "登记培育服务记录"),
    ("cultivation.view_pipeline", "查看梯队统计与培育梯队"),
]

# The codes each built-in role receives (merged into the built-in roles by load_reference).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "sys_admin": ("cultivation.view_criteria", "cultivation.manage_criteria"),
    "city_admin": (
        "cultivation.view_criteria",
        "cultivation.manage_criteria",
        "cultivation.view_self_assessment",
        "cultivation.view_library",
        "cultivation.manage_library",
        "cultivation.export_library",
        "cultivation.log_action",
        "cultivation.view_pipeline",
    ),
    "county_officer": (
        "cultivation.view_criteria",
        "cultivation.view_self_assessment",
        "cultivation.view_library",
        "cultivation.export_library",
        "cultivation.log_action",
        "cultivation.view_pipeline",
    ),
    "enterprise_user": (
        "cultivation.view_criteria",
        "cultivation.self_assess",
        "cultivation.view_self_assessment",
        "cultivation.view_library",
    ),
    "provider_user": (),
    "expert": (),
}
