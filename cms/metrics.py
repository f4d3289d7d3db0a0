"""Per-node observability: Prometheus ``/metrics`` and one request id per request.

Why prometheus-client directly rather than django-prometheus: the figures an operator
of this site needs are few (requests, latency, page-cache hits, task backlog, replica
lag) and two of them are the project's own; django-prometheus would add per-model and
per-query instrumentation, an app and a URL conf for what five metrics cover. With
``PROMETHEUS_MULTIPROC_DIR`` set (gunicorn with several workers) the counters are
shared through files in that folder, so a scrape of any worker sees the whole node.

The request id comes from nginx (``X-Request-ID``) or is made here, is returned in the
response, is on every log line (``RequestIdFilter``) and travels with the tasks the
request enqueues (``cms.queue``) to the worker's log lines. Each request is one line
of ``cms.requests`` (method, path, status, milliseconds): the node's side of the line
nginx writes with the same id, so an operator can follow a publish from nginx's log to
the node that answered it and on to the worker.
"""

import contextvars
import logging
import os
import re
import time
import uuid

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_request_id = contextvars.ContextVar("cms_request_id", default="")

REQUESTS = Counter("cms_http_requests", "HTTP requests answered", ["method", "status"])
LATENCY = Histogram(
    "cms_http_request_duration_seconds",
    "Time to answer a request",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PAGE_CACHE = Counter("cms_page_cache", "Page-cache lookups by result", ["result"])

request_log = logging.getLogger("cms.requests")


def current_request_id():
    return _request_id.get()


def set_request_id(value):
    _request_id.set(value)


class RequestIdFilter:
    """Puts the current request id on every log record (``%(request_id)s``)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class RequestMetricsMiddleware:
    """Counts and times every request, and carries its request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            request_log.info(
                "%s %s %s %.0fms",
                request.method,
                request.path,
                response.status_code,
                elapsed * 1000,
            )
        finally:
            _request_id.reset(token)
        LATENCY.observe(elapsed)
        REQUESTS.labels(request.method, str(response.status_code)).inc()
        cache_result = response.get("X-Page-Cache")
        if cache_result:
            PAGE_CACHE.labels(cache_result.lower()).inc()
        response[REQUEST_ID_HEADER] = request_id
        return response


class _StateCollector:
    """Gauges read when scraped: the task backlog and the replica's lag."""

    def collect(self):
        from . import db_router, queue

        tasks = _safely(queue.backlog_status)
        if tasks is not None:
            yield GaugeMetricFamily("cms_task_backlog", "Tasks ready to run", tasks["backlog"])
            yield GaugeMetricFamily(
                "cms_task_oldest_seconds", "Wait of the oldest ready task", tasks["oldest_seconds"]
            )
        if db_router.replica_configured():
            usable = _safely(db_router.replica.is_usable)
            yield GaugeMetricFamily(
                "cms_replica_usable", "1 while reads may go to the replica", int(bool(usable))
            )
            lag = db_router.replica_lag_bytes()
            if lag is not None:
                yield GaugeMetricFamily(
                    "cms_replica_lag_bytes", "WAL the replica has not replayed yet", lag
                )


def _safely(read):
    try:
        return read()
    except Exception:  # noqa: BLE001 - a scrape reports what it can
        return None


def _registry():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, PAGE_CACHE):
            registry.register(collector)
    registry.register(_StateCollector())
    return registry


@never_cache
def metrics_view(request):
    """Prometheus text format. nginx keeps it off the public site; scrape nodes directly."""
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
