"""The one definition of the specialist finder's filters, shared by the HTML finder and the API.

Relations (topics, therapies, specialties) are stored once and point at source-locale
objects, so a filter value may be the id of the German, French or English version: it
is resolved to its ``translation_key`` and matched against every version.
"""

import math
from dataclasses import dataclass

import django_filters

from django import forms
from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Value, When
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.search.backends import get_search_backend

from cms.search_terms import SearchUnavailable, clean_query, search_guard
from cms.visibility import visible
from topics.models import TherapyPage, TopicPage

from .geo import EARTH_RADIUS_KM, distance_expression, find_place, within
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
from .names import close_name_ranks

MAX_RADIUS_KM = 1000
# Up to this radius the finder reads the specialists inside the box from the position
# index first (``filter_distance``); a wider box holds most specialists anyway.
INDEXED_RADIUS_KM = 200
RELATION_FILTERS = ("topic", "therapy", "specialty")
RADIUS_CHOICES = [10, 25, 50, 100, 200, 500]
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("name", _("Name")),
    ("distance", _("Distance")),
]


def bounding_box(place, radius_km):
    """Latitude/longitude ranges that contain every point within ``radius_km`` of ``place``.

    A cheap, indexable pre-filter for the haversine: the database computes the exact
    distance only for specialists inside the box, not for every specialist in the
    language (the finder asks once for the results and once per facet). On SQLite the
    trigonometry runs as Python callbacks, so this is most of the finder's time. The box
    is generous (the widest longitude span at the box's pole-ward edge), never tight.
    """
    km_per_degree = math.pi * EARTH_RADIUS_KM / 180
    delta_lat = radius_km / km_per_degree
    box = {
        "latitude__gte": place.latitude - delta_lat,
        "latitude__lte": place.latitude + delta_lat,
    }
    widest = min(90.0, abs(place.latitude) + delta_lat)
    if widest < 89.0:
        delta_lon = radius_km / (km_per_degree * math.cos(math.radians(widest)))
        west, east = place.longitude - delta_lon, place.longitude + delta_lon
        if west >= -180 and east <= 180:  # no box across the antimeridian
            box["longitude__gte"] = west
            box["longitude__lte"] = east
    return box


class FinderForm(forms.Form):
    """Fields that shape the search without being a filter on one column."""

    near = forms.CharField(required=False, max_length=100, label=_("Near (town or postcode)"))
    radius = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_KM,
        label=_("Within (km)"),
        error_messages={
            "invalid": _("The distance must be a whole number of kilometres."),
            "min_value": _("The distance must be between 1 and %(limit)s km.")
            % {"limit": MAX_RADIUS_KM},
            "max_value": _("The distance must be between 1 and %(limit)s km.")
            % {"limit": MAX_RADIUS_KM},
        },
    )
    sort = forms.ChoiceField(
        required=False,
        choices=SORT_CHOICES,
        label=_("Sort by"),
        error_messages={
            "invalid_choice": _("Results can be sorted by relevance, name or distance.")
        },
    )

    def clean(self):
        data = super().clean()
        near = data.get("near", "")
        data["place"] = None
        if near:
            lookup = find_place(near, country=data.get("country") or None)
            if lookup.place is not None:
                data["place"] = lookup.place
            elif lookup.ambiguous_countries:
                self.add_error(
                    "near",
                    _(
                        "The postcode %(postcode)s exists in several countries: add the "
                        "country, for example %(example)s."
                    )
                    % {"postcode": near, "example": f"{lookup.ambiguous_countries[-1]}-{near}"},
                )
            elif lookup.unknown_postcode:
                self.add_error(
                    "near",
                    _(
                        "We do not know the postcode %(postcode)s yet. Please enter the name "
                        "of the town instead."
                    )
                    % {"postcode": near},
                )
            else:
                self.add_error(
                    "near",
                    _(
                        "We could not find a town called “%(place)s” in Germany, Austria or "
                        "Switzerland."
                    )
                    % {"place": near},
                )
        if data.get("sort") == "distance" and data["place"] is None and not self.has_error("near"):
            self.add_error("sort", _("Enter a town or postcode to sort by distance."))
        return data


@dataclass(frozen=True)
class Chosen:
    """A topic, therapy or specialty chosen by id: what the finder needs of it."""

    pk: int
    translation_key: object
    title: str


def _valid_id(value):
    """``value`` as a positive 64-bit id, or None."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 2**63:
        return None
    return int(text)


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A model choice by id that rejects non-numbers and out-of-range numbers itself.

    SQLite raises ``OverflowError`` (not a validation error) for ids beyond 64 bits.
    ``known`` (set by ``SpecialistFilterSet``) holds the ids found, read for all the
    relation filters in one query; without it the field reads its queryset itself.
    """

    known = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        pk = _valid_id(value)
        if pk is None or (self.known is not None and pk not in self.known):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        if self.known is not None:
            return self.known[pk]
        return super().to_python(str(pk))


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


def _unknown(what):
    return {"invalid_choice": what, "invalid_pk_value": what}


class SpecialistFilterSet(django_filters.FilterSet):
    """Filters over live, public specialists of one locale.

    Topics and therapies are chosen among the pages a visitor may see: an id of a
    draft or private page is as unknown as an id that does not exist.

    ``filter_queryset(queryset, exclude=...)`` applies every valid filter except the
    named ones: the finder uses it to count each facet's options under the other filters.
    """

    q = django_filters.CharFilter(method="filter_text", label=_("Name or keyword"), max_length=200)
    topic = IdChoiceFilter(
        queryset=visible(TopicPage.objects.all()),
        method="filter_topic",
        label=_("Topic"),
        error_messages=_unknown(_("We do not know this topic.")),
    )
    therapy = IdChoiceFilter(
        queryset=visible(TherapyPage.objects.all()),
        method="filter_therapy",
        label=_("Therapy"),
        error_messages=_unknown(_("We do not know this therapy.")),
    )
    specialty = IdChoiceFilter(
        queryset=Specialty.objects.all(),
        method="filter_specialty",
        label=_("Specialty"),
        error_messages=_unknown(_("We do not know this specialty.")),
    )
    country = django_filters.ChoiceFilter(
        choices=COUNTRIES,
        label=_("Country"),
        error_messages=_unknown(_("Specialists are listed in Germany, Austria and Switzerland.")),
    )
    region = django_filters.ChoiceFilter(
        choices=[],
        label=_("Region"),
        error_messages=_unknown(_("There are no specialists listed in this region.")),
    )
    city = django_filters.ChoiceFilter(
        choices=[],
        label=_("Town"),
        error_messages=_unknown(_("There are no specialists listed in this town.")),
    )
    language = django_filters.ChoiceFilter(
        choices=SPOKEN_LANGUAGES,
        method="filter_language",
        label=_("Language spoken"),
        error_messages=_unknown(_("We do not know this language.")),
    )
    kind = django_filters.ChoiceFilter(
        choices=SpecialistPage.Kind.choices,
        label=_("Kind"),
        error_messages=_unknown(_("Choose physician, clinic or centre.")),
    )

    class Meta:
        model = SpecialistPage
        fields = [
            "q",
            "topic",
            "therapy",
            "specialty",
            "country",
            "region",
            "city",
            "language",
            "kind",
        ]
        form = FinderForm

    def __init__(self, data=None, queryset=None, *, locale, **kwargs):
        self.search_unavailable = False
        super().__init__(data, queryset, **kwargs)
        self.locale = locale
        if self.data.get("region") or self.data.get("city"):
            # Only a chosen region or town is checked against the places listed: the
            # options shown come from the facet counts, not from these choices.
            places = list(self.queryset.order_by().values_list("region", "city").distinct())
            self.filters["region"].extra["choices"] = sorted({(r, r) for r, _c in places if r})
            self.filters["city"].extra["choices"] = sorted({(c, c) for _r, c in places if c})
        self._read_chosen()

    def _read_chosen(self):
        """Look up the chosen topic, therapy and specialty ids together (one query, none
        when nothing is chosen): each field would otherwise read its own."""
        parts = []
        for name in RELATION_FILTERS:
            pk = _valid_id(self.data.get(name) or "")
            if pk is None:
                continue
            label = "name" if name == "specialty" else "title"
            parts.append(
                self.form.fields[name]
                .queryset.filter(pk=pk)
                .annotate(filter=Value(name, CharField()), label=F(label))
                .values_list("filter", "pk", "translation_key", "label")
                .order_by()
            )
        if not parts:
            return
        known = {name: {} for name in RELATION_FILTERS}
        for name, pk, key, label in parts[0].union(*parts[1:], all=True):
            known[name][pk] = Chosen(pk, key, label)
        for name, found in known.items():
            self.form.fields[name].known = found

    # Filters -----------------------------------------------------------------

    def filter_text(self, queryset, name, value):
        if not clean_query(value):
            return queryset
        return queryset.filter(pk__in=list(self.text_ranks))

    # Relations are matched without joins, so with no duplicates to remove (``_linked``).

    def filter_topic(self, queryset, name, value):
        links = SpecialistTopic.objects.filter(topic__translation_key=value.translation_key)
        return self._linked(queryset, links)

    def filter_therapy(self, queryset, name, value):
        links = SpecialistTherapy.objects.filter(therapy__translation_key=value.translation_key)
        return self._linked(queryset, links)

    def filter_specialty(self, queryset, name, value):
        links = SpecialistSpecialty.objects.filter(specialty__translation_key=value.translation_key)
        return self._linked(queryset, links)

    def filter_language(self, queryset, name, value):
        return self._linked(queryset, SpecialistLanguage.objects.filter(language=value))

    def _linked(self, queryset, links):
        """Specialists of ``queryset`` with one of ``links``.

        Within a small box (``box_indexed``) each of the few specialists inside it is
        looked up in the links (``EXISTS``); else the links are listed once
        (``pk IN``): a popular specialty has thousands, in every language, and testing
        each specialist of the language would cost more.
        """
        if self.box_indexed:
            return queryset.filter(Exists(links.filter(specialist_id=OuterRef("pk"))))
        return queryset.filter(pk__in=links.values("specialist_id"))

    def filter_queryset(self, queryset, exclude=()):
        # The distance first: SQLite reads the rows by the first list of ids in the
        # conditions, and the place's box is the shortest (``filter_distance``).
        if "distance" not in exclude:
            queryset = self.filter_distance(queryset)
        for name, value in self.cleaned.items():
            if name in self.filters and name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_distance(self, queryset):
        """Within the radius; the distance itself is computed for the results only
        (``ordered``), not in every facet's count.

        Up to ``INDEXED_RADIUS_KM`` the box is a list of the ids inside it, read from the
        position index (``specialist_position``), which the language's specialists are
        then looked up by: near München at 40,000 pages a few hundred rows instead of
        every specialist of the language. The index holds every language's specialists,
        so a wide box would list most of them four times: there the box is a plain
        condition on the language's rows. (SQLite has no statistics to choose for itself.)
        """
        place = self.place
        radius = self.cleaned.get("radius")
        if place is None or not radius:
            return queryset
        box = bounding_box(place, radius)
        if self.box_indexed:
            inside = SpecialistPage.objects.filter(**box).values("pk")
            queryset = queryset.filter(pk__in=inside)
        else:
            queryset = queryset.filter(**box)
        return queryset.filter(within(place, radius))

    # Derived state -----------------------------------------------------------

    @property
    def cleaned(self):
        """The valid part of the input; invalid fields are absent (and in ``errors``)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def place(self):
        return self.cleaned.get("place")

    @property
    def box_indexed(self):
        """Whether the distance filter reads a small box from the position index: then
        the candidates are few (``filter_distance``, ``_linked``)."""
        radius = self.cleaned.get("radius")
        return self.place is not None and bool(radius) and radius <= INDEXED_RADIUS_KM

    @cached_property
    def text_ranks(self):
        """``{pk: position}`` of specialists matching the free text, best first (one query;
        a second one, for names one letter off, only when the text found nobody)."""
        clean = clean_query(self.cleaned.get("q", ""))
        backend = get_search_backend("default", QUERY_LANGUAGES=[self.locale.language_code])
        try:
            with search_guard("specialist finder"):
                results = backend.search(clean.search_text, self.queryset.only("pk"))
                ranks = {page.pk: position for position, page in enumerate(results)}
        except SearchUnavailable:
            # Nothing matches the text; the finder says why (``search_unavailable``).
            self.search_unavailable = True
            return {}
        # A plain query, not the search backend: its errors are not "search unavailable".
        return ranks or close_name_ranks(self.queryset, clean.terms)

    def sort(self):
        """The effective order: the visitor's choice, or the most useful one available."""
        data = self.cleaned
        chosen = data.get("sort") or "relevance"
        if chosen == "distance" and self.place is None:
            chosen = "relevance"
        if chosen == "relevance":
            if clean_query(data.get("q", "")):
                return "relevance"
            return "distance" if self.place is not None else "name"
        return chosen

    def ordered(self, queryset):
        """``queryset`` in the effective order, with ``distance_km`` when there is a place."""
        if self.place is not None:
            queryset = queryset.annotate(distance_km=distance_expression(self.place))
        sort = self.sort()
        if sort == "distance":
            return queryset.order_by(F("distance_km").asc(nulls_last=True), "sort_name", "pk")
        if sort == "relevance":
            ranks = self.text_ranks
            rank = Case(
                *[When(pk=pk, then=Value(position)) for pk, position in ranks.items()],
                default=Value(len(ranks)),
                output_field=IntegerField(),
            )
            return queryset.annotate(text_rank=rank).order_by("text_rank", "sort_name", "pk")
        return queryset.order_by("sort_name", "pk")
