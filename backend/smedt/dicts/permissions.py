PERMISSIONS = [
    ("dicts.view_dict", "查看数据字典"),
    ("dicts.manage_dict", "维护数据字典"),
]
