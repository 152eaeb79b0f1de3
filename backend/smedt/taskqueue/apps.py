from django.apps import AppConfig


class TaskqueueConfig(AppConfig):
    name = "smedt.taskqueue"
    label = "taskqueue"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from smedt.core.workspace import workspace_register
        from smedt.taskqueue import receivers  # noqa: F401  (connects the task_finished receiver)
        from smedt.taskqueue.workspace import tasks_workspace

        workspace_register("tasks", tasks_workspace)
