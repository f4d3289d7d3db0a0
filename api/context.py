"""Per-request serialisation state: the reader's locale and related pages to resolve.

Serialisers do not look related pages up one by one. They hand the page they point at
to ``ReadContext.link`` and get a placeholder back; ``ReadContext.finish`` resolves every
placeholder of the response to the reader's language in one query and
swaps the placeholders for ``{id, title, url, locale}``. Rich text is expanded there
too, in the reader's language: its page links go to the reader's translation, and the
pages of every rich text in the response are resolved at once
(``cms.i18n.prefetch_linked_pages``). API v2 and v3 both serialise through this class.
"""

from django.utils import translation

from wagtail.api.rich_text import APIRichText
from wagtail.models import Locale

from cms.i18n import (
    prefetch_linked_pages,
    rich_text_page_ids,
    translations_by_key,
    unlink_hidden_pages,
)
from cms.public_urls import page_public_url


class PendingLink:
    """A related page to resolve; ``card`` (a ``Selection``) asks for its summary card."""

    __slots__ = ("page", "locale_id", "card")

    def __init__(self, page, locale_id):
        self.page = page
        self.locale_id = locale_id
        self.card = None


class PageKey:
    """A related page known by its translation key only (a relation read as keys)."""

    __slots__ = ("translation_key",)

    def __init__(self, translation_key):
        self.translation_key = translation_key


class PendingRichText:
    __slots__ = ("source", "language_code", "html")

    def __init__(self, source, language_code):
        self.source = source
        self.language_code = language_code
        self.html = None


class ReadContext:
    def __init__(self, request, *, locale=None, fallback=None, rich_text_format=None, draft=False):
        self.request = request
        self.draft = draft
        self.locale = locale
        self.fallback = fallback
        self.rich_text_format = APIRichText.resolve_format(rich_text_format or "html")
        self._pending = []
        self._rich_texts = []
        self._languages = {}

    def reader_locale_id(self, page):
        """The language a page's relations are shown in: the one asked for, or the page's."""
        return self.locale.pk if self.locale is not None else page.locale_id

    def link(self, target, owner):
        """A placeholder for ``target`` seen from ``owner``; resolved by ``finish``."""
        if target is None:
            return None
        pending = PendingLink(target, self.reader_locale_id(owner))
        self._pending.append(pending)
        return pending

    def link_key(self, translation_key, owner):
        """``link`` for a relation read as translation keys: the page is never built."""
        return self.link(PageKey(translation_key), owner)

    def reader_language(self, owner):
        """The language code links in ``owner``'s rich text are expanded in."""
        return self._language(self.reader_locale_id(owner), owner)

    def page_language(self, owner):
        """The language ``owner`` is written in (a fallback page's, not the reader's)."""
        return self._language(owner.locale_id, owner)

    def _language(self, locale_id, owner):
        if locale_id not in self._languages:
            if self.locale is not None and self.locale.pk == locale_id:
                locale = self.locale
            elif getattr(owner, "locale_id", None) == locale_id:
                locale = owner.locale
            else:
                locale = Locale.objects.get(pk=locale_id)
            self._languages[locale_id] = locale.language_code
        return self._languages[locale_id]

    def rich_text(self, value, owner=None):
        """``value`` in the requested format; HTML is expanded by ``finish``, with page
        links in ``owner``'s reader language (the active language without an owner)."""
        if value is None:
            return ""
        source = getattr(value, "source", value)
        if self.rich_text_format == APIRichText.FORMAT_HTML:
            language = self.reader_language(owner) if owner is not None else None
            pending = PendingRichText(source, language or translation.get_language())
            self._rich_texts.append(pending)
            return pending
        if self.rich_text_format == APIRichText.FORMAT_MARKDOWN:
            # Markdown does not go through the page-link handler (cms.wagtail_hooks).
            source = unlink_hidden_pages(source)
        return APIRichText.serialize(source, format=self.rich_text_format)

    def finish(self, data, expand=None):
        """Resolve every pending link in ``data`` and return the plain JSON structure.

        ``expand(ctx, [(pending, page), ...])`` returns ``{id(pending): card}`` for the
        links that asked for a card (``api.expand``), all of them at once.
        """
        self._expand_rich_texts()
        pending = self._pending
        pages = self._resolve()
        resolved = {position: self._reference(page) for position, page in pages.items()}
        cards = {}
        if expand is not None:
            wanted = [
                (link, pages[(link.locale_id, link.page.translation_key)])
                for link in pending
                if link.card is not None and (link.locale_id, link.page.translation_key) in pages
            ]
            cards = expand(self, wanted) if wanted else {}
        return _replace(data, resolved, cards)

    def _expand_rich_texts(self):
        by_language = {}
        for pending in self._rich_texts:
            by_language.setdefault(pending.language_code, []).append(pending)
        for language_code, pendings in by_language.items():
            ids = set()
            for pending in pendings:
                ids |= rich_text_page_ids(pending.source)
            with translation.override(language_code):
                if ids:
                    prefetch_linked_pages(ids, language_code)
                for pending in pendings:
                    pending.html = APIRichText.serialize(
                        pending.source, format=APIRichText.FORMAT_HTML
                    )
        self._rich_texts = []

    def _resolve(self):
        """One query for every link of the response, whatever the number of languages."""
        if not self._pending:
            return {}
        wanted = {}
        for pending in self._pending:
            wanted.setdefault(pending.locale_id, set()).add(pending.page.translation_key)
        # A link shows what a card link reads (``cms.i18n.LINK_FIELDS``); cards of
        # expanded links are read again as their specific types (``api.expand``).
        found = translations_by_key(
            wanted,
            fallback_locale_id=self.fallback.pk if self.fallback is not None else None,
            cards=True,
        )
        self._pending = []
        return found

    def _reference(self, page):
        return {
            "id": page.pk,
            "title": page.title,
            "url": page_public_url(page, self.request),
            "locale": page.locale.language_code,
        }


def _replace(value, resolved, cards):
    if isinstance(value, PendingRichText):
        return value.html
    if isinstance(value, PendingLink):
        card = cards.get(id(value))
        return (
            card
            if card is not None
            else resolved.get((value.locale_id, value.page.translation_key))
        )
    if isinstance(value, dict):
        return {key: _replace(item, resolved, cards) for key, item in value.items()}
    if isinstance(value, list | tuple):
        result, seen = [], set()
        for item in value:
            replaced = _replace(item, resolved, cards)
            if isinstance(item, PendingLink):
                if replaced is None or replaced["id"] in seen:
                    continue
                seen.add(replaced["id"])
            result.append(replaced)
        return result
    return value
