"""The task queue of a cluster: django-tasks' database backend, with retries and request ids.

``TASKS_BACKEND=database`` selects :class:`QueueBackend`. A task is a row written in the
enqueuing transaction, so a rolled-back publish leaves no task behind and a committed
one cannot lose its task between the commit and a broker; ``manage.py db_worker`` (any
number of them, on any machine) picks rows up after the commit. What this module adds
to django-tasks-db:

- **Retries.** A failed run is enqueued again after ``2**attempt`` seconds, up to
  ``CMS_TASK_MAX_ATTEMPTS`` runs; tasks must therefore be idempotent (search-index
  updates are: they write the object's current state; webhook deliveries carry their
  own delivery id).
- **The request id.** The id of the request that enqueued a task travels in the row, and
  the worker logs the task's lines under it (``cms.metrics``), so one id follows a
  publish from nginx through the node to the worker.
- **The backlog** for ``/healthz`` and ``/metrics``: tasks ready to run and how long the
  oldest has waited.
- **Tasks of a killed worker run again.** django-tasks-db marks a row RUNNING when a
  worker claims it and never looks at it again: a worker killed mid-task (OOM, SIGKILL,
  a lost machine) leaves it RUNNING for ever. :func:`requeue_stale_tasks` returns rows
  running longer than ``CMS_TASK_STALE_AFTER`` to the queue; ``manage.py db_worker``
  (the project's, ``cms.management.commands.db_worker``) calls it when it starts and
  then every minute. A task that was only slow runs twice: tasks are idempotent.
"""

import logging
from datetime import timedelta

from django_tasks import signals as django_tasks_signals
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import metrics

logger = logging.getLogger(__name__)

REQUEST_ID_KEY = "request_id"
ATTEMPT_KEY = "attempt"


class QueueBackend(DatabaseBackend):
    """django-tasks-db's backend; rows also carry the request id and the attempt number."""

    def _task_to_db_task(self, task, args, kwargs, *, attempt=1, request_id=None):
        db_task = super()._task_to_db_task(task, args, kwargs)
        db_task.args_kwargs[REQUEST_ID_KEY] = request_id or metrics.current_request_id()
        db_task.args_kwargs[ATTEMPT_KEY] = attempt
        db_task.save(update_fields=["args_kwargs"])
        return db_task


def _row(task_result):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(pk=task_result.id).first()


def _from_queue(sender):
    """django-tasks-db's worker sends its backend *instance* with ``task_started`` and a
    success's ``task_finished``, its class with a failure's (django-tasks sends classes):
    both are ours. Before this, ``issubclass`` raised in the started signal, so every task
    the worker ran failed before its body ran."""
    return isinstance(sender, QueueBackend) or (
        isinstance(sender, type) and issubclass(sender, QueueBackend)
    )


def _on_task_started(sender, task_result, **kwargs):
    if not _from_queue(sender):
        return
    row = _row(task_result)
    request_id = row.args_kwargs.get(REQUEST_ID_KEY) if row else None
    metrics.set_request_id(request_id or "")
    logger.info("Task %s started (%s)", task_result.task.module_path, task_result.id)


def _on_task_finished(sender, task_result, **kwargs):
    """Enqueue a failed task again, later, until it has had its attempts; then forget
    the task's request id (django-tasks' "state=SUCCESSFUL/FAILED" line is written
    before this receiver runs), so the worker's next lines do not carry it."""
    if not _from_queue(sender):
        return
    try:
        if task_result.status == TaskResultStatus.FAILED:
            _retry(task_result)
    finally:
        metrics.set_request_id("")


def _retry(task_result):
    row = _row(task_result)
    attempt = (row.args_kwargs.get(ATTEMPT_KEY, 1) if row else 1) or 1
    if attempt >= settings.CMS_TASK_MAX_ATTEMPTS:
        logger.error("Task %s failed %s times; giving up", task_result.id, attempt)
        return
    task = task_result.task.using(run_after=timezone.now() + timedelta(seconds=2**attempt))
    backend = task.get_backend()
    retry = backend._task_to_db_task(
        task,
        task_result.args,
        task_result.kwargs,
        attempt=attempt + 1,
        request_id=row.args_kwargs.get(REQUEST_ID_KEY) if row else None,
    )
    logger.warning("Task %s failed (attempt %s); retry %s", task_result.id, attempt, retry.pk)


def connect():
    # django-tasks logs "state=RUNNING" from a receiver connected when it is imported:
    # connected again after ours, that line carries the task's request id too.
    task_started.disconnect(django_tasks_signals.log_task_started)
    task_started.connect(_on_task_started, dispatch_uid="cms_queue_started")
    task_started.connect(django_tasks_signals.log_task_started)
    task_finished.connect(_on_task_finished, dispatch_uid="cms_queue_finished")


def backlog_status():
    """``{"backlog": ready tasks due now, "oldest_seconds": wait of the oldest, "failed"}``.

    ``None`` when tasks do not go through the queue (the immediate backend).
    """
    from django_tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "backlog": ready.count(),
        "oldest_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "failed": DBTaskResult.objects.failed().count(),
    }


def requeue_stale_tasks(older_than=None):
    """Return tasks RUNNING for more than ``older_than`` seconds to READY; their ids.

    The rows are locked while they change, so two workers sweeping at once requeue a row
    once, and a worker that finishes the task meanwhile waits and then marks it done.
    """
    from django_tasks_db.models import DBTaskResult

    older_than = settings.CMS_TASK_STALE_AFTER if older_than is None else older_than
    cutoff = timezone.now() - timedelta(seconds=older_than)
    with transaction.atomic():
        stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
        DBTaskResult.objects.filter(pk__in=ids).update(
            status=TaskResultStatus.READY, started_at=None
        )
    if ids:
        logger.warning("Requeued %s task(s) whose worker stopped mid-task: %s", len(ids), ids)
    return ids
