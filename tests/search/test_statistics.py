"""Search statistics: a search writes nothing; the flush writes every counted search once."""

import re
import threading
from io import StringIO

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search import statistics
from search.models import SearchQueryDay

from .helpers import locale, search_page

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _writes(captured):
    return [query["sql"] for query in captured.captured_queries if WRITE.match(query["sql"])]


def _flush():
    out = StringIO()
    call_command("flush_search_statistics", stdout=out)
    return out.getvalue()


def _day(query_string, language):
    row = SearchQueryDay.objects.get(query_string=query_string, locale=locale(language))
    return row.searches, row.zero_results


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/search/?q=liver",
        "/de/suche/?q=Quallenstich",
        "/en/search/?q=liver&lang=all",
        "/api/v3/search/?q=Leber&locale=de",
        "/api/v3/search/?q=liver&lang=all",
    ],
)
def test_a_search_writes_nothing_and_the_flush_writes_it(client, no_page_cache, path):
    client.get(path)  # the first search of a query is no different from the next
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)

    assert response.status_code == 200
    assert _writes(captured) == []
    assert not SearchQueryDay.objects.exists()

    assert _flush() == "2 searches written\n"
    row = SearchQueryDay.objects.get()
    assert row.searches == 2
    assert QueryDailyHits.objects.get(query=Query.get(row.query_string)).hits == 2


@pytest.mark.django_db
def test_the_flush_counts_per_language_and_zero_results(client):
    search_page(client, "de", q="Quallenstich")
    search_page(client, "de", q="quallenstich ")  # the same query, normalised
    search_page(client, "en", q="Quallenstich")
    search_page(client, "de", q="Lebermetastasen")
    _flush()

    assert _day("quallenstich", "de") == (2, 2)
    assert _day("quallenstich", "en") == (1, 1)
    assert _day("lebermetastasen", "de") == (1, 0)
    assert Query.get("quallenstich").hits == 3


@pytest.mark.django_db
def test_searches_after_a_flush_are_added_once(client):
    search_page(client, "en", q="quokka")
    search_page(client, "en", q="quokka")
    _flush()
    search_page(client, "en", q="quokka")

    assert _flush() == "1 searches written\n"
    assert _flush() == "0 searches written\n"
    assert _day("quokka", "en") == (3, 3)
    assert Query.get("quokka").hits == 3


@pytest.mark.django_db
def test_pages_after_the_first_and_type_filters_are_not_counted(client):
    search_page(client, "en", q="liver", page="2")
    search_page(client, "en", q="liver", type="therapies")
    _flush()

    assert not SearchQueryDay.objects.exists()


@pytest.mark.django_db
def test_new_queries_beyond_the_daily_limit_are_not_kept(client, settings):
    settings.SEARCH_STATISTICS_MAX_QUERIES_PER_DAY = 2
    for word in ("aardvark", "bandicoot", "capybara", "dugong", "aardvark"):
        search_page(client, "en", q=word)
    _flush()

    assert set(SearchQueryDay.objects.values_list("query_string", "searches")) == {
        ("aardvark", 2),
        ("bandicoot", 1),
    }
    store = caches[statistics.CACHE_ALIAS]
    assert store.get(statistics._key(statistics.timezone.localdate(), "query", 3)) is None


@pytest.mark.django_db
def test_concurrent_searches_on_redis_are_all_counted(redis_server, db):
    """Workers counting the same new queries at once (Redis: atomic add and incr)."""
    _process, port = redis_server
    caches_setting = {
        **caches.settings,
        statistics.CACHE_ALIAS: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        },
    }
    locale("en")  # the flush writes rows of existing languages only
    threads, rounds = 8, 25
    with override_settings(CACHES=caches_setting):
        start = threading.Barrier(threads)

        def search():
            start.wait()
            for number in range(rounds):
                statistics.count_search("en", "liver", result_count=4)
                statistics.count_search("en", f"query {number % 5}", result_count=0)

        workers = [threading.Thread(target=search) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        written = statistics.flush()
        caches[statistics.CACHE_ALIAS].clear()

    assert written == 2 * threads * rounds
    assert _day("liver", "en") == (threads * rounds, 0)
    for number in range(5):
        assert _day(f"query {number}", "en") == (threads * rounds // 5, threads * rounds // 5)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/search/?q=liver", "/api/v3/search/?q=Leber&locale=de"])
def test_a_search_answered_from_the_page_cache_is_counted_and_writes_nothing(client, path):
    """Searches are stored like pages; a stored answer stands for a visitor's search too."""
    assert client.get(path)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)

    assert response["X-Page-Cache"] == "hit"
    assert _writes(captured) == []
    assert _flush() == "2 searches written\n"
    assert SearchQueryDay.objects.get().searches == 2


@pytest.mark.django_db
def test_only_the_first_page_of_an_unfiltered_search_is_counted_on_hits_too(client):
    for _ in range(2):
        client.get("/en/search/", {"q": "liver", "page": "2"})
        client.get("/en/search/", {"q": "liver", "type": "therapies"})

    assert _flush() == "0 searches written\n"
