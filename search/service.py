"""Site search as one function that the HTML page and the API both call.

``site_search(params, locale)`` validates the visitor's parameters, searches the live,
public pages of one language (or all), applies editors' synonyms and promotions, counts
results per type, and returns one page of results with marked excerpts. Bad input never
raises: it comes back as ``messages`` (for people) and ``errors`` (per parameter, for
the API to turn into a 400).
"""

from dataclasses import dataclass, field
from math import ceil

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from cms import cache_tags, page_cache
from cms.search_terms import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    UNAVAILABLE_MESSAGE,
    SearchUnavailable,
    clean_query,
    parse_page_number,
    search_guard,
)
from cms.visibility import searchable, visible
from specialists.models import SpecialistPage
from topics.models import TherapyPage, TopicPage

from . import statistics
from .configuration import configuration
from .excerpts import excerpt, texts_of, with_texts
from .synonyms import build_query, synonym_groups

PER_PAGE = 10
TYPE_MODELS = {"topics": TopicPage, "therapies": TherapyPage, "specialists": SpecialistPage}
TYPES = [*TYPE_MODELS, "other"]
TYPE_LABELS = {
    "topics": gettext_lazy("Topics"),
    "therapies": gettext_lazy("Therapies"),
    "specialists": gettext_lazy("Specialists"),
    "other": gettext_lazy("Other pages"),
}
ALL_LANGUAGES = "all"
LANGUAGE_OPTIONS = [ALL_LANGUAGES]


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    page: Page
    type: str
    excerpt: str
    promoted: bool = False
    description: str = ""


@dataclass
class SearchOutcome:
    """Everything a results page or an API response needs, already validated."""

    locale: Locale
    query: str = ""
    terms: list[str] = field(default_factory=list)
    all_languages: bool = False
    type: str = ""
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    page_number: int = 1
    num_pages: int = 1
    facets: list[Facet] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    unavailable: bool = False

    @property
    def searched(self):
        return bool(self.terms)

    @property
    def has_previous(self):
        return self.page_number > 1

    @property
    def has_next(self):
        return self.page_number < self.num_pages

    def add_error(self, name, message):
        self.errors.setdefault(name, []).append(message)
        self.messages.append(message)


def site_search(params, locale, *, per_page=PER_PAGE, record=True):
    """Search the site for ``params`` (``q``, ``type``, ``lang``, ``page``) in ``locale``."""
    cache_tags.depends_on(cache_tags.SEARCH)  # any change can change what a query finds
    outcome = SearchOutcome(locale=locale)
    raw_query = params.get("q") or ""
    clean = clean_query(raw_query)
    outcome.query, outcome.terms = clean.text, clean.terms
    if raw_query.strip() and not clean:
        outcome.add_error("q", _("Please enter words to search for; symbols are ignored."))
    if clean.truncated:
        outcome.messages.append(
            _("Your search was shortened to its first %(words)d words or %(chars)d characters.")
            % {"words": MAX_TERMS, "chars": MAX_QUERY_CHARS}
        )
    outcome.type = _choice(outcome, params, "type", TYPES, _("There is no result type “%s”."))
    language = _choice(
        outcome, params, "lang", LANGUAGE_OPTIONS, _("“%s” is not a language option.")
    )
    outcome.all_languages = language == ALL_LANGUAGES
    requested_page = _page_number(outcome, params.get("page"))
    if not clean:
        return outcome

    try:
        with search_guard("site search"):
            _Search(outcome, per_page).run(requested_page)
    except SearchUnavailable:
        outcome.unavailable = True
        outcome.count, outcome.hits, outcome.facets = 0, [], []
        outcome.messages.append(str(UNAVAILABLE_MESSAGE))
        return outcome
    if record and requested_page == 1 and not outcome.type:
        _record(outcome)
    return outcome


class _Search:
    """One search request; split out so each step stays readable.

    Its queries do not depend on the hits: the facet counts, one page of ranked hits,
    and their excerpt texts with the promoted pages (``search.excerpts.with_texts``: one
    query for every page type). Synonyms, promotions and languages come from
    ``search.configuration``, the view restrictions from ``cms.visibility.searchable``,
    both cached per content version.
    """

    def __init__(self, outcome, per_page):
        self.outcome = outcome
        self.per_page = per_page
        self.locale = outcome.locale

    @cached_property
    def config(self):
        return configuration()

    @cached_property
    def locales(self):
        if self.outcome.all_languages:
            return list(self.config.locales)
        return [self.locale]

    @cached_property
    def backend(self):
        if self.outcome.all_languages:
            return get_search_backend("default")
        return get_search_backend("default", QUERY_LANGUAGES=[self.locale.language_code])

    @cached_property
    def type_content_types(self):
        return {
            key: ContentType.objects.get_for_model(model).pk for key, model in TYPE_MODELS.items()
        }

    def type_of(self, content_type_id):
        for key, pk in self.type_content_types.items():
            if pk == content_type_id:
                return key
        return "other"

    def scoped(self, pages):
        pages = pages.filter(depth__gt=1)
        if not self.outcome.all_languages:
            pages = pages.filter(locale=self.locale)
        return pages

    def run(self, requested_page):
        outcome = self.outcome
        built = build_query(
            outcome.terms,
            synonym_groups(self.locales),
            [locale.language_code for locale in self.locales],
        )
        query, outcome.synonyms = built.query, built.synonyms
        picks = self.config.promotions.get(normalise_query_string(" ".join(outcome.terms)), ())
        pages = self.scoped(searchable(Page.objects.all()))
        if picks:
            pages = pages.exclude(pk__in=[pick.page_id for pick in picks])

        found, facet = self.first_read(query, pages, requested_page)
        counts = dict.fromkeys(TYPES, 0)
        for content_type_id, count in facet.items():
            counts[self.type_of(content_type_id)] += count
        if outcome.type:
            pages = self.filter_type(pages, outcome.type)
        organic = counts[outcome.type] if outcome.type else sum(counts.values())

        outcome.num_pages = max(1, ceil(organic / self.per_page))
        if requested_page > outcome.num_pages:
            outcome.add_error(
                "page",
                ngettext(
                    "There is only %(pages)d page of results; showing it.",
                    "There are only %(pages)d pages of results; showing the last one.",
                    outcome.num_pages,
                )
                % {"pages": outcome.num_pages},
            )
        outcome.page_number = min(requested_page, outcome.num_pages)
        if found is None or outcome.page_number != requested_page:
            start = (outcome.page_number - 1) * self.per_page
            found = [
                page.pk for page in self.backend.search(query, pages)[start : start + self.per_page]
            ]

        loaded = self.load([*(pick.page_id for pick in picks), *found])
        promotions = [
            self.hit(loaded[pick.page_id], outcome.terms, pick)
            for pick in picks
            if pick.page_id in loaded
        ]
        for hit in promotions:
            counts[hit.type] += 1
        outcome.facets = [
            Facet(key, str(TYPE_LABELS[key]), counts[key], key == outcome.type) for key in TYPES
        ]
        if outcome.type:
            promotions = [hit for hit in promotions if hit.type == outcome.type]
        outcome.count = organic + len(promotions)
        hits = [self.hit(loaded[pk], built.words) for pk in found if pk in loaded]
        outcome.hits = promotions + hits if outcome.page_number == 1 else hits

    def first_read(self, query, pages, requested_page):
        """``(the requested page's ids or None, the matches per content type)``.

        Without a type chosen, both come from one search where the backend can
        (``ids_and_facet``, ``search.backends.one_pass``): its full-text pass is most of
        a request for a common word on a large site. A page past the last one is read again
        (``run``), as is every page of a chosen type (the counts cover every type).
        """
        searched = self.backend.search(query, pages)
        start = (requested_page - 1) * self.per_page
        if self.outcome.type or not hasattr(searched, "ids_and_facet") or start >= 2**62:
            return None, searched.facet("content_type_id")
        return searched[start : start + self.per_page].ids_and_facet("content_type_id")

    def load(self, ids):
        """The pages of these ids a visitor may see here, with their excerpt texts and
        locales (one query, whatever their types)."""
        if not ids:
            return {}
        locales = {locale.pk: locale for locale in self.locales}
        pages = self.scoped(visible(Page.objects.filter(pk__in=ids)))
        loaded = {}
        for page in with_texts(pages):
            page.locale = locales.get(page.locale_id, self.locale)
            loaded[page.pk] = page
        return loaded

    def hit(self, page, words, pick=None):
        texts = texts_of(page)
        if pick is not None:
            texts = [pick.description, *texts]
        return Hit(
            page,
            self.type_of(page.content_type_id),
            excerpt(texts, words),
            promoted=pick is not None,
            description=pick.description if pick is not None else "",
        )

    def filter_type(self, pages, key):
        if key == "other":
            return pages.exclude(content_type__in=list(self.type_content_types.values()))
        return pages.filter(content_type=self.type_content_types[key])


def _choice(outcome, params, name, allowed, message):
    value = (params.get(name) or "").strip()
    if value and value not in allowed:
        outcome.add_error(name, message % value[:50])
        return ""
    return value


def _page_number(outcome, raw):
    number = parse_page_number(raw)
    if number is None:
        outcome.add_error("page", _("The page number must be a positive whole number."))
        return 1
    return number


def _record(outcome):
    """Count the search for the editors' report (per language) and for promotions: in the
    cache only, written by ``manage.py flush_search_statistics`` (``search.statistics``)."""
    counted = (outcome.locale.language_code, " ".join(outcome.terms), outcome.count)
    statistics.count_search(*counted)
    page_cache.repeat_on_hits(statistics.COUNT, *counted)


def suggestions(prefix, locale, *, limit=8):
    """Page titles in ``locale`` that start like ``prefix``: for the search box.

    Raises ``SearchUnavailable`` when the index fails, for the caller to say so.
    """
    clean = clean_query(prefix)
    if not clean:
        return []
    backend = get_search_backend("default", QUERY_LANGUAGES=[locale.language_code])
    pages = Page.objects.live().public().filter(depth__gt=1, locale=locale)
    with search_guard("suggestions"):
        return list(backend.autocomplete(clean.search_text, pages)[:limit])
