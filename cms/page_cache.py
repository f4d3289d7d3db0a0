"""Full-page cache for anonymous visitors and public API reads.

Invalidated whenever published content changes.

Why not Django's per-site cache: pages vary by the visitor's display preferences (a
cookie) and carry CSRF tokens on some forms; ``Vary: Cookie`` would give every visitor
their own copy. Here the key is the host, the URL, the reader's resolved language (the
prefix, or for the API the language cookie or ``Accept-Language``) and only the cookies
in ``PAGE_CACHE_VARY_COOKIES``; responses that set cookies, used a CSRF token, or were
made for a signed-in user or a preview are never stored. API reads with a token and
previews are never stored either; ``api.middleware`` sits inside this middleware, so
a stored API answer keeps its ``ETag``, ``Last-Modified`` and ``Cache-Control`` and a hit
answers conditional requests with 304. A stored answer remembers the rate-limit group
its request was counted in (``cms.ratelimit``, which sits outside this middleware), so
a hit, 304 included, is counted in it too.

Invalidation is targeted: each stored answer carries the dependency tags it was
rendered with (``cms.cache_tags``), and publishing, unpublishing, moving or deleting a
page bumps only the tags of the answers that show it (``cms.invalidation``). Saving a
snippet, setting, image or document bumps one generation that is part of every key
(everything is refreshed). Both live in the database only, so a cache that was
unreachable during an unpublish cannot bring the unpublished page back when it returns.

An answer may do something that its copies must do again, because a copy stands for
another request: a search counts its query for the editors' statistics. The view calls
``repeat_on_hits(name, *args)`` after doing it, and every answer served from the stored
copy calls the function registered under ``name`` with the same arguments
(``repeatable``). Such functions touch the cache only, never the database: a hit
stays a GET that writes nothing.

A publish storm renders a popular page once: when an answer is outdated by a publish
(a *soft* change), the first request takes a render lock and renders it while the
others get the previous copy (``X-Page-Cache: stale``) for at most
``PAGE_CACHE_STALE_SECONDS`` (the lock's lifetime). Unpublishing, moving and deleting
are *hard* changes: the old copy is never served again once they commit.
"""

import hashlib
import logging
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import cache_tags, site_config

CACHE_HEADER = "X-Page-Cache"
_local = {"version": None, "checked": 0.0}
_repeats = ContextVar("cms_page_cache_repeats", default=None)
_REPEATABLE = {}  # name -> function, registered by the apps (``repeatable``)
logger = logging.getLogger(__name__)


def repeatable(name, function):
    """Let ``repeat_on_hits`` name ``function`` as ``name``.

    Called from an app's ``ready()``, so the name resolves on a hit even before any view
    module was imported; a name is kept with the stored copy instead of the function, so
    ``cms`` imports no app.
    """
    _REPEATABLE[name] = function


def repeat_on_hits(name, *args):
    """The answer being rendered did ``name(*args)``; every copy served of it does it again.

    A no-op when the answer is not being stored. ``args`` are kept with the copy: plain
    values only.
    """
    repeats = _repeats.get()
    if repeats is not None:
        repeats.append((name, args))


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def current_version():
    """The content generation: read from the database, remembered briefly in-process.

    Never from the shared cache: a publish or unpublish made while Redis was unreachable
    bumps only the database, and a Redis that comes back with the old version would
    serve the unpublished page again until expiry. Each process rereads the row at most
    every ``PAGE_CACHE_VERSION_TTL`` seconds, so no worker serves a page older than that
    after a publish, whatever state the cache is in.
    """
    from .models import ContentVersion

    now = time.monotonic()
    ttl = getattr(settings, "PAGE_CACHE_VERSION_TTL", 1.0)
    if _local["version"] is None or now - _local["checked"] > ttl:
        _local["version"] = ContentVersion.current()
        _local["checked"] = now
    return _local["version"]


def forget_version():
    """Drop this process's remembered versions so the next request reads the database."""
    _local["version"] = None
    cache_tags.forget()
    site_config.forget()


def _new_version():
    from .models import ContentVersion

    version = uuid.uuid4().hex
    ContentVersion.objects.update_or_create(pk=1, defaults={"value": version})
    _local["version"], _local["checked"] = version, time.monotonic()


def bump_version(**_kwargs):
    """Invalidate every cached page, now and again when the transaction commits.

    The second bump covers pages another worker may have rendered from the database
    before this transaction's changes were visible to it.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _language(path):
    prefix = path.strip("/").split("/", 1)[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return prefix if prefix in codes else None


def _reader_language(request):
    """The language ``LocaleMiddleware`` will activate for this request.

    Outside the language prefixes (the API) it comes from the language cookie or
    ``Accept-Language`` and decides rich-text link targets, so it is part of the key:
    the resolved code, not the raw header, so ``de-CH`` and ``de;q=0.9`` share a copy.
    """
    return _language(request.path_info) or translation.get_language_from_request(request)


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if request.path_info.startswith(("/api/v2/", "/api/v3/")):
        return "HTTP_AUTHORIZATION" not in request.META and "/preview" not in request.path_info
    if _language(request.path_info) is None:
        return False
    return not request.GET.get("preview")


def _key(request):
    vary = "|".join(
        f"{name}={request.COOKIES.get(name, '')[:200]}"
        for name in getattr(settings, "PAGE_CACHE_VARY_COOKIES", [])
    )
    raw = "\n".join(
        [
            request.get_host(),
            request.get_full_path(),
            _reader_language(request),
            request.headers.get("Accept", "")[:100] if request.path.startswith("/api/") else "",
            request.headers.get("Origin", "")[:200] if request.path.startswith("/api/") else "",
            vary,
            str(current_version()),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class PageCacheMiddleware:
    """Serve and store anonymous pages; placed early so a hit skips the rest of the stack."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        self.stale_seconds = getattr(settings, "PAGE_CACHE_STALE_SECONDS", 5)

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = _cache().get(key)
        lock = None
        if isinstance(cached, tuple) and len(cached) == 3:
            rendered_at, tags, response = cached
            state = cache_tags.freshness(tags, rendered_at)
            if state == "fresh":
                return _serve(request, response, "hit")
            if state == "soft":
                lock = render_lock(key)
                if not _cache().add(lock, 1, self.stale_seconds):
                    return _serve(request, response, "stale")
        rendered_at = cache_tags.sequence()
        repeats = []
        token = _repeats.set(repeats)
        try:
            with cache_tags.collecting() as collected:
                response = self.get_response(request)
        finally:
            _repeats.reset(token)
        if _storable(request, response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            response[CACHE_HEADER] = "miss"
            response.rate_limit_group = getattr(request, "rate_limit_group", None)
            response.page_cache_repeats = tuple(repeats)
            tags = frozenset(collected.tags)
            cache_tags.versions(tags)  # remembered now: the next hit needs no query
            _cache().set(key, (rendered_at, tags, response), self.timeout)
        if lock:
            _cache().delete(lock)
        return response


def render_lock(key):
    """The lock a worker holds while it renders a soft-outdated answer (publish storms)."""
    return key + ":render"


def _serve(request, response, state):
    for name, args in getattr(response, "page_cache_repeats", ()):
        try:
            _REPEATABLE[name](*args)
        except Exception:  # noqa: BLE001 - a side duty never fails the answer
            logger.exception("Page cache: repeating %s for a stored answer failed", name)
    response[CACHE_HEADER] = state
    last_modified = response.get("Last-Modified")
    answer = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    answer.rate_limit_group = getattr(response, "rate_limit_group", None)
    return answer
