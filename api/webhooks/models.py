"""Registered endpoints and the outbox of deliveries to them.

Retry state lives here, not in the task backend: any backend (immediate in tests, a
database worker in production) and ``manage.py deliver_webhooks`` read the same rows,
so a delivery survives a restart and its history is what the admin's log shows.
"""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.page_events import EVENTS

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
EVENT_CHOICES = [(event, event) for event in EVENTS]


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def validate_webhook_url(url):
    """http or https with a host; where it may point is checked when sending (``delivery``)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError as error:
        raise ValidationError(_("Enter a valid address.")) from error
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(_("Enter an http:// or https:// address with a host name."))
    if parts.username or parts.password:
        raise ValidationError(_("Put no user name or password in the address."))


class WebhookEndpoint(models.Model):
    """An app's address that wants to hear of page events."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500, validators=[validate_webhook_url])
    events = models.JSONField(_("events"), default=list)
    # The HMAC key; generated, shown once to the administrator, masked everywhere after.
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def masked_secret(self):
        return f"{SECRET_PREFIX}…{self.secret[-4:]}"


class WebhookDelivery(models.Model):
    """One event for one endpoint: its signed body, and every attempt's outcome."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # given up after the last attempt
    STATUS_CHOICES = [
        (PENDING, _("pending")),
        (DELIVERED, _("delivered")),
        (FAILED, _("failed")),
    ]

    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=40, choices=EVENT_CHOICES)
    page_id = models.IntegerField(_("page id"), null=True)
    # The exact bytes sent (and signed) on every attempt, as text.
    body = models.TextField(_("body"))
    # Tells repeats apart where an event can be announced again (review due: per date).
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["endpoint", "status", "id"], name="webhook_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="webhook_delivery_once",
            )
        ]

    def __str__(self):
        return f"{self.event} #{self.page_id} → {self.endpoint}"
