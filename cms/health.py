"""``/healthz``: is this instance able to serve? For load balancers and monitoring."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import db_router, indexing, queue

logger = logging.getLogger(__name__)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unavailable")
        return False


def _cache_ok():
    key, value = "healthz", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        return cache.get(key) == value
    except Exception:
        logger.exception("Health check: cache unavailable")
        return False


def _search_index():
    """The search-index backlog (cms.indexing): updates that failed and wait for a retry."""
    try:
        count, oldest = indexing.backlog_status()
    except Exception:
        logger.exception("Health check: search index backlog unreadable")
        return None
    return {
        "status": "degraded" if count else "ok",
        "backlog": count,
        "oldest_seconds": indexing.backlog_age_seconds(oldest),
    }


def _tasks():
    """The task queue's backlog (cms.queue), or ``None`` with the immediate backend.

    A backlog older than ``CMS_TASK_BACKLOG_MAX_AGE`` seconds means no worker is taking
    tasks: "degraded" (publishing works; indexing, webhooks and mail wait).
    """
    try:
        status = queue.backlog_status()
    except Exception:
        logger.exception("Health check: task queue unreadable")
        return {"status": "unavailable"}
    if status is None:
        return None
    max_age = getattr(settings, "CMS_TASK_BACKLOG_MAX_AGE", 300)
    return {"status": "degraded" if status["oldest_seconds"] > max_age else "ok", **status}


def _replica():
    if not db_router.replica_configured():
        return None
    usable = db_router.replica.is_usable()
    return {
        "status": "ok" if usable else "degraded",
        "lag_bytes": db_router.replica_lag_bytes(),
    }


@never_cache
def healthz(request):
    """200 while the database answers; the cache and the search index only degrade.

    Pages, search and the API keep working without the cache (its errors are logged,
    not raised), and publishing without the search index (updates wait on a backlog),
    so neither outage may take every instance out of the balancer; both say
    "degraded" so monitoring sees them.
    """
    database, cache_ok = _database_ok(), _cache_ok()
    search_index = _search_index() if database else None
    index_ok = search_index is not None and search_index["status"] == "ok"
    # The queue and the replica only exist in a cluster; absent, they are not reported.
    optional = {"tasks": _tasks() if database else None, "replica": _replica()}
    optional = {name: part for name, part in optional.items() if part is not None}
    parts_ok = all(part["status"] == "ok" for part in optional.values())
    healthy = database and cache_ok and index_ok and parts_ok
    status = "ok" if healthy else ("degraded" if database else "unavailable")
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "unavailable",
            "cache": "ok" if cache_ok else "unavailable",
            "search_index": search_index or {"status": "unavailable"},
            **optional,
        },
        status=200 if database else 503,
    )
