"""The specialist finder as one function the HTML page and the API both call.

``find_specialists(params, locale)`` takes the visitor's GET parameters, applies
``SpecialistFilterSet``, and returns the count, one page of results, the options of every
filter with their counts, and any problems with the input. The number of queries does
not depend on the number of specialists: relations are fetched per page, translated in
bulk, and every facet is one aggregate query.
"""

from dataclasses import dataclass, field
from math import ceil

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms import cache_tags
from cms.search_terms import UNAVAILABLE_MESSAGE, parse_page_number
from cms.visibility import visible
from topics.models import TherapyPage, TopicPage

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
    filterset = SpecialistFilterSet(params, queryset=base, locale=locale)
    result = FinderResult()
    for name, messages in filterset.errors.items():
        result.errors[name if name != "__all__" else "params"] = list(messages)
    result.place = filterset.place
    result.sort = filterset.sort()

    matches = filterset.ordered(filterset.qs)
    result.count = matches.count()
    result.search_unavailable = filterset.search_unavailable
    result.num_pages = max(1, ceil(result.count / per_page))
    result.page_number = _page_number(result, params.get("page"))
    start = (result.page_number - 1) * per_page
    page = list(
        matches.prefetch_related(
            Prefetch("specialty_links", SpecialistSpecialty.objects.select_related("specialty")),
            "spoken_languages",
        )[start : start + per_page]
    )
    result.cards = _cards(page, locale)
    result.facets = _Facets(filterset, base, locale).all()
    topic = filterset.cleaned.get("topic")
    if topic is not None:
        result.topic = (
            visible(
                TopicPage.objects.filter(translation_key=topic.translation_key, locale=locale)
            ).first()
            or topic
        )
    return result


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


class _Facets:
    """Options of every filter, each counted under all the *other* filters."""

    def __init__(self, filterset, base, locale):
        self.filterset = filterset
        self.base = base
        self.locale = locale
        self.cleaned = filterset.cleaned

    def matching(self, name):
        return self.filterset.filter_queryset(self.base.all(), exclude={name}).order_by()

    def all(self):
        return {name: getattr(self, name)() for name in FACETS}

    def _column(self, name, labels=None):
        rows = self.matching(name).values(name).annotate(n=Count("pk")).order_by(name)
        selected = self.cleaned.get(name) or ""
        options = [
            FacetOption(str(row[name]), str((labels or {}).get(row[name], row[name])), row["n"])
            for row in rows
            if row[name]
        ]
        return _mark(options, selected, labels)

    def country(self):
        return self._column("country", dict(COUNTRIES))

    def region(self):
        return self._column("region")

    def city(self):
        return self._column("city")

    def kind(self):
        return self._column("kind", dict(SpecialistPage.Kind.choices))

    def language(self):
        rows = (
            SpecialistLanguage.objects.filter(specialist__in=self.matching("language").values("pk"))
            .values("language")
            .annotate(n=Count("specialist_id", distinct=True))
        )
        labels = dict(SPOKEN_LANGUAGES)
        options = [
            FacetOption(r["language"], str(labels.get(r["language"], r["language"])), r["n"])
            for r in rows
        ]
        options.sort(key=lambda option: option.label)
        return _mark(options, self.cleaned.get("language") or "", labels)

    def topic(self):
        return self._related("topic", SpecialistTopic, "topic", visible(TopicPage.objects.all()))

    def therapy(self):
        return self._related(
            "therapy", SpecialistTherapy, "therapy", visible(TherapyPage.objects.all())
        )

    def specialty(self):
        return self._related(
            "specialty", SpecialistSpecialty, "specialty", Specialty.objects.all(), label="name"
        )

    def _related(self, name, link_model, field_name, targets, label="title"):
        """Options for a relation: one per translation key, labelled in the reader's language.

        Only id, label and translation key are read: with hundreds of topics, building
        full page objects (StreamField bodies, specific models) cost more than all the
        counting together.
        """
        key = f"{field_name}__translation_key"
        counts = dict(
            link_model.objects.filter(specialist__in=self.matching(name).values("pk"))
            .values_list(key)
            .annotate(n=Count("specialist_id", distinct=True))
        )
        selected = self.cleaned.get(name)
        selected_key = getattr(selected, "translation_key", None)
        wanted = set(counts) | ({selected_key} if selected_key else set())
        localized = targets.filter(translation_key__in=wanted, locale=self.locale).values_list(
            "pk", label, "translation_key"
        )
        options = [
            FacetOption(str(pk), str(text), counts.get(key, 0), key == selected_key)
            for pk, text, key in localized
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
