"""Anonymous reads from the streaming replica, everything else from the primary.

Why a request decides, not a query: only the request knows whether the reader may see
slightly old data. A visitor without a session reading a page may; an editor, an API
client with a token, or anybody who has just written may not (they must read their own
write). So :class:`ReplicaMiddleware` marks a request as replica-eligible before any
query runs, and :class:`ReplicaRouter` sends that request's reads to the ``replica``
alias. Writes always go to the primary (``default``), and so does everything outside a
request (commands, the task worker, tests).

The replica is skipped, and the primary answers, while it is unreachable or behind:
every ``DATABASE_REPLICA_MAX_LAG_SECONDS`` each process compares the replica's replayed
WAL position with the primary's position at the previous check, so a replica serves
only while it holds at least what the primary had one interval ago (bounded
staleness, not a guess from timestamps). A replica that fails in the middle of a
request marks itself down and the request is answered again from the primary: a GET
without a session changes nothing, so running it twice is safe.
"""

import contextvars
import logging
import sys
import threading
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY, REPLICA = "default", "replica"
PIN_COOKIE = "cms_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRIMARY_PREFIXES = ("/admin/", "/django-admin/")

_reading_from_replica = contextvars.ContextVar("cms_reading_from_replica", default=False)


class _ReplicaState:
    """This process's view of the replica: usable or not, rechecked every interval."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.usable = False
        self.checked = float("-inf")
        self.primary_lsn = None
        self.lag_bytes = None

    def mark_down(self):
        with self.lock:
            self.usable, self.checked = False, time.monotonic()
        logger.warning("Database replica unavailable: reading from the primary")

    def is_usable(self):
        interval = getattr(settings, "DATABASE_REPLICA_MAX_LAG_SECONDS", 1.0)
        if time.monotonic() - self.checked < interval:
            return self.usable
        with self.lock:
            if time.monotonic() - self.checked >= interval:
                self.usable = self._check()
                self.checked = time.monotonic()
        return self.usable

    def _check(self):
        try:
            if connections[REPLICA].vendor != "postgresql":
                _scalar(REPLICA, "SELECT 1")
                return True
            replayed = _scalar(REPLICA, "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn")
            previous, self.primary_lsn = (
                self.primary_lsn,
                _scalar(PRIMARY, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"),
            )
        except Exception:  # noqa: BLE001 - any failure means: do not read from it
            logger.warning("Database replica check failed", exc_info=True)
            connections[REPLICA].close()
            return False
        if replayed is None:  # not a standby: promoted or misconfigured
            return False
        self.lag_bytes = max(int(self.primary_lsn - replayed), 0)
        return previous is not None and replayed >= previous


def _scalar(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


replica = _ReplicaState()


def replica_configured():
    return REPLICA in connections.settings


def replica_lag_bytes():
    """The replica's distance behind the primary at the last check, for metrics."""
    return replica.lag_bytes if replica_configured() else None


class ReplicaRouter:
    """Reads of a replica-eligible request from the replica; all else from the primary."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica.is_usable():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


def replica_eligible(request):
    """May this request read data a moment old? Decided before any query runs.

    A session cookie (an editor, or a visitor whose session holds state), a token, a
    recent write of this browser (the pin cookie) or the admin all read the primary.
    """
    return (
        request.method in SAFE_METHODS
        and not request.path_info.startswith(PRIMARY_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
        and "Authorization" not in request.headers
    )


class ReplicaMiddleware:
    """Marks replica-eligible requests, retries them on the primary if the replica fails,
    and pins a client that wrote to the primary for ``DATABASE_PRIMARY_PIN_SECONDS``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        if not replica_eligible(request):
            response = self.get_response(request)
            if request.method not in SAFE_METHODS and response.status_code < 400:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.DATABASE_PRIMARY_PIN_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        token = _reading_from_replica.set(True)
        try:
            response = self.get_response(request)
        finally:
            _reading_from_replica.reset(token)
        if getattr(request, "_replica_failed", False):
            replica.mark_down()
            response = self.get_response(request)
        return response


def _note_replica_failure(sender, request=None, **kwargs):
    """Flags a request whose replica read failed, so the middleware answers it again."""
    if request is None or not _reading_from_replica.get() or not replica_configured():
        return
    if isinstance(sys.exc_info()[1], DatabaseError) and connections[REPLICA].errors_occurred:
        request._replica_failed = True


got_request_exception.connect(_note_replica_failure, dispatch_uid="cms_db_router_replica")
