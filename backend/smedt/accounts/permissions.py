PERMISSIONS = [
    ("accounts.view_user", "查看用户"),
    ("accounts.manage_user", "维护用户与授权"),
    ("accounts.export_user", "导出用户"),
    ("accounts.view_login_log", "查看登录日志"),
    ("accounts.export_login_log", "导出登录日志"),
]
