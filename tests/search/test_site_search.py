"""Site search as visitors use it: per language, faceted, with synonyms and promotions."""

import pytest

from django.conf import settings

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from home.models import ContentPage
from search import statistics
from search.models import SearchQueryDay
from search.service import site_search
from topics.models import TherapyPage, TopicPage

from ..utils import page_in
from .helpers import locale, search_page

QUERIES = {"en": "liver", "de": "Lebermetastasen", "fr": "métastases", "it": "metastasi"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", QUERIES)
def test_search_returns_only_pages_in_the_visitors_language(client, language):
    result = search_page(client, language, q=QUERIES[language])

    assert result["count"] >= 3
    assert result["links"]
    assert all(url.startswith(f"/{language}/") for url, _title in result["links"])
    urls = {url for url, _title in result["links"]}
    assert page_in(TopicPage, language).url in urls


@pytest.mark.django_db
def test_all_languages_option_finds_other_languages(client):
    result = search_page(client, "en", q="RFA", lang="all")

    languages = {url.split("/")[1] for url, _title in result["links"]}
    # One page of hits: every language has RFA pages, so at least three other languages.
    assert len(languages - {"en"}) >= 3
    assert languages <= {code for code, _name in settings.LANGUAGES}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_facet_counts_match_the_results_of_each_type(client, language):
    query = {"en": "chemotherapy", "de": "Chemotherapie"}[language]
    everything = search_page(client, language, q=query)

    assert sum(everything["facets"].values()) == everything["count"]
    assert everything["facets"]["therapies"] >= 2
    for key, expected in everything["facets"].items():
        filtered = search_page(client, language, q=query, type=key)
        assert filtered["count"] == expected
        assert len(filtered["links"]) == expected
        assert f'data-type="{key}"' in filtered["html"]
        assert (
            filtered["html"].count('class="search-result ')
            + filtered["html"].count('class="search-result"')
            == expected
        )


@pytest.mark.django_db
def test_type_facet_lists_therapy_pages_only(client):
    therapies = search_page(client, "en", q="chemotherapy", type="therapies")

    therapy_urls = {page.url for page in TherapyPage.objects.live().filter(locale=locale("en"))}
    assert {url for url, _title in therapies["links"]} <= therapy_urls


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query", "other_term"),
    [
        ("en", "liver secondaries", "Liver metastases"),
        ("de", "Leberfiliae", "Lebermetastasen"),
        ("fr", "métastases du foie", "Métastases hépatiques"),
        ("it", "metastasi al fegato", "Metastasi epatiche"),
        ("en", "chemo", "chemotherapy"),
    ],
)
def test_a_synonym_finds_the_page_that_uses_the_other_term(client, language, query, other_term):
    result = search_page(client, language, q=query)

    titles = [title for _url, title in result["links"]]
    assert any(other_term.lower() in title.lower() for title in titles), titles
    assert "Also searched for" in result["html"] or language != "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("en", "chemotherapy"),
        ("de", "Chemotherapie"),
        ("fr", "chimiothérapie"),
        ("it", "chemioterapia"),
    ],
)
def test_promoted_result_comes_first(client, language, query):
    topic = page_in(TopicPage, language)

    result = search_page(client, language, q=query)

    assert result["links"][0][0] == topic.url
    assert "search-result--promoted" in result["html"].split(topic.url)[0]
    assert sum(1 for url, _title in result["links"] if url == topic.url) == 1


@pytest.mark.django_db
def test_promotion_for_another_language_is_not_shown(client):
    german_topic = page_in(TopicPage, "de")
    SearchPromotion.objects.create(query=Query.get("resection"), page=german_topic, sort_order=0)

    result = search_page(client, "en", q="resection")

    assert german_topic.url not in {url for url, _title in result["links"]}


@pytest.mark.django_db
def test_zero_result_queries_are_recorded_per_language(client):
    search_page(client, "de", q="Quallenstich")
    search_page(client, "de", q="Quallenstich")
    search_page(client, "de", q="Lebermetastasen")
    statistics.flush()

    zero = SearchQueryDay.objects.get(query_string="quallenstich", locale=locale("de"))
    found = SearchQueryDay.objects.get(query_string="lebermetastasen", locale=locale("de"))
    assert (zero.searches, zero.zero_results) == (2, 2)
    assert (found.searches, found.zero_results) == (1, 0)
    assert Query.get("quallenstich").hits == 2


@pytest.mark.django_db
def test_results_mark_the_searched_words_and_escape_page_text(client):
    result = search_page(client, "en", q="liver")

    assert "<mark>liver</mark>" in result["html"].lower()


@pytest.mark.django_db
def test_excerpt_escapes_editor_text_before_marking():
    from search.excerpts import excerpt

    text = excerpt(["<b>Liver</b> & <script>alert(1)</script> liver"], ["liver"])

    assert "<script>" not in text
    assert "&lt;b&gt;<mark>Liver</mark>&lt;/b&gt; &amp; &lt;script&gt;" in text


@pytest.mark.django_db
def test_pagination_keeps_the_query_and_shows_the_next_page(
    client, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            home.add_child(
                instance=ContentPage(title=f"Quokka note {number}", slug=f"quokka-{number}")
            )

    first = search_page(client, "en", q="quokka")
    second = search_page(client, "en", q="quokka", page=2)

    assert first["count"] == second["count"] == 12
    assert len(first["links"]) == 10 and len(second["links"]) == 2
    assert not {u for u, _ in first["links"]} & {u for u, _ in second["links"]}
    assert 'href="?q=quokka&amp;page=2"' in first["html"]


@pytest.mark.django_db
def test_drafts_and_private_pages_never_appear(client, home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        home.add_child(
            instance=ContentPage(title="Zebracorn draft", slug="zebracorn-draft", live=False)
        )
        private = home.add_child(
            instance=ContentPage(title="Zebracorn private", slug="zebracorn-private")
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )

    result = search_page(client, "en", q="zebracorn")
    outcome = site_search({"q": "zebracorn"}, locale("en"), record=False)

    assert result["count"] == 0
    assert outcome.count == 0 and outcome.hits == []


@pytest.mark.django_db
def test_query_count_does_not_grow_with_results(
    client,
    home,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
    settings,
    no_page_cache,
):
    settings.PAGE_CACHE_VERSION_TTL = 3600  # the content version read once, not once a second
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(10):
            home.add_child(instance=ContentPage(title=f"Wombat {number}", slug=f"wombat-{number}"))
        home.add_child(instance=ContentPage(title="Numbat", slug="numbat"))
    client.get("/en/search/", {"q": "numbat"})  # synonyms and promotions: once per version

    with django_assert_max_num_queries(15) as one_result:
        client.get("/en/search/", {"q": "numbat"})
    with django_assert_max_num_queries(len(one_result.captured_queries)):
        client.get("/en/search/", {"q": "wombat"})


@pytest.mark.django_db
def test_suggestions_as_json_and_as_links(client):
    as_json = client.get("/en/search/suggestions/", {"q": "liv", "format": "json"}).json()
    as_html = client.get("/en/search/suggestions/", {"q": "liv"}).content.decode()

    titles = {item["title"] for item in as_json["suggestions"]}
    assert "Liver metastases" in titles
    assert 'href="/en/topics/liver-metastases/"' in as_html


@pytest.mark.django_db
def test_search_page_offers_suggestions_without_javascript(client):
    html = client.get("/en/search/", {"q": "liv"}).content.decode()

    assert '<datalist id="search-suggestions">' in html
    assert '<option value="Liver metastases">' in html
    assert 'href="/en/search/suggestions/?q=liv"' in html


@pytest.mark.django_db
def test_repeated_searches_are_all_recorded(client):
    for _attempt in range(3):
        client.get("/en/search/", {"q": "quokka"})
    statistics.flush()

    row = SearchQueryDay.objects.get(query_string="quokka")
    assert (row.searches, row.zero_results) == (3, 3)


@pytest.mark.django_db
def test_broken_search_index_gives_a_helpful_page_and_the_site_keeps_working(client, no_page_cache):
    from django.db import connection

    from topics.models import TopicPage

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE wagtailsearch_indexentry RENAME TO broken_indexentry")

    response = client.get("/en/search/", {"q": "liver"})
    page = client.get(TopicPage.objects.get(locale__language_code="en").url)

    assert response.status_code == 200
    assert "Search is temporarily unavailable" in response.content.decode()
    assert page.status_code == 200


@pytest.mark.django_db
def test_broken_search_index_is_a_503_in_the_api_and_the_rest_keeps_working(client, no_page_cache):
    from django.db import connection

    from topics.models import TopicPage

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE wagtailsearch_indexentry RENAME TO broken_indexentry")
    topic = TopicPage.objects.get(locale__language_code="de")

    search = client.get("/api/v3/search/", {"q": "Leber", "locale": "de"})
    detail = client.get(f"/api/v3/pages/{topic.pk}/")
    finder = client.get("/api/v3/specialists/find/", {"locale": "de", "country": "CH"})

    assert search.status_code == 503
    assert search["Content-Type"] == "application/problem+json"
    assert search["Retry-After"] == "60"
    assert "vorübergehend nicht verfügbar" in search.json()["detail"]
    assert detail.status_code == 200 and detail.json()["title"] == "Lebermetastasen"
    assert finder.status_code == 200 and finder.json()["count"] > 0


@pytest.mark.django_db
def test_editors_changes_reach_the_next_search(client, home, django_capture_on_commit_callbacks):
    """Synonyms, promotions and view restrictions are cached per content version: a search
    right after an editor saves one already uses it."""
    from search.models import SearchSynonym

    with django_capture_on_commit_callbacks(execute=True):
        page = home.add_child(instance=ContentPage(title="Okapi care", slug="okapi-care"))
    assert search_page(client, "en", q="okapi")["count"] == 1
    assert search_page(client, "en", q="forest giraffe")["count"] == 0

    SearchSynonym.objects.create(locale=locale("en"), terms="okapi = forest giraffe")
    SearchPromotion.objects.create(query=Query.get("forest giraffe"), page=page, sort_order=0)
    result = search_page(client, "en", q="forest giraffe")
    assert result["links"][0][0] == page.url
    assert "search-result--promoted" in result["html"]

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert search_page(client, "en", q="okapi")["count"] == 0
    assert search_page(client, "en", q="forest giraffe")["links"] == []
