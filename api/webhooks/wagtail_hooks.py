"""Admin registration: the webhook screens, and the delivery log's read-only policy."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import WebhookDelivery
from .views import ReadOnlyPolicy, WebhooksGroup

register_permission_policy(WebhookDelivery, ReadOnlyPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_viewset():
    return WebhooksGroup()
