PERMISSIONS = [
    ("enterprises.view_profile", "查看企业档案"),
    ("enterprises.edit_profile", "维护企业档案"),
    ("enterprises.confirm_profile", "确认企业档案数据"),
    ("enterprises.import_enterprise", "批量导入企业"),
    ("enterprises.view_pilot", "查看试点企业库"),
    ("enterprises.manage_pilot", "停用/启用试点企业"),
    ("enterprises.export_pilot", "导出试点企业库"),
    ("enterprises.download_archive", "下载试点企业档案"),
    ("enterprises.view_recruitment", "查看招聘信息"),
    ("enterprises.manage_recruitment", "发布招聘信息"),
]

# The codes each built-in role should receive (to be merged into rbac/registry.py BUILTIN_ROLES).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "sys_admin": ("enterprises.view_profile",),
    "city_admin": (
        "enterprises.view_profile",
        "enterprises.edit_profile",
        "enterprises.confirm_profile",
        "enterprises.import_enterprise",
        "enterprises.view_pilot",
        "enterprises.manage_pilot",
        "enterprises.export_pilot",
        "enterprises.download_archive",
        "enterprises.view_recruitment",
    ),
    "county_officer": (
        "enterprises.view_profile",
        "enterprises.edit_profile",
        "enterprises.confirm_profile",
        "enterprises.import_enterprise",
        "enterprises.view_pilot",
        "enterprises.export_pilot",
        "enterprises.download_archive",
        "enterprises.view_recruitment",
    ),
    "enterprise_user": (
        "enterprises.view_profile",
        "enterprises.edit_profile",
        "enterprises.view_pilot",
        "enterprises.view_recruitment",
        "enterprises.manage_recruitment",
    ),
    "provider_user": (),
}
