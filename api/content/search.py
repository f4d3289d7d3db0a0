"""Site search for apps: the same results, facets and messages as the search page."""

import functools

from ninja import Router, Schema

from django.utils import translation

from api import add_router
from api.auth import reader_auth
from api.context import ReadContext
from api.page_query import in_order
from api.pagetypes import serialize_pages, union
from api.params import one_of, reject_invalid, requested_locale
from cms.search_terms import SearchUnavailable
from search.service import LANGUAGE_OPTIONS, PER_PAGE, TYPES, site_search


class SearchFacetOut(Schema):
    key: str
    label: str
    count: int
    selected: bool


@functools.cache
def endpoint():
    """The search answer's schema and the endpoint function, built once the page types
    are: each hit carries the page's summary card (the list's, the finder's and expanded
    relations' one shape per type). GraphQL answers through the same pair."""
    card = union("summary_schema")

    class SearchHitOut(Schema):
        """A page found: its summary card, the facet it counts in and the marked excerpt."""

        type: str
        excerpt_html: str
        promoted: bool
        page: card

    class SearchOut(Schema):
        query: str
        locale: str
        all_languages: bool
        type: str
        count: int
        page: int
        num_pages: int
        per_page: int
        facets: list[SearchFacetOut]
        synonyms: list[str]
        messages: list[str]
        results: list[SearchHitOut]

    def search(
        request,
        q: str = "",
        locale: str | None = None,
        type: one_of(TYPES) | None = None,  # noqa: A002 - the public parameter name
        lang: one_of(LANGUAGE_OPTIONS) | None = None,
        page: str = "1",
    ):
        language = requested_locale(locale)
        params = {"q": q, "type": type or "", "lang": lang or "", "page": page}
        with translation.override(language.language_code):
            outcome = site_search(params, language)
            reject_invalid(outcome.errors)
            if outcome.unavailable:
                raise SearchUnavailable
            reader = None if outcome.all_languages else language
            pages = in_order([hit.page for hit in outcome.hits])
            cards = {
                card["id"]: card
                for card in serialize_pages(pages, ReadContext(request, locale=reader))
            }
            return {
                "query": outcome.query,
                "locale": language.language_code,
                "all_languages": outcome.all_languages,
                "type": outcome.type,
                "count": outcome.count,
                "page": outcome.page_number,
                "num_pages": outcome.num_pages,
                "per_page": PER_PAGE,
                "facets": [vars(facet) | {"label": str(facet.label)} for facet in outcome.facets],
                "synonyms": outcome.synonyms,
                "messages": [str(message) for message in outcome.messages],
                "results": [
                    {
                        "type": hit.type,
                        "excerpt_html": str(hit.excerpt),
                        "promoted": hit.promoted,
                        "page": cards[hit.page.pk],
                    }
                    for hit in outcome.hits
                    if hit.page.pk in cards
                ],
            }

    return SearchOut, search


def build_router():
    answer, search = endpoint()
    router = Router(tags=["search"])
    router.get(
        "/",
        response=answer,
        auth=reader_auth,
        url_name="cms_search",
        operation_id="search",
        summary="Search the live pages of one language (or all, with lang=all)",
        description=(
            "Parameters as on the search page: `q` (words), `locale`, `type` "
            f"({', '.join(TYPES)}), `lang=all`, `page` ({PER_PAGE} results each). "
            "Unknown parameter values are a 422 that names the parameter; "
            "`excerpt_html` is escaped text with the matches in `<mark>`; `page` is the "
            "page's summary card, as in the page list."
        ),
    )(search)
    return router


def register():
    add_router("/search/", build_router)
