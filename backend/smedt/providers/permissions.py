PERMISSIONS = [
    ("providers.manage_batch", "管理服务商遴选批次"),
    ("providers.apply", "申请入库服务商"),
    ("providers.view_application", "查看服务商入库申请"),
    ("providers.score_application", "服务商入库专家评分"),
    ("providers.view_pool", "查看服务商库"),
    ("providers.manage_pool", "服务商入库、警告、停用、退出"),
    ("providers.export_pool", "导出服务商库"),
    ("providers.view_product", "查看产品与解决方案"),
    ("providers.manage_product", "发布产品与解决方案"),
    ("providers.rate_provider", "服务商评级"),
    ("providers.view_rating", "查看服务商评级"),
    ("providers.appeal_rating", "对评级提出申诉"),
]

# The codes each built-in role should receive (to be merged into rbac/registry.py BUILTIN_ROLES).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "sys_admin": ("providers.view_pool",),
    "city_admin": (
        "providers.manage_batch",
        "providers.view_application",
        "providers.view_pool",
        "providers.manage_pool",
        "providers.export_pool",
        "providers.view_product",
        "providers.rate_provider",
        "providers.view_rating",
    ),
    "county_officer": ("providers.view_pool", "providers.view_product", "providers.view_rating"),
    "enterprise_user": (),
    "provider_user": (
        "providers.apply",
        "providers.view_application",
        "providers.view_pool",
        "providers.view_product",
        "providers.manage_product",
        "providers.view_rating",
        "providers.appeal_rating",
    ),
    "expert": ("providers.view_application", "providers.score_application"),
}
