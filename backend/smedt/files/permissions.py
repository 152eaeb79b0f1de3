PERMISSIONS = [
    ("files.view_file", "下载辖区/本单位附件"),
]
