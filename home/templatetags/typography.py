"""``{{ heading|hyphenate }}``: see ``home.typography``."""

from django import template
from django.utils.translation import get_language

from home.typography import hyphenate as insert_soft_hyphens

register = template.Library()


@register.filter(is_safe=True)
def hyphenate(text, language_code=None):
    """Soft hyphens in the long words of ``text``, in the active (or given) language."""
    return insert_soft_hyphens(str(text), language_code or get_language())
