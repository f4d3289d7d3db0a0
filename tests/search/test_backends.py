"""The search backends: SQLite ranks in one FTS5 pass; PostgreSQL stems per language."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from home.models import ContentPage
from search.service import site_search

from .helpers import locale


@pytest.mark.django_db
def test_settings_use_our_backend_for_the_database():
    if connection.vendor == "sqlite":
        from search.backends.sqlite import FTS5RankSearchBackend as expected
    else:
        from search.backends.postgres import LocalePostgresSearchBackend as expected

    assert isinstance(get_search_backend(), expected)


@pytest.mark.django_db
def test_ranking_puts_the_page_titled_with_the_word_first():
    pages = Page.objects.live().filter(locale=locale("en"))

    results = list(get_search_backend().search("resection", pages))

    assert results[0].title == "Liver resection"


@pytest.mark.django_db
def test_ranking_costs_a_fixed_number_of_queries_whatever_the_number_of_hits(
    home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(30):
            home.add_child(
                instance=ContentPage(title=f"Capybara {number}", slug=f"capybara-{number}")
            )
    pages = Page.objects.live().filter(locale=locale("en"))

    with CaptureQueriesContext(connection) as queries:
        results = get_search_backend().search("capybara", pages)
        first_page = list(results[:10])
        total = results.count()

    assert (len(first_page), total) == (10, 30)
    assert len(queries.captured_queries) <= 3  # ranked ids, their pages, the count
    if connection.vendor != "sqlite":
        return
    ranked = [q["sql"] for q in queries.captured_queries if "bm25(" in q["sql"]]
    assert len(ranked) == 1
    assert "CROSS JOIN" in ranked[0] and "LIMIT 10" in ranked[0]
    assert ranked[0].count("MATCH") == 1  # no per-row subquery repeating the match
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + ranked[0].replace("%", "%%"))
        plan = [row[-1] for row in cursor.fetchall()]
    assert plan[0].startswith("SCAN wagtailsearch_indexentry_fts VIRTUAL TABLE")
    # Each match is looked up by key (``EXISTS``): nothing but the FTS table is scanned,
    # and no list of every candidate page is built (its cost grew with the site).
    assert [step for step in plan if step.startswith("SCAN")] == [plan[0]]
    assert not any(step.startswith("LIST SUBQUERY") for step in plan)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_facet_counts_each_found_page_of_the_queryset_once(language):
    """Counted over the matches, each looked up by key (``facet_counts``): the counts
    are those of the pages found, in the queryset's language only."""
    pages = Page.objects.live().filter(locale=locale(language))
    results = get_search_backend().search("liver OR leber", pages, operator="or")
    found = list(results)
    expected = {}
    for page in found:
        expected[page.content_type_id] = expected.get(page.content_type_id, 0) + 1

    with CaptureQueriesContext(connection) as queries:
        counts = results.facet("content_type_id")

    assert found and counts == expected
    assert list(counts.values()) == sorted(counts.values(), reverse=True)
    assert len(queries.captured_queries) == 1
    if connection.vendor == "sqlite":  # no pass over every page of the language
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + queries.captured_queries[0]["sql"])
            plan = [row[-1] for row in cursor.fetchall()]
        assert not any(step.startswith(("LIST SUBQUERY", "SCAN wagtailcore_page")) for step in plan)
        assert not any("USING INDEX" in step and "wagtailcore_page" in step for step in plan)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("start", "stop"), [(0, 10), (0, 3), (2, 5), (40, 50)])
def test_a_slices_ids_and_its_facet_are_those_read_apart(language, start, stop):
    """The site search's one pass (``ids_and_facet``, ``search.backends.one_pass``)
    answers what the ranked slice and the facet answer apart, with one full-text match."""
    pages = Page.objects.live().filter(locale=locale(language))
    results = get_search_backend().search("liver OR leber OR metastasen", pages, operator="or")
    if not hasattr(results, "ids_and_facet"):
        pytest.skip("a backend without a one-pass read")
    expected = ([page.pk for page in results[start:stop]], results.facet("content_type_id"))

    with CaptureQueriesContext(connection) as queries:
        both = results[start:stop].ids_and_facet("content_type_id")

    assert expected[1] and both == expected
    assert len(queries.captured_queries) == 1
    match = "MATCH" if connection.vendor == "sqlite" else "@@"
    assert queries.captured_queries[0]["sql"].count(match) == 1


@pytest.mark.django_db
def test_a_facet_of_a_field_that_is_not_a_number_keeps_its_type():
    pages = Page.objects.live().filter(locale=locale("en"))

    counts = get_search_backend().search("liver", pages).facet("live")

    assert counts and all(isinstance(value, bool) for value in counts)


@pytest.mark.django_db
def test_scores_and_unranked_order_still_work():
    pages = Page.objects.live().filter(locale=locale("en")).order_by("title")

    scored = list(get_search_backend().search("liver", pages).annotate_score("score"))
    unranked = list(get_search_backend().search("liver", pages, order_by_relevance=False))

    assert scored == sorted(scored, key=lambda page: -page.score)
    assert [page.title for page in unranked] == sorted(page.title for page in unranked)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("de", "Chemotherapien"),
        ("en", "resections"),
        ("fr", "chimiothérapies"),
        ("it", "metastasi"),
    ],
)
def test_stemming_per_language(language, query):
    """PostgreSQL stems in the database; on SQLite ``search.analysis`` indexes the stems."""
    outcome = site_search({"q": query}, locale(language), record=False)

    assert outcome.count > 0


@pytest.mark.django_db
def test_index_entries_use_each_pages_language_on_postgresql():
    from wagtail.search.models import IndexEntry

    from topics.models import TopicPage

    german = TopicPage.objects.get(locale__language_code="de")
    entry = IndexEntry.objects.get(object_id=str(german.pk), content_type_id=german.content_type_id)

    if connection.vendor == "postgresql":
        # The German stemmer reduces "Lebermetastasen" to "lebermetastas"; English would not.
        assert "'lebermetastas'" in str(entry.title)
    else:
        # SQLite FTS5 stores the words as written, followed by their German stems.
        assert "Lebermetastasen" in str(entry.title)
        assert "lebermetastas" in str(entry.title).split()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_full_text_match_uses_the_title_body_index():
    """``(title || body) @@ query`` must not scan every index entry (see migration 0002)."""
    root = Page.get_first_root_node()
    for n in range(30):
        root.add_child(instance=ContentPage(title=f"Page {n}", slug=f"page-{n}", summary="x"))
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('german', 'leber')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")

    assert "search_indexentry_title_body_gin" in plan


@pytest.mark.django_db
def test_the_title_body_index_exists_only_on_postgresql():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE indexname = 'search_indexentry_title_body_gin'"
            )
            assert cursor.fetchone() is not None
        else:
            tables = connection.introspection.table_names(cursor)
            assert "wagtailsearch_indexentry" in tables
