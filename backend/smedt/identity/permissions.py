PERMISSIONS = [
    ("identity.view_provider", "查看统一身份认证配置"),
    ("identity.manage_provider", "维护统一身份认证配置"),
    ("identity.view_binding", "查看账号绑定"),
    ("identity.manage_binding", "解除账号绑定"),
    ("identity.view_sms_outbox", "查看短信发件箱"),
]
