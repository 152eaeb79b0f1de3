PERMISSIONS = [
    ("orgs.view_org", "查看组织机构"),
    ("orgs.manage_org", "维护组织机构"),
    ("orgs.export_org", "导出组织机构"),
    ("orgs.verify_org", "审核组织注册"),
    ("orgs.edit_own_org", "维护本单位信息"),
]
