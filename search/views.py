"""Site search pages: results and search-box suggestions, both usable without JavaScript."""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from cms.i18n import active_locale
from cms.search_terms import UNAVAILABLE_MESSAGE, SearchUnavailable

from .service import site_search, suggestions


def search(request):
    outcome = site_search(request.GET, active_locale())
    alternatives = []
    if outcome.searched and not outcome.count and not outcome.unavailable:
        try:
            alternatives = suggestions(outcome.query, outcome.locale)
        except SearchUnavailable:
            outcome.unavailable = True
            outcome.messages.append(str(UNAVAILABLE_MESSAGE))
    return TemplateResponse(
        request,
        "search/search.html",
        {"outcome": outcome, "search_query": outcome.query, "alternatives": alternatives},
    )


def suggest(request):
    """Titles that start like ``q``: JSON for the search box script, a list of links otherwise."""
    query = request.GET.get("q", "")
    try:
        pages, unavailable, status = suggestions(query, active_locale()), "", 200
    except SearchUnavailable:
        pages, unavailable, status = [], str(UNAVAILABLE_MESSAGE), 503
    if request.GET.get("format") == "json":
        found = [{"title": page.title, "url": page.get_url(request)} for page in pages]
        body = {"suggestions": found}
        if unavailable:
            body["message"] = unavailable
        return JsonResponse(body, status=status)
    return TemplateResponse(
        request,
        "search/suggest.html",
        {"search_query": query[:200], "pages": pages, "unavailable": unavailable},
        status=status,
    )
