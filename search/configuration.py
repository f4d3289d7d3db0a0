"""What editors configure for search, read once per content version instead of per search.

Synonym groups, promotions and the site's languages change only when an editor saves a
synonym snippet, a promotion or a locale, and each of those saves bumps the content
version (``cms.signals``). So they are read in three queries once per version and
remembered per content version (``cms.site_config.remembered``); a search reads them
from there.
"""

from dataclasses import dataclass

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale

from cms.search_terms import WORD
from cms.site_config import remembered

from .models import SearchSynonym


@dataclass(frozen=True)
class Promotion:
    page_id: int
    description: str


@dataclass(frozen=True)
class SearchConfiguration:
    locales: tuple  # every Locale, by language code
    synonyms: tuple  # (locale id, ((word, ...), ...)) per synonym group of 2+ terms
    promotions: dict  # normalised query string -> (Promotion, ...) in editors' order


def configuration():
    return remembered("search-configuration", _read)


def _read():
    synonyms = []
    for synonym in SearchSynonym.objects.order_by("pk"):
        group = [tuple(WORD.findall(term)) for term in synonym.term_list()]
        group = tuple(words for words in group if words)
        if len(group) > 1:
            synonyms.append((synonym.locale_id, group))
    promotions = {}
    picks = (
        SearchPromotion.objects.filter(page__isnull=False)
        .order_by("sort_order", "pk")
        .values_list("query__query_string", "page_id", "description")
    )
    for query_string, page_id, description in picks:
        promotions.setdefault(query_string, []).append(Promotion(page_id, description))
    return SearchConfiguration(
        locales=tuple(Locale.objects.order_by("language_code")),
        synonyms=tuple(synonyms),
        promotions={query: tuple(picks) for query, picks in promotions.items()},
    )
