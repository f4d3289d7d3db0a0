"""What the API shows of specialists and specialties.

Also adds a ``specialists`` field to topics and therapies: ``topics`` does not know
about specialists, so their responses are extended from here.
"""

import functools
from collections import defaultdict

from ninja import Query, Router, Schema
from pydantic import Field

from django.utils import translation

from api import add_page_field, add_router, register_page_type
from api.auth import reader_auth
from api.context import ReadContext
from api.pagetypes import page_type, serialize_pages
from api.params import one_of, reject_invalid, requested_locale
from api.relations import child_objects, links
from api.schemas import PageLink
from cms.i18n import translations_by_key
from cms.search_terms import SearchUnavailable
from specialists.filters import FinderForm, SpecialistFilterSet
from specialists.finder import PER_PAGE, find_specialists
from specialists.models import (
    SPOKEN_LANGUAGES,
    SpecialistIndexPage,
    SpecialistPage,
    SpecialistTherapy,
    SpecialistTopic,
    Specialty,
)
from topics.models import TherapyPage, TopicPage


class SpecialtyOut(Schema):
    id: int
    name: str
    locale: str


class SpokenLanguage(Schema):
    code: str
    name: str


def _in_order(links):
    """Links in their editors' order, those without one (imported) first and by id, as
    the finder's cards list them: by ``sort_order`` alone, PostgreSQL returned ties in
    a different order for one page than for a list of twenty."""
    return sorted(
        links, key=lambda link: (link.sort_order is not None, link.sort_order or 0, link.pk or 0)
    )


def specialties_of(specialists, ctx):
    """Specialties in the reader's language where translated, else as stored."""
    children = child_objects(
        specialists, ctx, "specialty_links", select_related=["specialty__locale"]
    )
    keys = {link.specialty.translation_key for page in specialists for link in children[page.pk]}
    locale_ids = {ctx.reader_locale_id(page) for page in specialists}
    translated = translations_by_key({locale_id: keys for locale_id in locale_ids}, model=Specialty)
    result = {}
    for page in specialists:
        specialties = [
            translated.get(
                (ctx.reader_locale_id(page), link.specialty.translation_key), link.specialty
            )
            for link in _in_order(children[page.pk])
        ]
        result[page.pk] = [
            {"id": item.pk, "name": item.name, "locale": item.locale.language_code}
            for item in specialties
        ]
    return result


def topics_of(specialists, ctx):
    children = child_objects(specialists, ctx, "topic_links", links_to=["topic"])
    return {
        page.pk: links(ctx, page, [link.topic for link in children[page.pk]])
        for page in specialists
    }


def therapies_of(specialists, ctx):
    children = child_objects(specialists, ctx, "therapy_links", links_to=["therapy"])
    return {
        page.pk: links(ctx, page, [link.therapy for link in children[page.pk]])
        for page in specialists
    }


def languages_of(specialists, ctx):
    """Spoken languages named in the reader's language, whichever endpoint asks: the
    requested ``locale`` where there is one, else the request's negotiated language
    (``Accept-Language`` or the language cookie, which the page cache varies on)."""
    names = dict(SPOKEN_LANGUAGES)
    children = child_objects(specialists, ctx, "spoken_languages")
    language = ctx.locale.language_code if ctx.locale is not None else translation.get_language()
    result = {}
    for page in specialists:
        with translation.override(language):
            result[page.pk] = [
                {"code": item.language, "name": str(names.get(item.language, item.language))}
                for item in _in_order(children[page.pk])
            ]
    return result


def display_names(specialists, ctx):
    return {page.pk: page.display_name for page in specialists}


def _specialists_linked(link_model, field):
    """Specialists linked to topics (or therapies) in any language, for each page.

    Read as translation keys, as ``therapies_of_topics`` does: a link needs nothing
    else of the specialist (``ReadContext.finish`` reads the page in the reader's
    language), and building every linked specialist and topic page in every language
    cost more than the rest of a topic's answer."""

    def resolve(pages, ctx):
        keys = {page.translation_key for page in pages}
        by_key = defaultdict(list)
        rows = (
            link_model.objects.filter(**{f"{field}__translation_key__in": keys})
            .order_by("specialist__sort_name", "specialist__path")
            .values_list(f"{field}__translation_key", "specialist__translation_key")
        )
        for key, specialist_key in rows:
            by_key[key].append(specialist_key)
        return {
            page.pk: [ctx.link_key(key, page) for key in by_key[page.translation_key]]
            for page in pages
        }

    return resolve


router = Router(tags=["specialties"])


@router.get(
    "/",
    response=list[SpecialtyOut],
    auth=reader_auth,
    url_name="cms_specialty_list",
    operation_id="specialties_list",
    summary="Medical specialties in one language",
)
def list_specialties(request, locale: str | None = None):
    language = requested_locale(locale)
    return [
        {"id": item.pk, "name": item.name, "locale": language.language_code}
        for item in Specialty.objects.filter(locale=language).order_by("name")
    ]


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class PlaceOut(Schema):
    name: str
    country: str
    latitude: float
    longitude: float


def _filter_choices(name):
    return one_of(SpecialistFilterSet.base_filters[name].extra["choices"])


class FinderParams(Schema):
    """The finder page's query parameters; ``find_specialists`` validates them.

    Parameters with a fixed set of values take exactly the choices (and ``radius`` the
    bounds) the finder's filters and form validate against, so the OpenAPI document
    states them; the others are text whose validity depends on the content (towns, ids,
    places) and stay the finder's to judge.
    """

    locale: str | None = None
    q: str = ""
    topic: str = ""
    therapy: str = ""
    specialty: str = ""
    country: _filter_choices("country") | None = None
    region: str = ""
    city: str = ""
    language: _filter_choices("language") | None = None
    kind: _filter_choices("kind") | None = None
    near: str = ""
    radius: int | None = Field(
        None,
        ge=FinderForm.base_fields["radius"].min_value,
        le=FinderForm.base_fields["radius"].max_value,
    )
    sort: one_of(FinderForm.base_fields["sort"].choices) | None = None
    page: str = "1"


@functools.cache
def finder_endpoint():
    """The finder answer's schema and the endpoint function, built once the page types
    are: its results are specialists' summary cards (the list's, search's and expanded
    relations' one shape). GraphQL answers through the same pair."""
    card = page_type(SpecialistPage).summary_schema

    class FinderResultOut(Schema):
        """A specialist found, and how far from ``near`` (``null`` without it)."""

        distance_km: float | None
        specialist: card

    class FinderOut(Schema):
        locale: str
        count: int
        page: int
        num_pages: int
        per_page: int
        sort: str
        near: PlaceOut | None
        facets: dict[str, list[FacetOptionOut]]
        results: list[FinderResultOut]

    def find(request, filters: Query[FinderParams]):
        reader = requested_locale(filters.locale)
        params = {
            name: value for name, value in filters.model_dump(exclude={"locale"}).items() if value
        }
        with translation.override(reader.language_code):
            result = find_specialists(params, reader, card_details=False)
            reject_invalid(result.errors)
            if result.search_unavailable:
                raise SearchUnavailable
            place = result.place
            cards = serialize_pages(
                [found.page for found in result.cards], ReadContext(request, locale=reader)
            )
            return {
                "locale": reader.language_code,
                "count": result.count,
                "page": result.page_number,
                "num_pages": result.num_pages,
                "per_page": PER_PAGE,
                "sort": result.sort,
                "near": vars(place) if place else None,
                "facets": {
                    name: [vars(option) for option in options]
                    for name, options in result.facets.items()
                },
                "results": [
                    {"distance_km": _rounded(found.distance_km), "specialist": card}
                    for found, card in zip(result.cards, cards, strict=True)
                ],
            }

    return FinderOut, find


def build_finder_router():
    answer, find = finder_endpoint()
    finder_router = Router(tags=["specialists"])
    finder_router.get(
        "/",
        response=answer,
        auth=reader_auth,
        url_name="cms_specialist_finder",
        operation_id="find_specialists",
        summary="Find specialists: the finder page's filters, counts and distances",
        description=(
            "Filters as on the finder page: `q`, `topic`, `therapy`, `specialty` (ids in "
            "any language), `country`, `region`, `city`, `language`, `kind`, `near` (town "
            "or postcode) with `radius` (km), `sort` (`distance` needs `near`), `page` "
            f"({PER_PAGE} results each). Every facet lists its options with counts under "
            "the other filters. A bad value is a 422 that names the parameter. Each result "
            "is the specialist's summary card, as in the page list."
        ),
    )(find)
    return finder_router


def _rounded(distance):
    return round(distance, 1) if distance is not None else None


def register():
    register_page_type(SpecialistIndexPage, summary=["introduction"])
    register_page_type(
        SpecialistPage,
        summary=["kind", "focus", "city", "region", "country", "latitude", "longitude", "photo"],
        writable=True,
        filters=["kind", "country", "city"],
    )
    add_page_field(SpecialistPage, "display_name", str, display_names, summary=True)
    add_page_field(SpecialistPage, "specialties", list[SpecialtyOut], specialties_of, summary=True)
    add_page_field(SpecialistPage, "topics", list[PageLink], topics_of)
    add_page_field(SpecialistPage, "therapies", list[PageLink], therapies_of)
    add_page_field(SpecialistPage, "languages", list[SpokenLanguage], languages_of, summary=True)
    add_page_field(
        TopicPage, "specialists", list[PageLink], _specialists_linked(SpecialistTopic, "topic")
    )
    add_page_field(
        TherapyPage,
        "specialists",
        list[PageLink],
        _specialists_linked(SpecialistTherapy, "therapy"),
    )
    add_router("/specialties/", router)
    add_router("/specialists/find/", build_finder_router)
