"""What topic and therapy templates need from specialists, without topics importing us."""

from django import template

from cms.visibility import visible
from specialists.jsonld import specialist_structured_data
from specialists.models import SpecialistPage

register = template.Library()


@register.simple_tag
def specialists_for(page, limit=12):
    """Live specialists in ``page``'s language who offer this therapy or treat this topic."""
    key = page.translation_key
    queryset = visible(SpecialistPage.objects.filter(locale_id=page.locale_id))
    linked = queryset.filter(therapy_links__therapy__translation_key=key) | queryset.filter(
        topic_links__topic__translation_key=key
    )
    return list(linked.distinct().order_by("sort_name")[:limit])


@register.simple_tag(takes_context=True)
def specialist_json_ld(context, specialist):
    return specialist_structured_data(specialist, context.get("request"))


@register.inclusion_tag("specialists/includes/facet_field.html")
def finder_facet(finder, name, label, all_label):
    """One finder filter: a list to pick from, or a text field when it is long."""
    return {
        "name": name,
        "label": label,
        "all_label": all_label,
        "options": finder.facets.get(name, []),
        "is_typed": name in finder.typed,
        "typed": finder.typed.get(name, ""),
        "suggestions": finder.suggestions.get(name, []),
    }
