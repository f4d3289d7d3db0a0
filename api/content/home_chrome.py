"""API endpoints for the site chrome apps need: the meta menu and display options."""

from ninja import Router, Schema

from django.utils import translation

from wagtail.models import Site

from api.auth import reader_auth
from api.params import requested_locale
from cms import cache_tags
from cms.i18n import live_home_pages
from cms.public_urls import absolute
from home.accessibility import VisitorDefaults, labels_for
from home.menu_links import MenuEntry, menu_entries, variant_label, variant_of
from home.menus import MetaMenu, MetaMenuItem
from home.preferences import CONTRASTS, TEXT_SIZES


class MenuItemOut(Schema):
    kind: str
    label: str
    page_id: int | None
    url: str | None


class MenuOut(Schema):
    locale: str
    menu_locale: str | None
    fallback: bool
    items: list[MenuItemOut]


class DisplayOptionsOut(Schema):
    locale: str
    defaults: dict[str, str | bool]
    choices: dict[str, list[str]]
    labels: dict[str, str]


router = Router(tags=["site"])


@router.get(
    "/menu/{locale}/",
    response=MenuOut,
    auth=reader_auth,
    operation_id="meta_menu",
    summary="The meta menu of a language (the source-language menu where it has none)",
)
@cache_tags.shown_as(cache_tags.MENU)
def meta_menu(request, locale: str):
    language = requested_locale(locale)
    menu = MetaMenu.for_locale(language)
    entries = menu_entries(menu, request, language) if menu else []
    variant = variant_of(language.language_code)
    home = live_home_pages(request).get(variant) if variant else None
    if home is not None:
        # Where the header shows it: after the emergency items.
        position = sum(entry.kind == MetaMenuItem.Kind.EMERGENCIES for entry in entries)
        with translation.override(variant):
            url = home.get_url(request)
        entries.insert(position, MenuEntry("variant", variant_label(variant), url, page_id=home.pk))
    out = [
        {
            "kind": entry.kind,
            "label": entry.label,
            "page_id": entry.page_id,
            "url": absolute(entry.url) if entry.url else None,
        }
        for entry in entries
    ]
    return {
        "locale": language.language_code,
        "menu_locale": menu.locale.language_code if menu else None,
        "fallback": bool(menu and menu.locale_id != language.pk),
        "items": out,
    }


@router.get(
    "/display-options/{locale}/",
    response=DisplayOptionsOut,
    auth=reader_auth,
    operation_id="display_options",
    summary="Visitor display settings: site defaults, choices and translated labels",
)
def display_options(request, locale: str):
    language = requested_locale(locale)
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    defaults = VisitorDefaults.for_site(site).as_preferences()
    with translation.override(language.language_code):
        labels = {name: str(value) for name, value in labels_for(language).items()}
    return {
        "locale": language.language_code,
        "defaults": {
            "text": defaults.text,
            "contrast": defaults.contrast,
            "motion": defaults.motion,
            "spacing": defaults.spacing,
            "underline": defaults.underline,
            "font": defaults.font,
        },
        "choices": {"text": list(TEXT_SIZES), "contrast": list(CONTRASTS)},
        "labels": labels,
    }
