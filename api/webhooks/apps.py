from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Listed after ``api``: it only reacts to page events ``cms`` announces."""

    name = "api.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from cms.page_events import page_event

        from . import events

        page_event.connect(events.page_event_received, dispatch_uid="webhooks-page-event")
