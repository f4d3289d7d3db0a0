"""The visitor's display preferences (classes on ``<html>``) and names in their language."""

from django import template

from home.accessibility import VisitorDefaults
from home.names import catalogue_name
from home.preferences import Preferences, preferences_for

register = template.Library()


@register.simple_tag(takes_context=True)
def visitor_preferences(context):
    request = context.get("request")
    if request is None:
        return Preferences()
    return preferences_for(request, VisitorDefaults.for_request(request).as_preferences())


register.filter("catalogue_name", catalogue_name)
