PERMISSIONS = [
    ("regions.view_region", "查看行政区划"),
    ("regions.manage_region", "维护行政区划"),
]
