"""The specialist finder as one function the HTML page and the API both call.

``find_specialists(params, locale)`` takes the visitor's GET parameters, applies
``SpecialistFilterSet``, and returns the count, one page of results, the options of every
filter with their counts, and any problems with the input. The number of queries does
not depend on the number of specialists: relations are fetched per page, translated in
bulk, and the eight facets are one query (a ``UNION ALL`` of aggregates), their labels two.
"""

import uuid
from dataclasses import dataclass, field
from math import ceil

from django.db.models import CharField, Count, Prefetch, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Page

from cms import cache_tags
from cms.search_terms import UNAVAILABLE_MESSAGE, parse_page_number
from cms.visibility import visible
from topics.models import TopicPage

from . import facet_names
from .filters import SpecialistFilterSet
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
    topic: TopicPage | None = None
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


def find_specialists(params, locale, *, within=None, per_page=PER_PAGE):
    """Specialists in ``locale`` matching ``params`` (a QueryDict or a dict of strings).

    ``within`` limits the search to one finder page's specialists.
    """
    cache_tags.depends_on(cache_tags.FINDER)  # facet labels are read without their pages
    # Wagtail's public() (not cms.visibility): the search backend filters this queryset
    # and understands only plain field lookups, not a subquery.
    base = SpecialistPage.objects.live().public().filter(locale=locale)
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

    matches = filterset.ordered(filterset.qs)
    result.count = matches.count()
    result.search_unavailable = filterset.search_unavailable
    result.num_pages = max(1, ceil(result.count / per_page))
    result.page_number = _page_number(result, params.get("page"))
    start = (result.page_number - 1) * per_page
    page = list(
        matches.select_related("locale").prefetch_related(
            Prefetch(
                "specialty_links",
                SpecialistSpecialty.objects.select_related("specialty__locale"),
            ),
            "spoken_languages",
        )[start : start + per_page]
    )
    result.cards = _cards(page, locale)
    result.facets = _Facets(filterset, base, locale).all()
    result.typed = _typed_fields(result.facets, typed.texts)
    topic = filterset.cleaned.get("topic")
    if topic is not None:
        result.topic = (
            visible(
                TopicPage.objects.filter(translation_key=topic.translation_key, locale=locale)
            ).first()
            or topic
        )
    return result


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


def _page_number(result, raw):
    number = parse_page_number(raw)
    if number is None:
        result.errors["page"] = [_("The page number must be a positive whole number.")]
        return 1
    if number > result.num_pages:
        result.errors["page"] = [
            ngettext(
                "There is only %(pages)d page of specialists; showing it.",
                "There are only %(pages)d pages of specialists; showing the last one.",
                result.num_pages,
            )
            % {"pages": result.num_pages}
        ]
        return result.num_pages
    return number


def _cards(pages, locale):
    """Cards for one page of results, with specialties in the reader's language (one query)."""
    keys = {link.specialty.translation_key for page in pages for link in page.specialty_links.all()}
    localized = {
        specialty.translation_key: specialty.name
        for specialty in Specialty.objects.filter(translation_key__in=keys, locale=locale)
    }
    language_names = dict(SPOKEN_LANGUAGES)
    return [
        SpecialistCard(
            page=page,
            distance_km=getattr(page, "distance_km", None),
            specialties=[
                localized.get(link.specialty.translation_key, link.specialty.name)
                for link in page.specialty_links.all()
            ],
            languages=[
                str(language_names.get(item.language, item.language))
                for item in page.spoken_languages.all()
            ],
        )
        for page in pages
    ]


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
    travel as one ``UNION ALL``: one round trip for the eight counts, then one query for
    the labels of topics and therapies and one for specialties, in the reader's language.
    """

    def __init__(self, filterset, base, locale):
        self.filterset = filterset
        self.base = base
        self.locale = locale
        self.cleaned = filterset.cleaned

    def matching(self, name):
        return self.filterset.filter_queryset(self.base.all(), exclude={name}).order_by()

    def all(self):
        counts = self._counts()
        labels = self._relation_labels(counts)
        facets = {}
        for name in FACETS:
            if name in KEYED_FACETS:
                facets[name] = self._related(name, counts[name], labels)
            else:
                facets[name] = self._plain(name, counts[name])
        return facets

    def _counts(self):
        """``{facet: {value: count}}`` for every facet, in one query."""
        parts = []
        for name in COLUMN_FACETS:
            parts.append(
                self.matching(name)
                .annotate(facet=Value(name, CharField()), value=Cast(name, CharField()))
                .values("facet", "value")
                .annotate(n=Count("pk"))
                .order_by()
            )
        for name, (link_model, value) in RELATION_FACETS.items():
            parts.append(
                link_model.objects.filter(specialist__in=self.matching(name).values("pk"))
                .annotate(facet=Value(name, CharField()), value=Cast(value, CharField()))
                .values("facet", "value")
                .annotate(n=Count("specialist_id", distinct=True))
                .order_by()
            )
        counts = {name: {} for name in FACETS}
        for facet, value, n in (
            parts[0].union(*parts[1:], all=True).values_list("facet", "value", "n")
        ):
            if value:
                counts[facet][value] = n
        return counts

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

    def _selected_key(self, name):
        return getattr(self.cleaned.get(name), "translation_key", None)

    def _relation_labels(self, counts):
        """``{translation_key: (pk, label)}`` in the reader's language: pages, then specialties.

        Only id, label and translation key are read: with hundreds of topics, building
        full page objects (StreamField bodies, specific models) cost more than all the
        counting together.
        """

        def wanted(*names):
            keys = set()
            for name in names:
                keys |= {uuid.UUID(value) for value in counts[name]}
                if self._selected_key(name):
                    keys.add(self._selected_key(name))
            return keys

        rows = list(
            visible(Page.objects.all())
            .filter(translation_key__in=wanted("topic", "therapy"), locale=self.locale)
            .values_list("translation_key", "pk", "title")
        )
        rows += Specialty.objects.filter(
            translation_key__in=wanted("specialty"), locale=self.locale
        ).values_list("translation_key", "pk", "name")
        return {key: (pk, label) for key, pk, label in rows}

    def _related(self, name, counts, labels):
        """Options for a relation: one per translation key, labelled in the reader's language."""
        by_key = {uuid.UUID(value): n for value, n in counts.items()}
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


def _mark(options, selected, labels=None):
    """Flag the selected option, adding it (count 0) when the other filters exclude it."""
    for option in options:
        option.selected = option.value == selected
    if selected and not any(option.selected for option in options):
        label = str((labels or {}).get(selected, selected))
        options.append(FacetOption(selected, label, 0, True))
    return options
