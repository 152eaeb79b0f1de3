PERMISSIONS = [
    ("rbac.view_role", "查看角色"),
    ("rbac.manage_role", "维护角色与权限"),
]
