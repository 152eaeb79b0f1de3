PERMISSIONS = [
    ("accounts.view_user", "查看用户"),
    ("accounts.manage_user", "维护用户与授权"),
    ("accounts.export_user", "导出用户"),
    ("accounts.view_login_log", "查看登录日志"),
    ("accounts.export_login_log", "导出登录日志"),
    ("accounts.manage_session", "查看在线用户与强制下线"),
    ("accounts.view_personal_data", "查看完整手机号与证件号"),
]
