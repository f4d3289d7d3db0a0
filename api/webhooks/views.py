"""The admin's webhook screens: endpoints (administrators manage them) and the delivery log.

Wagtail's ``ModelViewSet`` with Wagtail's model permission policies: ``webhooks.*``
permissions, which only the Administrators role holds (``cms.roles``) and superusers
have, so every other user gets 403 on every URL here. The delivery log is read-only for
everyone (``ReadOnlyPolicy``): deliveries are a record, not something to edit.

Wagtail answers a refused admin request with a redirect to the dashboard; these
screens answer 403 (``forbidden``), so a refusal is visible as one.

The secret is shown once, in the message after it was made (on creation, or when an
administrator asks for a new one); lists show ``whsec_…abcd`` and no form or API shows
it.
"""

import functools

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from .models import (
    EVENT_CHOICES,
    WebhookDelivery,
    WebhookEndpoint,
    new_secret,
    validate_webhook_url,
)


def forbidden(view):
    """403, not Wagtail's redirect to the dashboard: a refused request says so plainly."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            return permission_denied(request, denied)

    return wrapped


class ForbiddenViewSet(ModelViewSet):
    def get_urlpatterns(self):
        return [
            URLPattern(
                pattern.pattern, forbidden(pattern.callback), pattern.default_args, pattern.name
            )
            for pattern in super().get_urlpatterns()
        ]


class EndpointForm(WagtailAdminModelForm):
    url = forms.URLField(
        label=_("URL"), max_length=500, assume_scheme="https", validators=[validate_webhook_url]
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    new_secret = forms.BooleanField(
        label=_("Replace the signing secret"),
        required=False,
        help_text=_("The new secret is shown once; the receiver must switch to it."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["new_secret"]  # a new endpoint gets one anyway

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.instance._state.adding or self.cleaned_data.get("new_secret"):
            instance.secret = new_secret()
            instance.secret_shown_once = instance.secret
        if commit:
            instance.save()
        return instance


def _with_secret(message, instance):
    secret = getattr(instance, "secret_shown_once", None)
    if not secret:
        return message
    return format_html(
        "{} {} <code>{}</code>",
        message,
        _("Signing secret (shown only now, copy it to the receiver):"),
        secret,
    )


class EndpointCreateView(generic.CreateView):
    def get_success_message(self, instance):
        return _with_secret(super().get_success_message(instance), instance)


class EndpointEditView(generic.EditView):
    def get_success_message(self):
        return _with_secret(super().get_success_message(), self.object)


class DeliveryLogColumn(Column):
    """A link from an endpoint to its deliveries (the log, filtered)."""

    def get_value(self, instance):
        from django.urls import reverse

        url = reverse(f"{DeliveryViewSet.name}:index") + f"?endpoint={instance.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Delivery log"))


class EndpointViewSet(ForbiddenViewSet):
    model = WebhookEndpoint
    name = "webhook_endpoints"
    icon = "link"
    menu_label = _("Endpoints")
    add_view_class = EndpointCreateView
    edit_view_class = EndpointEditView
    copy_view_enabled = False  # a copy would share the secret
    list_display = [
        "name",
        "url",
        Column("events", label=_("Events"), accessor=lambda e: ", ".join(e.events)),
        "active",
        Column("secret", label=_("Secret"), accessor="masked_secret"),
        DeliveryLogColumn("log", label=_("Deliveries")),
    ]

    def get_form_class(self, for_update=False):
        return EndpointForm


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing for those with the view permission; adding, changing, deleting for nobody."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class DeliveryViewSet(ForbiddenViewSet):
    model = WebhookDelivery
    name = "webhook_deliveries"
    icon = "list-ul"
    menu_label = _("Delivery log")
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # never used: the policy refuses add and change
    list_display = [
        "event",
        "endpoint",
        "page_id",
        "status",
        "attempts",
        "response_status",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["endpoint", "status", "event"]
    inspect_view_fields = [
        "uuid",
        "endpoint",
        "event",
        "page_id",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "response_status",
        "response_excerpt",
        "error",
        "body",
    ]


class WebhooksGroup(ModelViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link"
    add_to_settings_menu = True
    items = (EndpointViewSet, DeliveryViewSet)
