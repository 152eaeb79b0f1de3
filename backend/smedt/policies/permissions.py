"""Permission codes of the policies module (惠企政策专区、政策匹配、定向推送)."""

PERMISSIONS = [
    ("policies.view_policy", "查看政策（含草稿）"),
    ("policies.manage_policy", "编辑、发布政策及确认政策条件"),
    ("policies.view_match", "查看政策匹配结果与统计"),
    ("policies.view_own_match", "查看本企业可享受的政策"),
    ("policies.push_policy", "发起政策定向推送"),
]

ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": (
        "policies.view_policy",
        "policies.manage_policy",
        "policies.view_match",
        "policies.push_policy",
    ),
    "county_officer": ("policies.view_policy", "policies.view_match"),
    "enterprise_user": ("policies.view_own_match",),
}
