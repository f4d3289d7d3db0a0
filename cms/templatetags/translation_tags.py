"""Tell visitors when the page they read was translated from an older source version."""

from django import template

from wagtail.models import Page

from cms.translation_status import status_of

register = template.Library()


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def translation_notice(context, page):
    if page is None or not getattr(page, "translation_key", None):
        return {}
    state = status_of(page)
    if not state.outdated:
        return {}
    source_page = Page.objects.select_related("locale").get(pk=state.source_page_id)
    return {
        "source_page": source_page,
        "source_language": source_page.locale.get_display_name(),
        "source_changed_at": state.source_changed_at,
        "request": context.get("request"),
    }


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (per-language rights in the translations report)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
