"""What a menu shows, resolved once for the HTML header, the footer and the API.

The meta menu and the footer are snippets whose items point at a page (in the menu's
language) or at a URL; a few meta-menu kinds (search, accessibility settings) have a
built-in address when an editor left both empty. The header template and
``/api/v3/site/menu/`` used to resolve this separately and disagreed: the API returned
nothing for built-in links and did not fall back to the menu's own language. Both now
read ``menu_entries``.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

from cms import cache_tags
from cms.i18n import LANGUAGE_NATIVE_NAMES, derived_from, localize_pages, translated_from
from cms.site_config import copy_each, remembered

from .menus import MetaMenuItem


@dataclass(frozen=True)
class MenuEntry:
    kind: str
    label: str
    url: str
    page_id: int | None = None


def link_targets(items, request, locale, menu):
    """``(page, url)`` of each item: its page in ``locale`` (else the menu's), else its URL."""
    # Keyed by the links too: a request that read its menu just before a change still
    # gets targets for the links it holds.
    links = tuple(item.pk for item in items)
    pages = remembered(
        ("menu-targets", menu._meta.label, menu.pk, locale.pk, links),
        lambda: _target_pages(items, locale, menu),
        tags=(cache_tags.MENU,),
        copy=copy_each,
    )
    targets = []
    for item, page in zip(items, pages, strict=True):
        url = page.get_url(request) if page is not None else ""
        targets.append((page, url or item.link_url))
    return targets


def _target_pages(items, locale, menu):
    """The page each item shows in ``locale`` (else in the menu's language), or ``None``.

    Remembered like the menu (``LocaleMenu.for_locale``): a linked page's translation
    going live or offline bumps ``menu`` (the menu refers to it, ``cms.invalidation``).
    One query per language looked in; none for links in the menu's own language.
    """
    linked = [item.link_page for item in items]
    pages = {page.translation_key: page for page in localize_pages(linked, locale, specific=False)}
    fallback = {}
    if menu.locale_id != locale.pk:
        fallback = {
            page.translation_key: page
            for page in localize_pages(linked, menu.locale, specific=False)
        }
    return [
        pages.get(item.link_page.translation_key) or fallback.get(item.link_page.translation_key)
        if item.link_page is not None
        else None
        for item in items
    ]


def menu_entries(menu, request, locale, *, return_to=None):
    """The entries of a meta menu in ``locale``; the language switcher has no URL.

    ``return_to`` is the path the accessibility settings send the visitor back to.
    """
    items = menu.links_with_pages()
    entries = []
    with translation.override(locale.language_code):
        targets = link_targets(items, request, locale, menu)
        for item, (page, url) in zip(items, targets, strict=True):
            url = url or builtin_url(item.kind, return_to)
            if url or item.kind == MetaMenuItem.Kind.LANGUAGES:
                entries.append(
                    MenuEntry(
                        kind=item.kind,
                        label=item.label,
                        url=url,
                        page_id=page.pk if page is not None else None,
                    )
                )
    return entries


def builtin_url(kind, return_to=None):
    """The address of a meta-menu kind that needs no page (in the active language)."""
    try:
        if kind == MetaMenuItem.Kind.SEARCH:
            return reverse("search")
        if kind == MetaMenuItem.Kind.ACCESSIBILITY:
            url = reverse("accessibility_settings")
            if return_to and return_to != url:
                url = f"{url}?{urlencode({'next': return_to})}"
            return url
    except NoReverseMatch:
        return ""
    return ""


def variant_of(language_code):
    """The language offered beside ``language_code``: Leichte Sprache beside German, German
    beside Leichte Sprache (``CMS_DERIVED_LANGUAGES``); ``None`` for the others.

    BITV 2.0 § 4 wants Leichte Sprache reachable from every German page, and back.
    """
    if language_code in settings.CMS_DERIVED_LANGUAGES:
        return translated_from(language_code)
    derived = derived_from(language_code)
    return derived[0] if derived else None


def variant_label(code):
    """The variant link's text, in the variant's own language ("Leichte Sprache",
    "Alltags·sprache" for standard German)."""
    if code in settings.CMS_DERIVED_LANGUAGES.values():
        with translation.override(code):
            return gettext("Standard German")
    return LANGUAGE_NATIVE_NAMES.get(code, code)
