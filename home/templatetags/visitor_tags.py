"""The visitor's display preferences, for the classes on ``<html>``."""

from django import template
from django.utils.translation import gettext

from home.accessibility import VisitorDefaults
from home.preferences import Preferences, preferences_for

register = template.Library()


@register.simple_tag(takes_context=True)
def visitor_preferences(context):
    request = context.get("request")
    if request is None:
        return Preferences()
    return preferences_for(request, VisitorDefaults.for_request(request).as_preferences())


@register.filter
def catalogue_name(value):
    """A stored name in the visitor's language where the UI catalogues translate it.

    Reviewer names are synchronised to every translation; a person's name stays as it
    is, a board's name that the catalogues know ("Editorial board (demo)") is translated.
    """
    return gettext(value) if value else value
