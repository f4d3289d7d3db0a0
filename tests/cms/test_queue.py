"""The database task queue (cms.queue): retried with backoff, request id kept, backlog."""

import pytest
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cms import metrics, queue

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


def test_the_immediate_backend_has_no_backlog(db):
    assert queue.backlog_status() is None
