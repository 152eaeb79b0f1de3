"""Enqueueing is part of the transaction: a rollback leaves no task; a commit runs it exactly once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smedt.taskqueue.models import WorkerHeartbeat
from smedt.taskqueue.tests.tasks_for_tests import read_lines, record

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def test_task_enqueued_in_a_rolled_back_transaction_never_runs(
    effects: str, run_worker_batch: Callable[[], None]
) -> None:
    # given a service that enqueues a task and then fails
    with pytest.raises(Boom), transaction.atomic():
        record.enqueue(effects, "rolled back")
        raise Boom

    # when a worker processes everything that is ready
    run_worker_batch()

    # then there never was a task, and nothing ran
    assert DBTaskResult.objects.count() == 0
    assert read_lines(effects) == []


def test_task_enqueued_in_a_committed_transaction_runs_exactly_once(
    effects: str, run_worker_batch: Callable[[], None]
) -> None:
    # given a task enqueued by a transaction that commits
    with transaction.atomic():
        result = record.enqueue(effects, "committed")

    # when workers run twice
    run_worker_batch()
    run_worker_batch()

    # then it ran once, succeeded, and the workers left no heartbeat behind
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "committed"
    assert len(row.worker_ids) == 1
    assert read_lines(effects) == ["committed"]
    assert WorkerHeartbeat.objects.count() == 0
