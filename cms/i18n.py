"""Resolve page references to the reader's locale in bulk.

Relations between pages are stored once (synchronised across translations by
wagtail-localize) and point at whichever locale the editor picked. Readers must see
the page in their own language, so every list of related pages goes through
``localize_pages``: one query for the whole list instead of one per item.

A StreamField is rendered block by block, and each block (a call to action, a list of
therapy links, a paragraph with page links) would resolve its own pages. Before a body
is rendered, ``prefetch_linked_pages`` resolves every page the body points at (choosers
and rich-text links) in a fixed number of queries; ``localize_pages`` and the rich-text
page-link handler read from that until the request ends.
"""

import functools
import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.models import F, Q
from django.utils import translation

from wagtail import blocks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from . import cache_tags, compiled
from .site_config import copy_models, remembered
from .visibility import is_visible, visible, visible_ids, visible_q

PAGE_LINK = re.compile(r"<a\b[^>]*>")
LINKTYPE_PAGE = re.compile(r'\blinktype="page"')
ID_ATTRIBUTE = re.compile(r'\bid="(\d+)"')


@dataclass
class _Prefetched:
    language_code: str
    chosen: dict = field(default_factory=dict)  # id -> Page as stored
    translated: dict = field(default_factory=dict)  # translation_key -> live page in locale
    keys: set = field(default_factory=set)  # translation keys looked up
    _specific: dict = field(default_factory=dict)  # translation_key -> specific page

    def localized(self, keys):
        """The translations as their specific classes, fetched on first use (blocks that
        show a summary need them; rich-text links do not): one query per page type
        among ``keys``, for every translation of that type at once (blocks ask one
        page at a time), the types read from the rows already fetched. What is read of
        them is what their cards show (``card_fields``): a topic's therapies and its
        body's therapy links are cards, and a full therapy row with its StreamField cost
        more to build than the page's whole query."""
        classes = {self.translated[key].specific_class for key in keys if key in self.translated}
        missing = [
            page
            for page in self.translated.values()
            if page.specific_class in classes and page.translation_key not in self._specific
        ]
        if missing:
            self._specific.update(
                (page.translation_key, page) for page in as_specific(missing, cards=True)
            )
        return self._specific


_prefetched = ContextVar("cms_i18n_prefetched", default=None)


# Each language's name in itself: the language switcher, the API's locales. Leichte
# Sprache is named in German: its readers look for these words.
LANGUAGE_NATIVE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "de-x-ls": "Leichte Sprache",
    "fr": "Français",
    "it": "Italiano",
}


def translated_from(language_code):
    """The language pages in ``language_code`` are translated from; ``None`` for the source.

    Most languages are translated from the source language; a derived language
    (``CMS_DERIVED_LANGUAGES``: Leichte Sprache) from its base language's reviewed pages.
    """
    if language_code == settings.CMS_SOURCE_LOCALE:
        return None
    return settings.CMS_DERIVED_LANGUAGES.get(language_code, settings.CMS_SOURCE_LOCALE)


def derived_from(language_code):
    """Languages whose pages are translated from pages in ``language_code`` (not the source)."""
    if language_code == settings.CMS_SOURCE_LOCALE:
        return []
    return [code for code, base in settings.CMS_DERIVED_LANGUAGES.items() if base == language_code]


def fallback_languages(language_code):
    """Where a reader of ``language_code`` is sent when something is missing, nearest first.

    Leichte Sprache falls back to German, then to the source language.
    """
    chain, code = [], translated_from(language_code)
    while code is not None and code not in chain:
        chain.append(code)
        code = translated_from(code)
    return chain


# What a link to a page needs (its URL, title, language, the cache tag its loading
# records): with a model's ``card_fields``, all that a card, a link or the JSON-LD of
# another page reads of it.
LINK_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "translation_key",
    "locale_id",
    "live",
    "content_type_id",
)


def card_fields(model):
    """The columns a card of ``model`` shows: ``LINK_FIELDS`` and the model's own
    ``card_fields`` (a page row has some 40 columns, a specialist's 60; building them for
    a list of cards cost more than the query). Tests render each card template from
    these alone (``tests/cms/test_cards.py``)."""
    return (*LINK_FIELDS, *getattr(model, "card_fields", ()))


def translations_by_key(
    wanted, *, model=Page, fallback_locale_id=None, live_only=True, specific=False, cards=False
):
    """``{(locale id, translation key): object}`` for every ``{locale id: keys}`` wanted.

    The one lookup of "these pages (or snippets: ``model``) in the reader's language" for
    every output (templates, JSON-LD, cards, API v2 and v3): one query, whatever the
    number of objects and languages; a key missing in its locale takes the object in
    ``fallback_locale_id``. Objects come with their locale; pages only when live and
    public unless ``live_only`` is false; with ``cards``, only ``card_fields(model)``.
    """
    wanted = {locale_id: set(keys) for locale_id, keys in wanted.items() if keys}
    if not wanted:
        return {}
    locale_ids = set(wanted) | ({fallback_locale_id} if fallback_locale_id else set())

    def build(locale_ids, keys):
        queryset = model.objects.filter(translation_key__in=keys, locale_id__in=locale_ids)
        if live_only and issubclass(model, Page):
            queryset = visible(queryset)
        if specific:
            queryset = queryset.specific().select_related("locale")
        if cards:
            queryset = queryset.only(*card_fields(model))
        return queryset

    # Compiled once per model, options and number of keys and languages (``cms.compiled``):
    # building and compiling the query cost Django 40 times what SQLite took to run it.
    # The locales come from the remembered ones, not a join.
    objects = compiled.instances(
        model,
        build,
        ("translations_by_key", model._meta.label, live_only, specific, cards),
        locale_ids=sorted(locale_ids),
        keys=sorted(set().union(*wanted.values()), key=str),
    )
    versions = {}
    for page in with_locales(objects):
        versions.setdefault(page.translation_key, {})[page.locale_id] = page
    found = {}
    for locale_id, keys in wanted.items():
        for key in keys:
            by_locale = versions.get(key, {})
            page = by_locale.get(locale_id) or by_locale.get(fallback_locale_id)
            if page is not None:
                found[(locale_id, key)] = page
    return found


def localize_pages(pages, locale, *, live_only=True, specific=True):
    """Return ``pages`` in ``locale``, in the same order, dropping those not translated.

    Pages that are already in ``locale`` are kept as they are. When all of them are and
    no specific instance is asked for (a menu's links in the menu's own language), no
    query is made: those that are not live or public are dropped, as the query would.
    """
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    if not specific and all(page.locale_id == locale.pk for page in pages):
        return [page for page in pages if not live_only or is_visible(page)]
    # Translations share their source's type: pages of one specific class are looked up
    # in that class's table directly (one query instead of Wagtail's two for specific()).
    classes = {type(page) for page in pages}
    model = classes.pop() if specific and len(classes) == 1 else Page
    return localize_keys(
        [page.translation_key for page in pages],
        locale,
        model=model,
        live_only=live_only,
        specific=specific,
    )


def localize_keys(keys, locale, *, model=Page, live_only=True, specific=True, cards=False):
    """The pages with translation ``keys`` in ``locale``, in the order of ``keys``.

    For relations read as keys (``values_list("page__translation_key")``): the related
    pages are not built only to be replaced by their translations. ``model``: the pages'
    specific class when the relation knows it (one query), else ``Page``; ``cards``:
    read only what a card shows (``card_fields``).
    """
    keys = list(keys)
    if not keys:
        return []
    memo = _prefetched.get()
    if (
        memo is not None
        and live_only
        and memo.language_code == locale.language_code
        and memo.keys.issuperset(keys)
    ):
        by_key = memo.localized(keys) if specific else memo.translated
    else:
        found = translations_by_key(
            {locale.pk: keys},
            model=model,
            live_only=live_only,
            specific=specific and model is Page,
            cards=cards and model is not Page,
        )
        by_key = {key: page for (_locale_id, key), page in found.items()}
    result, seen = [], set()
    for key in keys:
        page = by_key.get(key)
        if page is not None and page.pk not in seen:
            seen.add(page.pk)
            result.append(page)
    return result


def as_specific(pages, *, cards=False):
    """``pages`` (plain ``Page`` rows) as their specific classes, one query per type
    (with ``cards``, only ``card_fields``).

    Wagtail's ``specific()`` first reads every page's content type again; the rows in
    hand already carry it.
    """
    pages = list(pages)
    by_model = {}
    for page in pages:
        by_model.setdefault(page.specific_class or Page, []).append(page)
    found = {}
    for model, group in by_model.items():
        if model is Page:
            found.update((page.pk, page) for page in group)
        else:
            queryset = model.objects.only(*card_fields(model)) if cards else model.objects
            found.update(queryset.in_bulk([page.pk for page in group]))
    return [found[page.pk] for page in pages if page.pk in found]


def prefetched_choices(ids, model):
    """``{id: page}`` for chooser ids if the body's pages were prefetched, else ``None``.

    The pages as stored (any locale, live or not, as Wagtail's chooser block returns
    them), as plain ``Page`` rows: blocks hand them to ``localize_pages`` and the API's
    link resolution, which read their translation key only. ``None`` when an id was not
    prefetched or is not a ``model`` page (the block then reads them itself).
    """
    memo = _prefetched.get()
    if memo is None:
        return None
    found = {}
    for pk in ids:
        page = memo.chosen.get(pk)
        if page is None or not issubclass(page.specific_class or Page, model):
            return None
        found[pk] = page
    return found


def read_once(method):
    """A page's relations in the reader's language, read once per page instance.

    Templates ask twice (JSON-LD and the cards); a page instance lives for one request
    (a preview builds its own from the revision), so the answer cannot outlive what it
    was read for.
    """
    name = f"_read_once_{method.__name__}"

    @functools.wraps(method)
    def wrapper(self):
        if name not in self.__dict__:
            self.__dict__[name] = method(self)
        return self.__dict__[name]

    return wrapper


def locales():
    """``{language code: Locale}``, remembered per content version (a locale's save bumps
    it): the chrome, the API's alternates and the status tables read them on every answer."""
    return remembered(
        "locales",
        lambda: {locale.language_code: locale for locale in Locale.objects.all()},
        copy=copy_models,
    )


def with_locales(rows):
    """``rows`` (pages or snippets), each given its ``Locale`` from the remembered ones:
    what ``select_related("locale")`` gives, without the join (a locale not remembered
    yet is read when asked for, as without either)."""
    by_id = {locale.pk: locale for locale in locales().values()}
    for row in rows:
        if row.locale_id in by_id:
            row._state.fields_cache.setdefault("locale", by_id[row.locale_id])
    return rows


def active_locale():
    """Wagtail's ``Locale.get_active()`` from the remembered locales (it reads the row on
    every call; the chrome asks several times per page)."""
    try:
        return locales()[get_supported_content_language_variant(translation.get_language())]
    except (LookupError, KeyError):
        return Locale.get_default()


def live_home_pages(request=None):
    """``{language code: home page}`` of the languages a visitor can enter.

    The router, the header, the language links, the meta menu's language variant and
    the API's locale list all start from here. Remembered per process until the content
    version or the ``menu`` tag changes: what is read of a home page here (its title,
    slug, path, whether it is live) is what bumps ``menu`` when it changes
    (``cms.invalidation``). Cached on ``request`` for the rest of it.
    """
    homes = getattr(request, "_live_home_pages", None) if request is not None else None
    if homes is None:
        homes = remembered(
            "live-home-pages", _read_live_home_pages, tags=(cache_tags.MENU,), copy=copy_models
        )
        if request is not None:
            request._live_home_pages = homes
    return homes


def _read_live_home_pages():
    return {
        home.locale.language_code: home
        for home in visible(Page.objects.filter(depth=2)).select_related("locale")
    }


def linked_page_ids(block, value):
    """Ids of every page a StreamField value points at: choosers and rich-text links.

    Reads the raw (stored) data, so nothing is fetched to find them.
    """
    chosen, in_text = page_ids_by_kind(block, value)
    return chosen | in_text


def page_ids_by_kind(block, value):
    """``(chooser ids, rich-text link ids)`` of a StreamField value, from its raw data."""
    chosen, in_text = set(), set()
    _collect(block, getattr(value, "raw_data", value), chosen, in_text)
    return chosen, in_text


def _collect(block, raw, chosen, in_text):
    if raw is None:
        return
    if isinstance(block, blocks.BaseStreamBlock):
        for item in raw:
            child = block.child_blocks.get(_get(item, "type"))
            if child is not None:
                _collect(child, _get(item, "value"), chosen, in_text)
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            item = item.get("value") if isinstance(item, dict) and "type" in item else item
            _collect(block.child_block, item, chosen, in_text)
    elif isinstance(block, blocks.BaseStructBlock):
        for name, child in block.child_blocks.items():
            _collect(child, _get(raw, name), chosen, in_text)
    elif isinstance(block, blocks.PageChooserBlock):
        page_id = getattr(raw, "pk", raw)
        if isinstance(page_id, int | str) and str(page_id).isdigit():
            chosen.add(int(page_id))
    elif isinstance(block, blocks.RichTextBlock):
        in_text.update(rich_text_page_ids(getattr(raw, "source", raw)))


def _get(raw, name):
    if isinstance(raw, dict):
        return raw.get(name)
    try:
        return raw[name]
    except (KeyError, TypeError, IndexError):
        return None


def rich_text_page_ids(html):
    ids = set()
    for tag in PAGE_LINK.findall(html or ""):
        if LINKTYPE_PAGE.search(tag):
            match = ID_ATTRIBUTE.search(tag)
            if match:
                ids.add(int(match.group(1)))
    return ids


LINK_TAG = re.compile(r"<a\b[^>]*>|</a\s*>", re.I)


def unlink_hidden_pages(html):
    """Stored rich text with links to pages a visitor may not see reduced to their text.

    For outputs that do not go through the rich-text link handler (Markdown is built
    by the admin's converter, which links drafts too). Links do not nest in rich text,
    so each hidden opening tag is dropped with the next closing tag.
    """
    ids = rich_text_page_ids(html)
    hidden = ids - visible_ids(ids)
    if not hidden:
        return html
    parts, position, dropping = [], 0, False
    for tag in LINK_TAG.finditer(html):
        keep = True
        if tag.group().startswith("</"):
            keep, dropping = not dropping, False
        elif LINKTYPE_PAGE.search(tag.group()):
            match = ID_ATTRIBUTE.search(tag.group())
            dropping = bool(match) and int(match.group(1)) in hidden
            keep = not dropping
        parts.append(html[position : tag.start()] + (tag.group() if keep else ""))
        position = tag.end()
    parts.append(html[position:])
    return "".join(parts)


def prefetch_linked_pages(ids, language_code):
    """Resolve the pages with ``ids`` (and their versions in ``language_code``).

    One query for the pages and their translations, whatever the number of blocks and
    links (and one per page type when a block needs the specific pages); what blocks
    and rich text then ask for is answered from memory until the request finishes.
    """
    ids = {int(pk) for pk in ids}
    language_code = _content_language(language_code)
    memo = _prefetched.get()
    if memo is not None and memo.language_code == language_code and ids <= memo.chosen.keys():
        return memo  # read earlier in this request (the API: its rich text after its blocks)
    memo = _Prefetched(language_code)
    if ids:
        # One plain query: the pages sharing a translation key with a chosen page (the
        # chosen ones too), read through the (translation key, locale) index, of which
        # the chosen pages and the live public ones in the reader's language are kept
        # (as an ``OR`` of the ids and the translations, PostgreSQL scanned every page:
        # 3.6 ms at 10,000 pages, growing with the site). Which row is which is decided
        # here from the row (``is_visible`` is the rule of ``visible_q``): the same
        # answer as ``Case`` annotations in the SQL, without building them.
        keys = Page.objects.filter(pk__in=ids).values("translation_key")
        pages = list(
            Page.objects.filter(translation_key__in=keys)
            .filter(Q(pk__in=ids) | (Q(locale__language_code=language_code) & visible_q()))
            .annotate(language_code=F("locale__language_code"))
        )
        for page in pages:
            page.is_visible = is_visible(page)
            if page.pk in ids:
                memo.chosen[page.pk] = page
        memo.keys = {page.translation_key for page in memo.chosen.values()}
        for page in pages:
            if (
                page.language_code == language_code
                and page.is_visible
                and page.translation_key in memo.keys
            ):
                memo.translated[page.translation_key] = page
    _prefetched.set(memo)
    return memo


def prefetched_link_targets(ids):
    """``{id: page}`` for rich-text page links, like Wagtail's ``page.localized``: the
    live translation in the active language, else the page itself, or ``None`` when a
    visitor may not see it. ``None`` for all when the ids were not prefetched for the
    active language (the caller looks them up)."""
    memo = _prefetched.get()
    if memo is None or memo.language_code != _content_language(translation.get_language()):
        return None
    ids = [int(pk) for pk in ids if str(pk).isdigit()]
    if not all(pk in memo.chosen for pk in ids):
        return None
    result = {}
    for pk in ids:
        page = memo.chosen[pk]
        fallback = page if page.is_visible else None
        result[pk] = memo.translated.get(page.translation_key, fallback)
    return result


def _content_language(code):
    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return code


def forget_prefetched(**_kwargs):
    _prefetched.set(None)


# Prefetched pages live for one request: forgotten when it starts and when it ends.
request_started.connect(forget_prefetched, dispatch_uid="cms.i18n.forget_prefetched_start")
request_finished.connect(forget_prefetched, dispatch_uid="cms.i18n.forget_prefetched")
