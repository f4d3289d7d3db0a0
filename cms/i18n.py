"""Resolve page references to the reader's locale in bulk.

Relations between pages are stored once (synchronised across translations by
wagtail-localize) and point at whichever locale the editor picked. Readers must see
the page in their own language, so every list of related pages goes through
``localize_pages``: one query for the whole list instead of one per item.
"""

from wagtail.models import Locale, Page


def localize_pages(pages, locale, *, live_only=True, specific=True):
    """Return ``pages`` in ``locale``, in the same order, dropping those not translated.

    Pages that are already in ``locale`` are kept as they are.
    """
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    keys = [page.translation_key for page in pages]
    queryset = Page.objects.filter(translation_key__in=keys, locale=locale)
    if live_only:
        queryset = queryset.live().public()
    if specific:
        queryset = queryset.specific()
    by_key = {page.translation_key: page for page in queryset}
    result, seen = [], set()
    for key in keys:
        page = by_key.get(key)
        if page is not None and page.pk not in seen:
            seen.add(page.pk)
            result.append(page)
    return result


def active_locale():
    return Locale.get_active()
