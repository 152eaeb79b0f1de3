"""Permission codes of the portal (announcements, typical cases, supply–demand)."""

PERMISSIONS = [
    ("portal.manage_content", "资讯公告：编辑、提交审核、撤下、置顶（本辖区）"),
    ("portal.review_content", "资讯公告：审核发布（本辖区）"),
    ("portal.manage_case", "典型案例：编辑、记录企业同意、发布、撤下（本辖区）"),
    ("portal.post_need", "供需对接：发布本企业的需求、关闭需求"),
    ("portal.post_offer", "供需对接：发布本单位的供给、联系需求企业"),
    ("portal.review_supply_demand", "供需对接：审核需求与供给、查看统计（本辖区）"),
]


ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": (
        "portal.manage_content",
        "portal.review_content",
        "portal.manage_case",
        "portal.review_supply_demand",
    ),
    "county_officer": ("portal.manage_content", "portal.review_content", "portal.manage_case"),
    "enterprise_user": ("portal.post_need",),
    "provider_user": ("portal.post_offer",),
}
