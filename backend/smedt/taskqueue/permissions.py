PERMISSIONS = [
    ("taskqueue.view_task", "查看后台任务"),
    ("taskqueue.retry_task", "重试后台任务"),
]
