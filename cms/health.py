"""``/healthz``: is this instance able to serve? For load balancers and monitoring."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

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


@never_cache
def healthz(request):
    """200 while the database answers; the cache is reported but only degrades.

    Pages, search and the API keep working without the cache (its errors are logged,
    not raised), so a cache outage must not take every instance out of the balancer.
    """
    database, cache_ok = _database_ok(), _cache_ok()
    status = "ok" if database and cache_ok else ("degraded" if database else "unavailable")
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "unavailable",
            "cache": "ok" if cache_ok else "unavailable",
        },
        status=200 if database else 503,
    )
