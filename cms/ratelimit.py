"""Per-client request limits for the expensive public surfaces: search, finder, API.

A fixed window per client IP and group, counted in the ``ratelimit`` cache, which every
worker shares: Redis when configured, otherwise files on the machine (local memory would
give each of N workers its own count, N x the limit). Over the limit the client gets 429
with ``Retry-After``; a cache outage lets requests through rather than refusing everyone.

The client is ``REMOTE_ADDR`` unless ``CMS_TRUSTED_PROXY_COUNT`` proxies sit in front:
each appends the address it saw to ``X-Forwarded-For``, so only the rightmost entries
are trustworthy and everything to their left is whatever the client sent.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

WINDOWS = {"s": 1, "m": 60, "h": 3600}
CACHE_ALIAS = "ratelimit"


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


def retry_after(request, group):
    """Seconds to wait if this request exceeds its group's limit, else ``None``."""
    if not getattr(settings, "RATE_LIMIT_ENABLED", True):
        return None
    rate = getattr(settings, "RATE_LIMITS", {}).get(group)
    if not rate:
        return None
    limit, window = parse_rate(rate)
    now = int(time.time())
    bucket = now // window
    key = f"rl:{group}:{client_ip(request)}:{bucket}"
    try:
        count = count_request(caches[CACHE_ALIAS], key, window)
    except Exception:  # noqa: BLE001 - a broken cache must not lock everyone out
        return None
    if count is None or count <= limit:
        return None
    return window - (now % window) or 1


def too_many_requests(request, seconds, as_json=False):
    message = _("Too many requests. Please wait %(seconds)s seconds and try again.") % {
        "seconds": seconds
    }
    if as_json:
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Limits the API by path and named views (search) by URL name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            group = "api"
        else:
            match = request.resolver_match
            group = getattr(settings, "RATE_LIMITED_VIEWS", {}).get(match.url_name if match else "")
        if group is None:
            return None
        seconds = retry_after(request, group)
        if seconds is None:
            return None
        return too_many_requests(request, seconds, as_json=group == "api")
