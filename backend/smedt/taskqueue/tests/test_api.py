"""GET /api/tasks, /api/tasks/{id}, /api/tasks/workers; POST /api/tasks/{id}/retry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from smedt.taskqueue.services import heartbeat_beat
from smedt.taskqueue.tests.tasks_for_tests import always_fails, flaky, record

# run_ready_tasks works inside the test's transaction, so no test here needs transaction=True.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mounted() -> None:
    from django.urls import get_resolver

    from config.api import api
    from smedt.taskqueue.api.router import router

    get_resolver().url_patterns  # noqa: B018 — import the URLconf, which mounts the routers

    if not any(r is router for _, r in api._routers):
        pytest.skip("smedt.taskqueue.api.router is not mounted in config/api.py yet")


def test_sys_admin_lists_tasks_with_attempts_and_last_error(
    api: Callable[..., Any], sys_admin: Any, effects: str, run_worker_batch: Callable[[], None]
) -> None:
    # given a task that failed three times and one that succeeded after one failure
    failed = always_fails.enqueue(effects)
    recovered = flaky.enqueue(effects, 1)
    run_worker_batch()

    # when the administrator lists the failed ones
    res = api(sys_admin).get("/api/tasks", {"status": "FAILED"})

    # then
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["total"] == 1
    (row,) = body["items"]
    assert row["id"] == str(failed.id)
    assert (row["task_name"], row["status"], row["status_label"]) == ("always_fails", "FAILED", "失败")
    assert row["args"] == [effects]
    assert row["attempts"] == 3
    assert row["last_error"] == "ValueError: 总是失败"
    assert row["started_at"] and row["finished_at"] and row["enqueued_at"]

    # and a task that succeeded still shows why its earlier attempt failed
    all_rows = {r["id"]: r for r in api(sys_admin).get("/api/tasks").json()["items"]}
    assert all_rows[str(recovered.id)]["attempts"] == 2
    assert all_rows[str(recovered.id)]["last_error"] == "第 1 次失败"


def test_task_list_filters_and_refuses_an_unknown_status(api: Callable[..., Any], sys_admin: Any, effects: str) -> None:
    record.enqueue(effects, "x")
    failing = always_fails.enqueue(effects)

    assert api(sys_admin).get("/api/tasks", {"q": "always_fails"}).json()["total"] == 1
    assert api(sys_admin).get("/api/tasks", {"q": str(failing.id)}).json()["items"][0]["id"] == str(failing.id)
    res = api(sys_admin).get("/api/tasks", {"status": "DONE"})
    assert res.status_code == 422
    assert res.json()["code"] == "taskqueue.invalid_status"


def test_task_list_query_count_does_not_grow_with_the_page(
    api: Callable[..., Any], sys_admin: Any, effects: str
) -> None:
    client = api(sys_admin)
    record.enqueue(effects, "first")
    client.get("/api/tasks")  # warm the session and grants
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/tasks").json()["total"] == 1
    for n in range(49):
        record.enqueue(effects, str(n))
    with CaptureQueriesContext(connection) as fifty:
        assert len(client.get("/api/tasks", {"page_size": 50}).json()["items"]) == 50
    assert len(fifty) == len(one)


def test_task_detail_shows_every_failed_attempt(
    api: Callable[..., Any], sys_admin: Any, effects: str, run_worker_batch: Callable[[], None]
) -> None:
    failed = always_fails.enqueue(effects)
    run_worker_batch()

    res = api(sys_admin).get(f"/api/tasks/{failed.id}")

    assert res.status_code == 200, res.json()
    body = res.json()
    assert [a["attempt"] for a in body["failed_attempts"]] == [1, 2, 3]
    assert [a["retry_at"] is not None for a in body["failed_attempts"]] == [True, True, False]
    assert body["failed_attempts"][0]["kind_label"] == "执行出错"
    assert "总是失败" in body["traceback"]
    assert api(sys_admin).get("/api/tasks/00000000-0000-0000-0000-000000000000").status_code == 404


def test_workers_shows_live_and_stale_heartbeats(api: Callable[..., Any], sys_admin: Any) -> None:
    now = timezone.now()
    heartbeat_beat(worker_id="live", hostname="h1", pid=1, started_at=now, now=now)
    heartbeat_beat(worker_id="stale", hostname="h2", pid=2, started_at=now, now=now - timedelta(days=1))

    rows = {w["worker_id"]: w["alive"] for w in api(sys_admin).get("/api/tasks/workers").json()}

    assert rows == {"live": True, "stale": False}


def test_retry_endpoint_creates_a_new_task(
    api: Callable[..., Any], sys_admin: Any, effects: str, run_worker_batch: Callable[[], None]
) -> None:
    failed = always_fails.enqueue(effects)
    run_worker_batch()

    res = api(sys_admin).post(f"/api/tasks/{failed.id}/retry")

    assert res.status_code == 201, res.json()
    assert res.json()["status"] == "READY"
    assert res.json()["retry_of_id"] == str(failed.id)
    again = api(sys_admin).post(f"/api/tasks/{failed.id}/retry")
    assert (again.status_code, again.json()["code"]) == (409, "taskqueue.already_retried")
    assert DBTaskResult.objects.count() == 2


def test_users_without_the_permission_see_and_retry_nothing(
    api: Callable[..., Any], county_a_officer: Any, outsider: Any, effects: str, run_worker_batch: Callable[[], None]
) -> None:
    failed = always_fails.enqueue(effects)
    run_worker_batch()

    for user in (county_a_officer, outsider):
        client = api(user)
        assert client.get("/api/tasks").status_code == 403
        assert client.get(f"/api/tasks/{failed.id}").status_code == 403
        assert client.get("/api/tasks/workers").status_code == 403
        assert client.post(f"/api/tasks/{failed.id}/retry").status_code == 403
    assert api().get("/api/tasks").status_code == 401
