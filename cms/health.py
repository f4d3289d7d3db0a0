"""``/healthz``: is this instance able to serve? For load balancers and monitoring."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import indexing

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
    healthy = database and cache_ok and index_ok
    status = "ok" if healthy else ("degraded" if database else "unavailable")
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "unavailable",
            "cache": "ok" if cache_ok else "unavailable",
            "search_index": search_index or {"status": "unavailable"},
        },
        status=200 if database else 503,
    )
