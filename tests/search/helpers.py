"""Read a search results page the way a visitor sees it."""

import re

from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

RESULT_LINK = re.compile(r'<h2 class="search-result__title"><a href="([^"]+)">([^<]+)</a>')
FACET = re.compile(r'data-facet="(\w+)"[^>]*>[^<]*<span class="facet-count">\((\d+)\)')
COUNT = re.compile(r'<p class="result-count" role="status" data-count="(\d+)">')


def search_url(language):
    with translation.override(language):
        return reverse("search")


def search_page(client, language, **params):
    response = client.get(search_url(language), params)
    assert response.status_code == 200
    html = response.content.decode()
    count = COUNT.search(html)
    return {
        "html": html,
        "links": RESULT_LINK.findall(html),
        "facets": {key: int(value) for key, value in FACET.findall(html)},
        "count": int(count.group(1)) if count else None,
    }


def locale(language):
    return Locale.objects.get(language_code=language)
