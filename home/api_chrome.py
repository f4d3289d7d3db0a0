"""API endpoints for the site chrome apps need: the meta menu and display options."""

from ninja import Router, Schema

from django.utils import translation

from wagtail.models import Site

from cms import cache_tags
from cms.api.auth import reader_auth
from cms.api.params import requested_locale
from cms.i18n import localize_pages

from .accessibility import VisitorDefaults, labels_for
from .menus import MetaMenu
from .preferences import CONTRASTS, TEXT_SIZES


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
    items = list(menu.items.select_related("link_page")) if menu else []
    pages = {
        page.translation_key: page
        for page in localize_pages([item.link_page for item in items if item.link_page], language)
    }
    out = []
    for item in items:
        page = pages.get(item.link_page.translation_key) if item.link_page else None
        with translation.override(language.language_code):
            url = page.get_url(request) if page else (item.link_url or None)
        out.append(
            {
                "kind": item.kind,
                "label": item.label,
                "page_id": page.pk if page else None,
                "url": url,
            }
        )
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
