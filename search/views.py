"""Site search pages: results and search-box suggestions, both usable without JavaScript."""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from wagtail.models import Locale

from cms.page_cache import skip_page_cache

from .service import site_search, suggestions


@skip_page_cache
def search(request):
    outcome = site_search(request.GET, Locale.get_active())
    alternatives = []
    if outcome.searched and not outcome.count:
        alternatives = suggestions(outcome.query, outcome.locale)
    return TemplateResponse(
        request,
        "search/search.html",
        {"outcome": outcome, "search_query": outcome.query, "alternatives": alternatives},
    )


def suggest(request):
    """Titles that start like ``q``: JSON for the search box script, a list of links otherwise."""
    query = request.GET.get("q", "")
    pages = suggestions(query, Locale.get_active())
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"suggestions": [{"title": page.title, "url": page.get_url(request)} for page in pages]}
        )
    return TemplateResponse(
        request, "search/suggest.html", {"search_query": query[:200], "pages": pages}
    )
