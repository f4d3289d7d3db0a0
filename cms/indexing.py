"""Search indexing that never blocks publishing.

Wagtail 8 indexes through modelsearch: ``post_save`` enqueues
``insert_or_update_object_task`` with django-tasks. With an immediate backend that task
ran inside the save's transaction, so a damaged index (the SQLite FTS table gone, the
PostgreSQL index table locked or renamed) failed the transaction and every publish,
page creation and unpublish answered 500 and was rolled back.

``SearchIndexingBackend`` is the project's task backend (``TASKS`` in settings). It runs
tasks at once like django-tasks' ``ImmediateBackend``, except index updates: those run
after the transaction commits, in a savepoint of their own, so a failing index can
neither roll back nor poison the editor's write. A failed update is written to
``SearchIndexBacklog`` (in the database, so every worker and ``/healthz`` see it); the
next successful update retries the backlog, and so does ``manage.py reindex_backlog``
(run it from cron). modelsearch backends for external services (OpenSearch) catch and
log their own errors and never reach the backlog.
"""

import functools
import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from modelsearch import index

from .models import SearchIndexBacklog

logger = logging.getLogger(__name__)

RETRY_BATCH = 50
# By path: importing modelsearch.tasks would build this backend while its module loads.
INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


class SearchIndexingBackend(ImmediateBackend):
    """Immediate tasks, with search-index updates deferred to after the commit."""

    def enqueue(self, task, args, kwargs):
        if task.module_path != INDEX_TASK:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        transaction.on_commit(
            functools.partial(self._index_after_commit, task, args, kwargs), robust=True
        )
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

    def _index_after_commit(self, task, args, kwargs):
        app_label, model_name, pk = args
        with transaction.atomic():
            result = super().enqueue(task, args, kwargs)
            failed = result.status != TaskResultStatus.SUCCESSFUL
            if failed:
                # The backend caught the task's error: undo its partial writes here.
                transaction.set_rollback(True)
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        if failed:
            remember_failure(content_type, pk)
            return
        # One query on every save while the backlog is empty (the usual case).
        if SearchIndexBacklog.objects.exists():
            SearchIndexBacklog.objects.filter(content_type=content_type, object_id=pk).delete()
            retry_backlog(RETRY_BATCH)


def remember_failure(content_type, object_id):
    """Put an object on the backlog, or count one more attempt if it is already there."""
    entry, created = SearchIndexBacklog.objects.get_or_create(
        content_type=content_type, object_id=object_id
    )
    if not created:
        SearchIndexBacklog.objects.filter(pk=entry.pk).update(attempts=F("attempts") + 1)
    logger.warning("Search index update failed for %s %s; on the backlog", content_type, object_id)


def retry_backlog(limit=None):
    """Index the backlog, oldest first; stop at the first failure (the index is still down).

    Returns ``(indexed, remaining)``.
    """
    entries = SearchIndexBacklog.objects.select_related("content_type").order_by(
        "first_failed_at", "pk"
    )
    indexed = 0
    for entry in entries[:limit] if limit else entries:
        obj = entry.content_type.get_all_objects_for_this_type(pk=entry.object_id).first()
        if obj is not None and not _index(obj):
            SearchIndexBacklog.objects.filter(pk=entry.pk).update(attempts=F("attempts") + 1)
            break
        entry.delete()
        indexed += obj is not None
    return indexed, SearchIndexBacklog.objects.count()


def _index(obj):
    try:
        with transaction.atomic():
            index.insert_or_update_object(obj)
    except Exception:
        logger.exception("Search index still failing for %r", obj)
        return False
    return True


def backlog_status():
    """``(count, oldest failure)`` of the backlog, for ``/healthz``."""
    oldest = SearchIndexBacklog.objects.order_by("first_failed_at").values_list(
        "first_failed_at", flat=True
    )
    count = SearchIndexBacklog.objects.count()
    return count, (oldest.first() if count else None)


def backlog_age_seconds(oldest):
    return int((timezone.now() - oldest).total_seconds()) if oldest else 0
