PERMISSIONS = [
    ("providers.view_pool", "查看服务商库"),
    ("providers.manage_pool", "服务商入库、警告、停用、退出"),
    ("providers.export_pool", "导出服务商库"),
    ("providers.view_product", "查看产品与解决方案"),
    ("providers.manage_product", "发布产品与解决方案"),
    ("providers.rate_provider", "服务商评级"),
    ("providers.view_rating", "查看服务商评级"),
    ("providers.appeal_rating", "对评级提出申诉"),
    ("providers.configure_rating", "配置服务商评级方案"),
    ("providers.file_complaint", "投诉服务商"),
    ("providers.view_complaint", "查看服务商投诉"),
    ("providers.handle_complaint", "处理服务商投诉"),
]

# The codes each built-in role should receive (to be merged into rbac/registry.py BUILTIN_ROLES).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "sys_admin": ("providers.view_pool",),
    "city_admin": (
        "providers.view_pool",
        "providers.manage_pool",
        "providers.export_pool",
        "providers.view_product",
        "providers.rate_provider",
        "providers.view_rating",
        "providers.configure_rating",
        "providers.view_complaint",
        "providers.handle_complaint",
    ),
    "county_officer": (
        "providers.view_pool",
        "providers.view_product",
        "providers.view_rating",
        "providers.view_complaint",
        "providers.handle_complaint",
    ),
    "enterprise_user": ("providers.file_complaint", "providers.view_complaint"),
    "provider_user": (
        "providers.view_pool",
        "providers.view_product",
        "providers.manage_product",
        "providers.view_rating",
        "providers.appeal_rating",
        "providers.view_complaint",
    ),
}
