"""The database task queue (cms.queue): retried with backoff, request id kept, backlog."""

from datetime import timedelta

import pytest
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cms import metrics, queue

from ..utils import log_records

QUEUE = {"default": {"BACKEND": "cms.queue.QueueBackend"}}


@task()
def always_fails():
    raise RuntimeError("the index is down")


@task()
def succeeds():
    return "done"


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker closes stale connections between tasks; here its connection is the
    test's transaction (on PostgreSQL closing it ends the test), so it keeps it, as
    Django's test client keeps it across requests (``ClientHandler`` disconnects
    ``close_old_connections`` the same way)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def database_queue(db):
    with override_settings(TASKS=QUEUE, CMS_TASK_MAX_ATTEMPTS=3):
        yield


def test_a_failed_task_is_enqueued_again_later_with_its_request_id(database_queue):
    metrics.set_request_id("req-17")
    always_fails.enqueue()
    metrics.set_request_id("")

    run_worker()

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs[queue.ATTEMPT_KEY] == 2
    assert retry.args_kwargs[queue.REQUEST_ID_KEY] == "req-17"
    assert retry.run_after > timezone.now()  # backoff: not run again at once
    assert queue.backlog_status()["backlog"] == 0


def test_the_worker_logs_a_task_under_the_id_of_the_request_that_enqueued_it(database_queue):
    metrics.set_request_id("9eb9251915f7614b")
    succeeds.enqueue()
    metrics.set_request_id("")

    with log_records("django_tasks", "cms.queue") as records:
        # verbosity=1: the worker's own "state=" lines, as it runs in production
        call_command("db_worker", batch=True, startup_delay=False, verbosity=1)

    lines = {record.getMessage().split(" (")[0].rsplit(" ", 1)[-1]: record for record in records}
    for line in ("state=RUNNING", "started", "state=SUCCESSFUL"):
        assert lines[line].request_id == "9eb9251915f7614b", line
    assert metrics.current_request_id() == "", "the next task's lines would carry it"


def test_a_task_stops_being_retried_after_its_attempts(database_queue):
    always_fails.enqueue()
    for _attempt in range(4):
        DBTaskResult.objects.ready().update(run_after=timezone.now())  # skip the backoff
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        run_worker()

    assert DBTaskResult.objects.failed().count() == 3
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_the_backlog_counts_waiting_tasks_until_a_worker_runs_them(database_queue):
    succeeds.enqueue()
    succeeds.enqueue()

    assert queue.backlog_status()["backlog"] == 2
    run_worker()
    assert queue.backlog_status()["backlog"] == 0
    # Run, not failed in the worker's "started" signal before the body (django-tasks-db
    # sends its backend instance there; cms.queue once expected a class).
    assert DBTaskResult.objects.successful().count() == 2


def test_the_immediate_backend_has_no_backlog(db):
    assert queue.backlog_status() is None


def claimed_by_a_worker_that_died(started_seconds_ago):
    """A row as a worker leaves it when it is killed mid-task: claimed, never finished."""
    succeeds.enqueue()
    row = DBTaskResult.objects.get()
    row.claim("killed-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=started_seconds_ago)
    )
    return row


@override_settings(CMS_TASK_STALE_AFTER=600)
def test_a_task_whose_worker_was_killed_runs_again_when_a_worker_starts(database_queue):
    row = claimed_by_a_worker_that_died(started_seconds_ago=601)

    run_worker()  # a worker (re)starting sweeps first

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert row.worker_ids[0] == "killed-worker" and len(row.worker_ids) == 2


@override_settings(CMS_TASK_STALE_AFTER=600)
def test_a_task_running_for_less_than_the_timeout_is_left_to_its_worker(database_queue):
    row = claimed_by_a_worker_that_died(started_seconds_ago=30)

    assert queue.requeue_stale_tasks() == []
    run_worker()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_requeueing_returns_the_stale_tasks_once(database_queue):
    row = claimed_by_a_worker_that_died(started_seconds_ago=120)

    assert queue.requeue_stale_tasks(older_than=60) == [row.pk]
    assert queue.requeue_stale_tasks(older_than=60) == []
    assert queue.backlog_status()["backlog"] == 1
