"""Per-client request limits for the expensive public surfaces: search, finder, PDF, API.

A fixed window per client IP and group, counted in the ``ratelimit`` cache, which every
worker shares: Redis when configured, otherwise files on the machine (local memory would
give each of N workers its own count, N x the limit). Over the limit the client gets 429
with ``Retry-After``: RFC 9457 problem details under ``/api/``, a small page in the
visitor's language elsewhere. A cache outage lets requests through rather than refusing
everyone.

Every answer of a limited group, the 429 included, carries ``RateLimit-Limit``,
``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds until the window ends), the
triple of draft-ietf-httpapi-ratelimit-headers-03. Chosen over the later drafts'
``RateLimit`` / ``RateLimit-Policy`` structured-field pair because the triple is what
gateways, client libraries and HTTP tooling read today, and its three plain integers
need no structured-field parser; the pair is still a moving draft.

Cached answers count too. :class:`RateLimitMiddleware` runs before the page cache and
decides the group from the path alone: ``/api/`` is the API, and a language-prefixed
path is matched, in its language, against the routes of ``RATE_LIMITED_VIEWS`` (URL
names) only.
Wagtail pages that declare ``rate_limit_group`` (the finder) are known only once the
page is found: a render is counted by the ``before_serve_page`` hook (before the
expensive work), and the page cache keeps the group with the stored copy so that a hit
is counted as well (and refused over the limit). The per-client headers are added
outside the page cache, so a stored copy never carries another client's count, and a
429 is never stored (the page cache keeps 200s only).

The client is ``REMOTE_ADDR`` unless ``CMS_TRUSTED_PROXY_COUNT`` proxies sit in front:
each appends the address it saw to ``X-Forwarded-For``, so only the rightmost entries
are trustworthy and everything to their left is whatever the client sent.
"""

import functools
import ipaddress
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import get_resolver
from django.utils import translation
from django.utils.translation import gettext as _

from .problems import problem

WINDOWS = {"s": 1, "m": 60, "h": 3600}
CACHE_ALIAS = "ratelimit"
# Set on the request once it is counted, and on a response the page cache stores.
GROUP_ATTR = "rate_limit_group"
USAGE_ATTR = "rate_limit_usage"
HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


def parse_rate(rate):
    """``"60/m"`` → ``(60, 60)``: requests per window of seconds."""
    count, _sep, unit = rate.partition("/")
    return int(count), WINDOWS[unit[:1] or "m"]


def _address(text):
    """The canonical form of an IP address, or ``None`` for anything else."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address of the client as the outermost trusted proxy saw it.

    With ``n`` trusted proxies the client is the ``n``-th ``X-Forwarded-For`` entry from
    the right. A header too short or an entry that is not an address means the request
    did not come through the proxies as configured: the direct peer is counted instead,
    which a client cannot vary.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "")) or "unknown"
    trusted = getattr(settings, "CMS_TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < trusted:
        return remote
    return _address(entries[-trusted]) or remote


def count_request(store, key, window):
    """Add one to ``key`` in ``store`` (created for ``window`` seconds); the new count."""
    if store.add(key, 1, window + 1):
        return 1
    return store.incr(key)


@dataclass(frozen=True)
class Usage:
    """Where one client stands in one group's current window."""

    limit: int
    count: int
    reset: int  # seconds until the window ends

    @property
    def exceeded(self):
        return self.count > self.limit

    @property
    def headers(self):
        remaining = max(self.limit - self.count, 0)
        return dict(zip(HEADERS, map(str, (self.limit, remaining, self.reset)), strict=True))


def _rate(group):
    if not getattr(settings, "RATE_LIMIT_ENABLED", True):
        return None
    return getattr(settings, "RATE_LIMITS", {}).get(group)


def use(request, group):
    """Count this request in ``group``: its :class:`Usage`, or ``None`` when unlimited.

    A request is counted once, whichever of the middleware, the page hook or a cache hit
    gets to it first; the group is remembered on the request even when the counter store
    is down (then the request passes and carries no headers).
    """
    if hasattr(request, GROUP_ATTR):
        return getattr(request, USAGE_ATTR, None)
    setattr(request, GROUP_ATTR, group)
    rate = _rate(group)
    if not rate:
        return None
    limit, window = parse_rate(rate)
    now = int(time.time())
    key = f"rl:{group}:{client_ip(request)}:{now // window}"
    try:
        count = count_request(caches[CACHE_ALIAS], key, window)
    except Exception:  # noqa: BLE001 - a broken cache must not lock everyone out
        return None
    if count is None:
        return None
    usage = Usage(limit=limit, count=count, reset=window - (now % window) or 1)
    setattr(request, USAGE_ATTR, usage)
    return usage


def refusal(request, group):
    """The 429 for this request if it is over ``group``'s limit, else ``None``."""
    usage = use(request, group)
    if usage is None or not usage.exceeded:
        return None
    return too_many_requests(request, usage)


def _visitor_language(request):
    path_language = translation.get_language_from_path(request.path_info)
    return path_language or translation.get_language_from_request(request)


def too_many_requests(request, usage):
    """429 with ``Retry-After`` and the limit headers, never stored by any cache."""
    with translation.override(_visitor_language(request)):
        message = _("Too many requests. Please wait %(seconds)s seconds and try again.") % {
            "seconds": usage.reset
        }
        if request.path_info.startswith("/api/"):
            response = problem(429, message)
        else:
            html = render_to_string("429.html", {"message": message})
            response = HttpResponse(html, status=429)
    response["Retry-After"] = str(usage.reset)
    response["Cache-Control"] = "private, no-store"
    for name, value in usage.headers.items():
        response[name] = value
    return response


@functools.lru_cache(maxsize=64)
def _named_view_patterns(urlconf, language, names):
    """The full-path regexes of the URL names ``names`` in ``language``: the ones
    ``resolve`` would try, read from the resolver's reverse table once per language."""
    resolver = get_resolver(urlconf)
    with translation.override(language):  # translated routes ("suche/") and the prefix
        return tuple(
            (re.compile(pattern), name)
            for name in names
            for _bits, pattern, _defaults, _converters in resolver.reverse_dict.getlist(name)
        )


def path_group(request):
    """The limited group a path belongs to, from the path alone (no database).

    ``/api/`` is the API. A named view is matched against its own patterns only, in the
    path's language, instead of resolving the whole URL conf (Wagtail's catch-all
    included) a second time before Django does: ~10 µs instead of ~110 µs a request.
    """
    path = request.path_info
    if path.startswith("/api/"):
        return "api"
    views = getattr(settings, "RATE_LIMITED_VIEWS", {})
    if not views or not getattr(settings, "RATE_LIMIT_ENABLED", True):
        return None
    language = translation.get_language_from_path(path)
    if language is None:
        return None  # i18n_patterns hold every named view; nothing else is limited by name
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    for pattern, name in _named_view_patterns(urlconf, language, tuple(sorted(views))):
        if pattern.match(path[1:]):
            return views[name]
    return None


class RateLimitMiddleware:
    """Counts every request of a limited group, page-cache hits included.

    Placed before ``cms.page_cache.PageCacheMiddleware`` (and after CORS, so a browser
    can read the 429): path groups are refused before the cache or a view runs; a
    stored page of a page group (the finder) is counted when the cache answers with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        group = path_group(request)
        if group is not None:
            refused = refusal(request, group)
            if refused is not None:
                return refused
        response = self.get_response(request)
        stored_group = getattr(response, GROUP_ATTR, None)
        if stored_group is not None and not hasattr(request, GROUP_ATTR):
            refused = refusal(request, stored_group)
            if refused is not None:
                return refused
        usage = getattr(request, USAGE_ATTR, None)
        if usage is not None:
            for name, value in usage.headers.items():
                response[name] = value
        return response
