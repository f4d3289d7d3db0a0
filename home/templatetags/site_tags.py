"""Site chrome: language links and locale-aware links to well-known pages."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Locale, Page

from cms.i18n import localize_pages

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_translation: bool
    is_current: bool


def _locale_homes(request):
    """Live root page per language code, cached on the request."""
    cache = getattr(request, "_locale_homes", None) if request else None
    if cache is None:
        cache = {
            home.locale.language_code: home
            for home in Page.objects.filter(depth=2).live().select_related("locale")
        }
        if request is not None:
            request._locale_homes = cache
    return cache


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per language: the page's live translation, or that language's home."""
    request = context.get("request")
    current = get_language()
    translations = {}
    if page is not None and getattr(page, "translation_key", None):
        translations = {
            p.locale.language_code: p
            for p in Page.objects.filter(translation_key=page.translation_key)
            .live()
            .public()
            .select_related("locale")
        }
    homes = _locale_homes(request)
    names = dict(settings.LANGUAGES)
    links = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code)
        is_translation = target is not None
        target = target or homes.get(code)
        if target is None:
            continue
        links.append(
            LanguageLink(
                code=code,
                name=LANGUAGE_NATIVE_NAMES.get(code, str(names[code])),
                url=target.get_url(request),
                is_translation=is_translation,
                is_current=code == current,
            )
        )
    return links


LANGUAGE_NATIVE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "it": "Italiano"}


@register.simple_tag(takes_context=True)
def locale_home_url(context):
    request = context.get("request")
    home = _locale_homes(request).get(get_language())
    return home.get_url(request) if home else "/"


@register.simple_tag(takes_context=True)
def locale_page_url(context, source_slug):
    """URL of the page whose source-locale slug is ``source_slug``, in the active language."""
    request = context.get("request")
    source = (
        Page.objects.filter(slug=source_slug, locale__language_code=settings.CMS_SOURCE_LOCALE)
        .only("translation_key")
        .first()
    )
    if source is None:
        return ""
    locale = Locale.get_active()
    page = (
        Page.objects.filter(translation_key=source.translation_key, locale=locale).live().first()
        or source
    )
    return page.get_url(request) or ""


@register.simple_tag(takes_context=True)
def localized_pages(context, pages):
    """Pages chosen in a block, in the language of the page being rendered."""
    page = context.get("page")
    locale = page.locale if page is not None else Locale.get_active()
    return localize_pages(list(pages), locale)


@register.simple_tag(takes_context=True)
def localized_page(context, page):
    pages = localized_pages(context, [page])
    return pages[0] if pages else None
