"""From a page event to deliveries: the outbox rows, written in the event's transaction.

Rows are written where the event happens (inside the publish), so a publish that rolls
back announces nothing and a committed one cannot lose its deliveries; sending waits for
the commit (``tasks.enqueue_after_commit``), so no endpoint can slow down or fail a
publish.

Only what a visitor may know is announced: published, outdated and review-due events of
pages the public can see (``cms.visibility``), unpublished and deleted events of pages
outside private sections. The body names the page (id, language, public path and URL,
the API v3 address), never its text: an app reads that through the API's visibility
rules.
"""

import json
import uuid

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from cms import page_events
from cms.public_urls import public_url
from cms.visibility import restricted, visible_ids

from .models import WebhookDelivery, WebhookEndpoint
from .tasks import enqueue_after_commit

GONE = {page_events.UNPUBLISHED, page_events.DELETED}


def subscribed_endpoints(event):
    """Active endpoints that asked for ``event`` (a list filter: JSON lookups differ per
    database, and there are a handful of endpoints)."""
    active = WebhookEndpoint.objects.filter(active=True)
    return [endpoint for endpoint in active if event in endpoint.events]


def announced(event, page):
    """Whether a visitor may learn of this event at all."""
    if event in GONE:
        return not Page.objects.filter(pk=page.pk).filter(Q(restricted())).exists()
    return bool(visible_ids([page.pk]))


def payload(event, page, *, delivery_id, occurred_at, due_date=None):
    parts = page.get_url_parts()
    path = parts[2] if parts else None
    body = {
        "id": str(delivery_id),
        "event": event,
        "occurred_at": occurred_at.isoformat().replace("+00:00", "Z"),
        "page": {
            "id": page.pk,
            "locale": page.locale.language_code,
            "translation_key": str(page.translation_key),
            "path": path,
            "url": public_url(path) if path else None,
            "api_url": public_url(f"/api/v3/pages/{page.pk}/"),
        },
    }
    if due_date is not None:
        body["page"]["next_review_due"] = due_date.isoformat()
    return body


def encode(body):
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def page_event_received(sender, event, page, due_date=None, **kwargs):
    endpoints = subscribed_endpoints(event)
    if not endpoints or not announced(event, page):
        return
    dedupe_key = f"{event}:{page.pk}:{due_date.isoformat()}" if due_date else ""
    if dedupe_key:
        done = set(
            WebhookDelivery.objects.filter(dedupe_key=dedupe_key).values_list(
                "endpoint_id", flat=True
            )
        )
        endpoints = [endpoint for endpoint in endpoints if endpoint.pk not in done]
    occurred_at = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        delivery_id = uuid.uuid4()
        body = payload(
            event, page, delivery_id=delivery_id, occurred_at=occurred_at, due_date=due_date
        )
        deliveries.append(
            WebhookDelivery(
                uuid=delivery_id,
                endpoint=endpoint,
                event=event,
                page_id=page.pk,
                body=encode(body),
                dedupe_key=dedupe_key,
                created_at=occurred_at,
                next_attempt_at=occurred_at,
            )
        )
    WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=bool(dedupe_key))
    for endpoint in endpoints:
        enqueue_after_commit(endpoint.pk)
