PERMISSIONS = [
    ("audit.view_record", "查看操作日志"),
    ("audit.export_record", "导出操作日志"),
]
