"""The specialist finder as one function the HTML page and the API both call.

``find_specialists(params, locale)`` takes the visitor's GET parameters, applies
``SpecialistFilterSet``, and returns the count, one page of results, the options of every
filter with their counts, and any problems with the input. The number of queries does
not depend on the number of specialists: the page of results is one query, and the count,
the eight facets (aggregates) and the page's specialties (translated) and languages travel
together as one ``UNION ALL``; chosen topic, therapy and specialty ids are looked up in
one more, and only when there are some. The facets' labels (every topic, therapy and
specialty in the reader's language) are read once per content version (``_labels``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from math import ceil

from django_filters.constants import EMPTY_VALUES

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import CharField, Count, F, OuterRef, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Page

from cms import cache_tags, compiled
from cms.search_terms import UNAVAILABLE_MESSAGE, parse_page_number
from cms.site_config import remembered
from cms.visibility import searchable, visible
from topics.models import TherapyPage, TopicPage

from . import facet_names
from .filters import Chosen, SpecialistFilterSet
from .geo import Place
from .models import (
    COUNTRIES,
    SPOKEN_LANGUAGES,
    SpecialistLanguage,
    SpecialistPage,
    SpecialistSpecialty,
    SpecialistTherapy,
    SpecialistTopic,
    Specialty,
)

PER_PAGE = 20
FACETS = ["topic", "therapy", "specialty", "country", "region", "city", "language", "kind"]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SpecialistCard:
    page: SpecialistPage
    distance_km: float | None
    specialties: list[str]
    languages: list[str]


@dataclass
class FinderResult:
    """One finder answer; ``errors`` maps a parameter to messages (for a 400 in the API)."""

    count: int = 0
    cards: list[SpecialistCard] = field(default_factory=list)
    page_number: int = 1
    num_pages: int = 1
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "name"
    place: Place | None = None
    topic: Chosen | None = None  # id, translation key and title
    search_unavailable: bool = False
    # Facets shown as a text field (``facet_names``): the words in it, and the options
    # offered when they match several.
    typed: dict[str, str] = field(default_factory=dict)
    suggestions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def messages(self):
        messages = [message for messages in self.errors.values() for message in messages]
        if self.search_unavailable:
            messages.append(str(UNAVAILABLE_MESSAGE))
        return messages

    @property
    def has_previous(self):
        return self.page_number > 1

    @property
    def has_next(self):
        return self.page_number < self.num_pages


def find_specialists(params, locale, *, within=None, per_page=PER_PAGE, card_details=True):
    """Specialists in ``locale`` matching ``params`` (a QueryDict or a dict of strings).

    ``within`` limits the search to one finder page's specialists. ``card_details=False``
    leaves the cards' specialty and language names out: the API serialises its cards
    itself, and would read them twice.
    """
    cache_tags.depends_on(cache_tags.FINDER)  # facet labels are read without their pages
    # ``searchable`` (not ``visible``): the search backend filters this queryset and
    # understands only plain field lookups, not a subquery. It excludes the restricted
    # sections by path like Wagtail's ``public()``, with the paths remembered per content
    # version instead of read on every call.
    base = searchable(SpecialistPage.objects.filter(locale=locale))
    if within is not None:
        base = base.descendant_of(within)
    typed = facet_names.resolve(params, locale, base)
    params = typed.params
    filterset = SpecialistFilterSet(params, queryset=base, locale=locale)
    result = FinderResult(suggestions=typed.suggestions)
    for name, messages in filterset.errors.items():
        result.errors[name if name != "__all__" else "params"] = list(messages)
    result.errors.update(typed.errors)
    result.place = filterset.place
    result.sort = filterset.sort()
    result.search_unavailable = filterset.search_unavailable

    # The page asked for, its relations, the count and the facets in one query: the page
    # is a table expression ordered over the facets' matches (``_Facets.ids()``), so the
    # filters (the distance above all) run once for both; its specialists are then read
    # by id. A page past the last one is known only then, and read again (the last page).
    facets = _Facets(filterset, base, locale)
    number = parse_page_number(params.get("page"))
    if number is None:
        result.errors["page"] = [_("The page number must be a positive whole number.")]
        number = 1
    details = _CardDetails(locale) if card_details else None
    result.count, pks = facets.read(details, _slice(number, per_page))
    page = _in_order(filterset, pks)
    result.search_unavailable = filterset.search_unavailable
    result.num_pages = max(1, ceil(result.count / per_page))
    result.page_number = number
    if number > result.num_pages:
        result.errors["page"] = [
            ngettext(
                "There is only %(pages)d page of specialists; showing it.",
                "There are only %(pages)d pages of specialists; showing the last one.",
                result.num_pages,
            )
            % {"pages": result.num_pages}
        ]
        result.page_number = result.num_pages
        matches = filterset.ordered(facets.matching()).select_related("locale")
        start, stop = _slice(result.page_number, per_page)
        page = list(matches[start:stop])
        if details is not None:
            details.read([specialist.pk for specialist in page])
    result.cards = _cards(page, details)
    result.facets = facets.all()
    result.typed = _typed_fields(result.facets, typed.texts)
    topic = filterset.cleaned.get("topic")
    if topic is not None:
        # The topic in the reader's language where a visitor may see it (its facet label
        # is exactly that), else as chosen.
        localized = facets.labels.get(topic.translation_key.hex)
        if localized:
            topic = Chosen(localized[0], topic.translation_key, localized[1])
        result.topic = topic
    return result


def _slice(number, per_page):
    """``(start, stop)`` of page ``number``; None beyond any count (and a database's
    64-bit OFFSET)."""
    start = (number - 1) * per_page
    if start + per_page >= 2**62:
        return None
    return start, start + per_page


def _in_order(filterset, pks):
    """The specialists ``pks`` (one page of results), in the finder's order: the same
    ordering, over these rows alone."""
    if not pks:
        return []
    pages = SpecialistPage.objects.filter(pk__in=pks).select_related("locale")
    return list(filterset.ordered(pages))


def _typed_fields(facets, texts):
    """``{facet: words to show}`` for the facets shown as a text field.

    A facet is typed when it has too many options to list, or when the visitor typed in
    it; the field shows their words, else the label of the option chosen by id.
    """
    typed = {}
    for name in facet_names.TYPED:
        if len(facets[name]) > facet_names.LONG_FACET or name in texts:
            chosen = next((option.label for option in facets[name] if option.selected), "")
            typed[name] = texts.get(name, chosen)
    return typed


class _CardDetails:
    """The specialty and language names of one page of results.

    Both relations are read in one ``UNION ALL`` (or as part of the facets' query), the
    specialties named in the reader's language where translated, else as stored.
    """

    def __init__(self, locale):
        self.locale = locale
        self.specialties = defaultdict(list)
        self.languages = defaultdict(list)

    def parts(self):
        """Rows ``(facet, value, label, n)``: ``card:<relation>``, the specialist's id, the
        name or code, the position."""
        cards = _page_ids()
        localized = Specialty.objects.filter(
            locale=self.locale, translation_key=OuterRef("specialty__translation_key")
        ).order_by()
        return [
            _row(
                SpecialistSpecialty.objects.filter(specialist_id__in=cards),
                "card:specialty",
                Cast("specialist_id", CharField()),
                Coalesce(Subquery(localized.values("name")[:1]), F("specialty__name")),
                _link_position(),
            ),
            _row(
                SpecialistLanguage.objects.filter(specialist_id__in=cards),
                "card:language",
                Cast("specialist_id", CharField()),
                F("language"),
                _link_position(),
            ),
        ]

    def add(self, facet, value, label, n):
        """Take one row of ``parts``; False when it is not a card's."""
        if facet == "card:specialty":
            self.specialties[int(value)].append((n, label))
        elif facet == "card:language":
            self.languages[int(value)].append((n, label))
        else:
            return False
        return True

    def read(self, pks):
        """Read the names of the specialists ``pks`` on their own (a page read again)."""
        if pks:
            key = ("cards", self.locale.pk)
            for row in _execute(_compiled(key, self.parts), [_ids_table(pks)]):
                self.add(*row)

    def names(self, pk):
        """``(specialties, languages)`` of one specialist, in their editors' order."""
        language_names = dict(SPOKEN_LANGUAGES)
        specialties = [label for _n, label in sorted(self.specialties[pk], key=_position)]
        languages = [
            str(language_names.get(code, code))
            for _n, code in sorted(self.languages[pk], key=_position)
        ]
        return specialties, languages


def _position(row):
    return row[0]


def _link_position():
    """A link's place in its list as one number: its sort order (none first, as SQLite
    sorts), then its id, so that links without a sort order (imported ones) keep one
    order on every database."""
    return (Coalesce(F("sort_order"), Value(-1)) + 1) * Value(2**32) + F("pk")


def _row(queryset, facet, value, label, n):
    """``queryset`` as rows ``(facet, value, label, n)``: every part of the finder's one
    ``UNION ALL`` has these columns, in this order."""
    return (
        queryset.annotate(facet=Value(facet, CharField()), value=value, label=label, n=n)
        .values("facet", "value", "label", "n")
        .order_by()
    )


def _union(parts):
    """Rows ``(facet, value, label, n)`` of the parts (``_row``), in one query."""
    return parts[0].union(*parts[1:], all=True).values_list("facet", "value", "label", "n")


_CARDS = "finder_cards"  # the table expression of one page's specialist ids


def _page_ids():
    """The ids in ``_CARDS``, as a subquery for ``pk__in``."""
    return RawSQL(f'SELECT "pk" FROM "{_CARDS}"', ())  # noqa: S608, S611


def _ids_table(pks):
    """``_CARDS`` as a list of ids: ``(name, SQL, parameters)`` of a table expression."""
    rows = ", ".join("(%s)" for _pk in pks)
    return (f'"{_CARDS}"("pk")', f"VALUES {rows}", tuple(pks))


def _compiled(key, parts):
    """``_union(parts())`` compiled: ``(sql, params, database)``, once per ``key``.

    Building the dozen querysets of the union and compiling them cost more CPU than the
    database took to run it. What varies between requests (the matching ids, a page's
    ids) reaches the parts only through table expressions, so the SQL depends on the
    ``key`` (which expressions each part reads, the language) and the private sections
    (``cms.compiled.once``).
    """

    def compile():
        union = _union(parts())
        try:
            return (*union.query.sql_with_params(), union.db)
        except EmptyResultSet:  # every part left out: nobody matches any of them
            return None

    return compiled.once(("finder", key), router.db_for_read(SpecialistPage), compile)


def _execute(union, ctes):
    """Rows of a ``_compiled`` union, with its table expressions ``(name, SQL, params)``."""
    if union is None:
        return []
    sql, params, database = union
    if ctes:
        expressions = ", ".join(f"{name} AS ({cte})" for name, cte, _ in ctes)
        sql = f"WITH {expressions} {sql}"
        params = tuple(value for _, _, cte_params in ctes for value in cte_params) + tuple(params)
    with connections[database].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cards(pages, details):
    """Cards for one page of results (names from ``details``, none without it)."""
    cards = []
    for page in pages:
        specialties, languages = details.names(page.pk) if details is not None else ([], [])
        cards.append(
            SpecialistCard(
                page=page,
                distance_km=getattr(page, "distance_km", None),
                specialties=specialties,
                languages=languages,
            )
        )
    return cards


COLUMN_FACETS = ("country", "region", "city", "kind")
# Facets whose values are codes shown by their label (the others show the value itself).
VALUE_LABELS = {
    "country": COUNTRIES,
    "kind": SpecialistPage.Kind.choices,
    "language": SPOKEN_LANGUAGES,
}
# Relations counted by translation key and labelled in the reader's language.
KEYED_FACETS = ("topic", "therapy", "specialty")
# facet: (link model, the value it is counted by)
RELATION_FACETS = {
    "topic": (SpecialistTopic, "topic__translation_key"),
    "therapy": (SpecialistTherapy, "therapy__translation_key"),
    "specialty": (SpecialistSpecialty, "specialty__translation_key"),
    "language": (SpecialistLanguage, "language"),
}


class _Facets:
    """Options of every filter, each counted under all the *other* filters.

    Every facet is its own ``GROUP BY`` (each leaves out a different filter), but they
    travel as one ``UNION ALL`` with the count of results and the result cards'
    relations (``_CardDetails``): one round trip. Topics, therapies and specialties are
    labelled in the reader's language from ``_labels``.
    """

    def __init__(self, filterset, base, locale):
        self.filterset = filterset
        self.base = base
        self.locale = locale
        self.cleaned = filterset.cleaned
        self.counts = {name: {} for name in FACETS}
        self.labels = {}
        self._matching = {}
        self._ids = {}
        self._ctes = []  # (alias, SQL, parameters) of the matching ids, in order of use

    def matching(self, name=None):
        """Specialists matching every filter but ``name``'s.

        Built once per filter actually applied: leaving out a filter with no value
        changes nothing, so most facets share one queryset, and building the querysets
        (the distance above all) cost more than the database took to count.
        """
        if self.cleaned.get(name) in EMPTY_VALUES:
            name = None
        if name not in self._matching:
            self._matching[name] = self.filterset.filter_queryset(
                self.base.all(), exclude={name}
            ).order_by()
        return self._matching[name]

    def ids(self, name=None):
        """The ids of ``matching(name)``: a common table expression of the one query.

        Every facet's part of the query selects from it. Compiling the same filters (the
        distance, the relation subqueries) again for each facet cost more CPU than
        running them; and as a subquery of each part, PostgreSQL ran the same filters
        once per facet (eight times 3 ms at 10,000 pages). A table expression used more
        than once is computed once (SQLite and PostgreSQL materialise it).
        """
        if self.cleaned.get(name) in EMPTY_VALUES:
            name = None
        if name not in self._ids:
            try:
                sql, params = self.matching(name).values("pk").query.sql_with_params()
            except EmptyResultSet:  # nobody (a text that matched nothing)
                self._ids[name] = []  # the parts selecting from it are left out
            else:
                alias = f"finder_matching_{len(self._ctes)}"
                # Django's own SQL for a queryset, its parameters kept apart.
                self._ctes.append((f'"{alias}"', sql, params))
                self._ids[name] = RawSQL(f'SELECT "pk" FROM "{alias}"', ())  # noqa: S608, S611
        return self._ids[name]

    def _shape(self):
        """Which table expression each part of the union reads (``None``: nobody
        matches, the part is left out): with the language, what its SQL depends on."""
        shape = []
        for name in (None, *COLUMN_FACETS, *RELATION_FACETS):
            ids = self.ids(name)
            shape.append(ids.sql if isinstance(ids, RawSQL) else None)
        return tuple(shape)

    def _parts(self, details, with_page):
        parts = [
            SpecialistPage.objects.filter(pk__in=self.ids())
            .annotate(
                facet=Value("count", CharField()),
                value=Value("", CharField()),
                label=Value("", CharField()),
            )
            .values("facet", "value", "label")
            .annotate(n=Count("pk"))
            .order_by()
        ]
        parts += self._count_parts()
        if with_page:
            cards = _page_ids()
            parts.append(
                _row(
                    SpecialistPage.objects.filter(pk__in=cards),
                    "page",
                    Cast("pk", CharField()),
                    Value("", CharField()),
                    Value(0),
                )
            )
            if details is not None:
                parts += details.parts()
        return parts

    def _page(self, window):
        """The table expression of one page of results (``_CARDS``): the matches'
        ids in the finder's order, ``window`` = ``(start, stop)``; None when there is no
        such page."""
        ids = self.ids()
        if window is None or not isinstance(ids, RawSQL):
            return None
        start, stop = window
        ordered = self.filterset.ordered(SpecialistPage.objects.filter(pk__in=ids))
        sql, params = ordered.values("pk")[start:stop].query.sql_with_params()
        return (f'"{_CARDS}"("pk")', f"SELECT * FROM ({sql}) page", params)  # noqa: S608

    def read(self, details=None, window=None):
        """Run the one query: the number of results, and the ids of the page of results
        ``window`` (``(start, stop)``) in no particular order."""
        page = self._page(window)
        key = ("facets", self._shape(), self.locale.pk, page is not None, details is not None)
        union = _compiled(key, lambda: self._parts(details, page is not None))
        ctes = self._ctes + ([page] if page is not None else [])
        total = 0
        pks = []
        self.labels = _labels(self.locale)
        for facet, value, label, n in _execute(union, ctes):
            if facet == "count":
                total = n
            elif facet == "page":
                pks.append(int(value))
            elif details is not None and details.add(facet, value, label, n):
                pass
            elif value:
                self.counts[facet][value] = n
        return total, pks

    def all(self):
        facets = {}
        for name in FACETS:
            if name in KEYED_FACETS:
                facets[name] = self._related(name, self.counts[name])
            else:
                facets[name] = self._plain(name, self.counts[name])
        return facets

    def _count_parts(self):
        """``(facet, value, "", count)`` for every option of every facet."""
        parts = [
            _option_counts(
                SpecialistPage.objects.filter(pk__in=self.ids(name)), name, name, Count("pk")
            )
            for name in COLUMN_FACETS
        ]
        parts += [
            _option_counts(
                link_model.objects.filter(specialist_id__in=self.ids(name)),
                name,
                value,
                Count("specialist_id", distinct=True),
            )
            for name, (link_model, value) in RELATION_FACETS.items()
        ]
        return parts

    def _selected_key(self, name):
        """The chosen option's translation key as the facet rows spell it (``_key``)."""
        chosen = self.cleaned.get(name)
        return chosen.translation_key.hex if chosen is not None else None

    def _plain(self, name, counts):
        labels = dict(VALUE_LABELS.get(name, ()))
        options = [
            FacetOption(value, str(labels.get(value, value)), n) for value, n in counts.items()
        ]
        if name == "language":
            options.sort(key=lambda option: option.label)
        else:
            options.sort(key=lambda option: option.value)
        return _mark(options, self.cleaned.get(name) or "", labels)

    def _related(self, name, counts):
        """Options for a relation: one per translation key, labelled in the reader's language."""
        labels = self.labels
        by_key = {_key(value): n for value, n in counts.items()}
        selected_key = self._selected_key(name)
        keys = set(by_key) | ({selected_key} if selected_key else set())
        options = [
            FacetOption(
                str(labels[key][0]), str(labels[key][1]), by_key.get(key, 0), key == selected_key
            )
            for key in keys
            if key in labels
        ]
        options.sort(key=lambda option: option.label.lower())
        return options


def _labels(locale):
    """``{translation key: (pk, label)}`` of every topic, therapy and specialty in
    ``locale`` that a visitor may see: the facets' options are counted by translation key
    and labelled from this.

    Remembered per content version and ``finder`` tag (publishing, unpublishing or
    renaming a topic or therapy bumps it; a specialty is a snippet, its save bumps the
    content version). Read with the facets on every request, they were 5,000 of the
    5,300 rows of the finder's query at 40,000 pages, and most of its time. Only id,
    label and translation key are read: building full page objects (StreamField bodies,
    specific models) cost more than all the counting together. Shared: never changed.
    """

    def load():
        types = list(ContentType.objects.get_for_models(TopicPage, TherapyPage).values())
        pages = visible(Page.objects.filter(locale=locale, content_type__in=types))
        specialties = Specialty.objects.filter(locale=locale)
        rows = _union(
            [
                _row(pages, "label", Cast("translation_key", CharField()), F("title"), F("pk")),
                _row(
                    specialties, "label", Cast("translation_key", CharField()), F("name"), F("pk")
                ),
            ]
        )
        return {_key(value): (pk, label) for _facet, value, label, pk in rows}

    return remembered(("finder-labels", locale.pk), load, tags=(cache_tags.FINDER,), copy=None)


def _key(text):
    """A translation key read as text, as ``UUID.hex``: SQLite stores it so, PostgreSQL
    casts it with dashes. Cheaper than a ``UUID`` for each of some hundred rows."""
    return text.replace("-", "")


def _mark(options, selected, labels=None):
    """Flag the selected option, adding it (count 0) when the other filters exclude it."""
    for option in options:
        option.selected = option.value == selected
    if selected and not any(option.selected for option in options):
        label = str((labels or {}).get(selected, selected))
        options.append(FacetOption(selected, label, 0, True))
    return options


def _option_counts(queryset, name, value, count):
    """``(facet, value, "", count)`` rows of ``queryset`` grouped by ``value``."""
    return (
        queryset.annotate(
            facet=Value(name, CharField()),
            value=Cast(value, CharField()),
            label=Value("", CharField()),
        )
        .values("facet", "value", "label")
        .annotate(n=count)
        .order_by()
    )
