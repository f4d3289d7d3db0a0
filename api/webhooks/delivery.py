"""Sending deliveries: in order per endpoint, signed, retried with exponential backoff.

An endpoint's deliveries go out oldest first, one at a time: a delivery waits while an
earlier one to the same endpoint is pending (retrying). A delivery given up on after
``WEBHOOK_MAX_ATTEMPTS`` stays in the log as failed and no longer holds the others.

Each attempt is claimed before it is sent (a conditional update that counts the attempt
and moves ``next_attempt_at`` past the timeout), so two workers, or a task and
``deliver_webhooks``, never send the same delivery at once or overtake each other.

Where requests may go: http and https only, no redirects followed, and the address is
resolved once, checked, and connected to (no second lookup an attacker's DNS could
answer differently). Private, loopback, link-local and reserved addresses are refused
unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` is on (tests, an intranet receiver).
"""

import http.client
import ipaddress
import logging
import socket
import ssl
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import signing
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

EXCERPT_BYTES = 2048
LEASE_MARGIN = timedelta(seconds=30)


class RefusedAddress(Exception):
    """The URL points where webhooks may not go."""


def backoff(attempts):
    """Wait after the ``attempts``-th failure: base, 4x base, 16x base, ..."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 4 ** (attempts - 1))


def checked_address(host, port):
    """The IP address to connect to for ``host``; refuses private ones unless allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise RefusedAddress(f"cannot resolve {host}: {error}") from error
    allow_private = settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0])
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        if allow_private or (address.is_global and not address.is_multicast):
            return str(address)
    raise RefusedAddress(f"{host} resolves to a private or reserved address")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, timeout):
    """POST ``body``; ``(status, excerpt)``.

    Raises ``OSError`` (refused, timed out), ``HTTPException`` or ``RefusedAddress``.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedAddress(f"not a valid address: {error}") from error
    secure = parts.scheme == "https"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RefusedAddress("only http and https addresses")
    port = port or (443 if secure else 80)
    address = checked_address(parts.hostname, port)
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
        return response.status, excerpt
    finally:
        connection.close()


def headers_for(delivery, endpoint, body, attempt):
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "cms-webhooks/1",
        "Webhook-Id": str(delivery.uuid),
        "Webhook-Event": delivery.event,
        "Webhook-Attempt": str(attempt),
        signing.HEADER: signing.header_value(endpoint.secret, time.time(), body),
    }


def attempt(delivery, endpoint, *, now, timeout):
    """One attempt at ``delivery``; whether the endpoint's queue may move on.

    ``False`` when another worker holds it or it failed and will be retried (the later
    deliveries wait for it).
    """
    number = delivery.attempts + 1
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.PENDING, attempts=delivery.attempts
    ).update(
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=now + timedelta(seconds=timeout) + LEASE_MARGIN,
    )
    if not claimed:
        return False
    body = delivery.body.encode()
    status, excerpt, error = None, "", ""
    try:
        status, excerpt = post(
            endpoint.url, body, headers_for(delivery, endpoint, body, number), timeout
        )
    except Exception as failure:  # whatever the far end does is a failed attempt, logged
        if not isinstance(failure, OSError | http.client.HTTPException | RefusedAddress):
            logger.exception("Webhook delivery %s failed unexpectedly", delivery.uuid)
        error = f"{type(failure).__name__}: {failure}"[:300]
    outcome = {"response_status": status, "response_excerpt": excerpt, "error": error}
    if status is not None and 200 <= status < 300:
        outcome.update(status=WebhookDelivery.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif number >= settings.WEBHOOK_MAX_ATTEMPTS:
        outcome.update(status=WebhookDelivery.FAILED, next_attempt_at=None)
    else:
        outcome.update(next_attempt_at=now + backoff(number))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**outcome)
    return outcome.get("status") is not None


def deliver_due(*, endpoint_ids=None, now=None, timeout=None, limit=None):
    """Send every due delivery, oldest first per endpoint; ``{"delivered", "failed", "waiting"}``.

    ``now`` is the clock (tests move it instead of sleeping); ``limit`` caps the attempts
    of one run.
    """
    now = now or timezone.now()
    timeout = timeout or settings.WEBHOOK_TIMEOUT
    endpoints = WebhookEndpoint.objects.filter(active=True)
    if endpoint_ids is not None:
        endpoints = endpoints.filter(pk__in=endpoint_ids)
    counts = {"delivered": 0, "failed": 0, "waiting": 0}
    attempts = 0
    for endpoint in endpoints:
        pending = WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDelivery.PENDING)
        while limit is None or attempts < limit:
            head = pending.order_by("pk").first()
            if head is None or (head.next_attempt_at and head.next_attempt_at > now):
                break
            attempts += 1
            moved_on = attempt(head, endpoint, now=now, timeout=timeout)
            head.refresh_from_db(fields=["status"])
            if head.status == WebhookDelivery.DELIVERED:
                counts["delivered"] += 1
            elif head.status == WebhookDelivery.FAILED:
                counts["failed"] += 1
            if not moved_on:
                break
        counts["waiting"] += pending.count()
    return counts


def prune(*, now=None):
    """Delete deliveries finished more than ``WEBHOOK_LOG_DAYS`` ago; how many went.

    Age counts from the last attempt: a delivery that took weeks of retries stays as
    long as any other after its outcome. Pending ones stay whatever their age: they are
    the outbox, not the log. A review-due announcement's dedupe key is per date, so
    deleting an old one cannot repeat it.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.WEBHOOK_LOG_DAYS)
    finished = WebhookDelivery.objects.exclude(status=WebhookDelivery.PENDING)
    ended = Coalesce("last_attempt_at", "created_at")
    deleted, _ = finished.alias(ended=ended).filter(ended__lt=cutoff).delete()
    return deleted
