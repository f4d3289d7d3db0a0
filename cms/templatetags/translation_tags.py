"""Tell visitors when the page they read was translated from an older source version."""

from django import template

from wagtail.models import Page

from cms.translation_status import outdated_source

register = template.Library()


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def translation_notice(context, page):
    if page is None or not getattr(page, "translation_key", None):
        return {}
    outdated = outdated_source(page)
    if outdated is None:
        return {}
    source_page_id, source_changed_at = outdated
    source_page = Page.objects.select_related("locale").get(pk=source_page_id)
    return {
        "source_page": source_page,
        "source_language": source_page.locale.get_display_name(),
        "source_changed_at": source_changed_at,
        "request": context.get("request"),
    }


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (per-language rights in the translations report)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
