"""What an anonymous visitor may see: the one definition every visitor path uses.

``live()`` alone is not enough: a live page under a login, password or group restriction
is still hidden from visitors, and a list of options, a link or a title taken from it
tells them it exists. Visitor-facing querysets go through ``visible``; code that needs
the condition inside a larger query uses ``visible_q``.
"""

from django.db.models import Q

from wagtail.models import Page


def visible(queryset):
    """``queryset`` (of any page type) limited to live pages outside private sections."""
    return queryset.live().public()


def visible_q():
    """The same condition as a ``Q`` (reads the view restrictions once, when called)."""
    return Q(live=True) & ~Page.objects.all().private_q()


def visible_ids(ids):
    """The subset of page ``ids`` a visitor may see (one query)."""
    ids = {int(pk) for pk in ids}
    if not ids:
        return set()
    return set(visible(Page.objects.filter(pk__in=ids)).values_list("pk", flat=True))
