"""Background work on the database queue (django-tasks + django-tasks-db), made at-least-once.

django-tasks-db alone leaves a task RUNNING for ever when its worker dies, and never
retries a failure. This app adds, without forking it:

- ``run_worker``: django-tasks-db's worker plus a heartbeat row (``WorkerHeartbeat``);
- ``services.tasks_reap_stale``: returns tasks of silent workers to READY;
- ``retry.retrying_task``: a ``@task`` that is re-run with exponential backoff on failure;
- ``run_scheduler``: one active process running ``scheduler.periodic`` jobs (the reaper
  among them);
- ``selectors.task_list`` / ``services.task_retry`` for the administrator's screen.

**Every task must be idempotent.** Delivery is at least once: a task whose worker is
killed after the side effect but before the result is saved runs again, and a retried
task runs again from the top. Load by id, check whether the work is already done
(a status, a unique key, an "already sent" row), then do it.
"""
