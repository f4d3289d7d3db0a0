"""Site chrome: the meta menu, language links, main navigation, locale-aware page links."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import get_language

from wagtail.models import Page

from cms import cache_tags
from cms.i18n import (
    LANGUAGE_NATIVE_NAMES,
    active_locale,
    live_home_pages,
    localize_pages,
)
from cms.public_urls import absolute, page_public_url, public_url
from cms.site_config import copy_each, remembered
from cms.visibility import visible
from home.chrome import FRAGMENT_TIMEOUT, chrome_version
from home.menu_links import link_targets, menu_entries, variant_label, variant_of
from home.menus import FooterMenu, MetaMenu, MetaMenuItem

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    choose_url: str
    is_translation: bool
    is_current: bool


def _translations(page):
    """``{language code: live public translation}`` of ``page``, read once per page
    instance: the language switcher, the alternates and the meta menu's language variant
    all ask."""
    if page is None or not getattr(page, "translation_key", None):
        return {}
    if "_cms_translations" not in page.__dict__:
        pages = visible(Page.objects.filter(translation_key=page.translation_key))
        page.__dict__["_cms_translations"] = {
            p.locale.language_code: p for p in pages.select_related("locale")
        }
    return page.__dict__["_cms_translations"]


def _view_translation(request, code):
    """The same non-page view (search, settings) in another language, if there is one."""
    if request is None:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.url_name in (None, "wagtail_serve"):
        return None
    return translate_url(request.path, code)


@register.simple_tag(takes_context=True)
@cache_tags.shown_as(cache_tags.MENU)
def language_links(context, page=None):
    """One link per language: the live translation of what is shown, else that home page."""
    request = context.get("request")
    translations = _translations(page)
    homes = live_home_pages(request)
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target is not None else None
        if url is None and page is None:
            url = _view_translation(request, code)
        is_translation = url is not None
        if url is None and code in homes:
            url = homes[code].get_url(request)
        if url is None:
            continue
        with translation.override(code):
            choose = reverse("choose_language")
        links.append(
            LanguageLink(
                code=code,
                name=LANGUAGE_NATIVE_NAMES.get(code, code),
                url=url,
                choose_url=f"{choose}?{urlencode({'next': url})}",
                is_translation=is_translation,
                is_current=code == current,
            )
        )
    return links


def language_variant_link(context, page=None):
    """German pages link to Leichte Sprache, Leichte Sprache pages back to German.

    BITV 2.0 § 4 wants Leichte Sprache reachable from the page a reader is on: the
    Leichte Sprache version of this page if there is one, else its home page (and
    the same back). ``None`` in the other languages.
    """
    variant = variant_of(get_language())
    if variant is None:
        return None
    return next((link for link in language_links(context, page) if link.code == variant), None)


@register.inclusion_tag("includes/alternates.html", takes_context=True)
def alternate_links(context, page=None):
    """``hreflang`` alternates for live translations, plus ``x-default``."""
    links = [link for link in language_links(context, page) if link.is_translation]
    default = next((link for link in links if link.code == settings.CMS_SOURCE_LOCALE), None)
    return {
        "alternates": [(link.code, absolute(link.url)) for link in links],
        "x_default": absolute(default.url if default else "/"),
    }


@register.inclusion_tag("includes/meta_menu.html", takes_context=True)
@cache_tags.shown_as(cache_tags.MENU)
def meta_menu(context):
    """The meta menu of the current language (the source menu if it has none).

    Emergencies stay in sight on every screen; the other items and the main navigation
    sit in a disclosure that is closed on phones (so the page's heading is on the first
    screen even at 200 % text) and always open on wide screens (see site.css).
    """
    request = context.get("request")
    locale = active_locale()
    menu = MetaMenu.for_locale(locale)
    variant = language_variant_link(context, context.get("page"))
    return_to = request.path if request is not None else None
    entries = menu_entries(menu, request, locale, return_to=return_to) if menu else []
    urgent = [entry for entry in entries if entry.kind == MetaMenuItem.Kind.EMERGENCIES]
    return {
        "request": request,
        "page": context.get("page"),
        "variant": variant,
        "variant_label": variant_label(variant.code) if variant else "",
        "urgent": urgent,
        "entries": [entry for entry in entries if entry not in urgent],
        "menu_language": menu.locale.language_code if menu is not None else get_language(),
        "is_fallback": menu is not None and menu.locale_id != locale.pk,
    }


@register.inclusion_tag("includes/site_footer.html", takes_context=True)
@cache_tags.shown_as(cache_tags.MENU)
def site_footer(context):
    """The footer of the current language (the source footer if it has none)."""
    request = context.get("request")
    page = context.get("page")
    locale = page.locale if getattr(page, "locale_id", None) else active_locale()
    footer = FooterMenu.for_locale(locale)
    links = []
    if footer is not None:
        items = footer.links_with_pages()
        targets = link_targets(items, request, locale, footer)
        links = [(item.label, url) for item, (_, url) in zip(items, targets, strict=True) if url]
    return {
        "footer": footer,
        "links": links,
        "is_fallback": footer is not None and footer.locale_id != locale.pk,
    }


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
@cache_tags.shown_as(cache_tags.MENU)
def main_nav(context):
    """The sections of the current language's home page that editors put in menus."""
    request = context.get("request")
    home = live_home_pages(request).get(get_language())
    page = context.get("page")
    sections = menu_sections(home) if home else []
    path = getattr(page, "path", "")
    return {
        "sections": [
            (section, "page" if section.path == path else path.startswith(section.path))
            for section in sections
        ]
    }


def menu_sections(home):
    """The public children of ``home`` that editors put in menus, remembered like the home
    pages (``live_home_pages``): per content version and ``menu`` tag, which a change of
    what is shown of them (title, slug, live, "show in menus") bumps."""
    return remembered(
        ("menu-sections", home.pk),
        lambda: list(visible(home.get_children().in_menu())),
        tags=(cache_tags.MENU,),
        copy=copy_each,
    )


@register.simple_tag
def breadcrumb_trail(page):
    """``page``'s ancestors below the tree root, the home page first.

    The router read every page on the URL's path and left each one's parent on it
    (treebeard's ``get_parent`` cache), so a routed page walks up without a query; a page
    that was not routed (a preview) reads its ancestors in one query.
    """
    trail, current = [], page
    while current.depth > 2:
        parent = current.__dict__.get("_cached_parent_obj")
        if parent is None:
            return [crumb for crumb in page.get_ancestors() if crumb.depth >= 2]
        trail.append(parent)
        current = parent
    return trail[::-1]


@register.simple_tag
def chrome_cache_version(page=None):
    """Fragments that show ``page``'s translations take it; the footer does not."""
    return chrome_version(page)


@register.simple_tag
def chrome_cache_timeout():
    return FRAGMENT_TIMEOUT


@register.simple_tag(takes_context=True)
def locale_home_url(context):
    request = context.get("request")
    home = live_home_pages(request).get(get_language())
    return home.get_url(request) if home else "/"


@register.simple_tag(takes_context=True)
def localized_pages(context, pages, specific=True):
    """Pages chosen in a block, in the language of the page being rendered."""
    page = context.get("page")
    locale = page.locale if page is not None else active_locale()
    return localize_pages(list(pages), locale, specific=specific)


@register.simple_tag(takes_context=True)
def localized_page(context, page):
    """The one page a block links to (a call to action shows its URL only: not its
    specific class, which would be one more query per page type)."""
    pages = localized_pages(context, [page], specific=False)
    return pages[0] if pages else None


# Open Graph knows no Leichte Sprache: it is German to a sharing preview.
OG_LOCALES = {"en": "en_GB", "de": "de_DE", "de-x-ls": "de_DE", "fr": "fr_FR", "it": "it_IT"}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The public URL of the page shown; for other views, their path without query string."""
    request = context.get("request")
    page = context.get("page")
    if page is not None and getattr(page, "pk", None):
        url = page_public_url(page, request)
        if url:
            return url
    return public_url(request.path if request is not None else "/")


@register.simple_tag
def page_description(page):
    """What a search result or a shared link says about a page: its own summary."""
    if page is None:
        return ""
    for field in ("search_description", "summary", "introduction", "focus"):
        text = strip_tags(str(getattr(page, field, "") or "")).strip()
        if text:
            return " ".join(text.split())
    return ""


@register.simple_tag
def og_locales():
    """``(this language's og:locale, [the other languages' og:locale])``."""
    current = OG_LOCALES.get(get_language(), get_language())
    others = [OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES]
    return current, [code for code in dict.fromkeys(others) if code != current]
