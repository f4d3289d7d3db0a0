"""Search understands the words of each language: stems, German compounds, synonyms,
spellings without umlauts (issue 16, item 5), on SQLite and PostgreSQL alike."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.rich_text import RichText

from search.models import SearchSynonym
from search.service import site_search
from topics.models import TopicIndexPage

from ..factories import TopicPageFactory
from .helpers import locale, search_url


@pytest.fixture
def topic(db, django_capture_on_commit_callbacks):
    """``topic(language, title, summary, text)``: a live topic, indexed (after commit)."""

    def make(language, title, summary, text=""):
        index = TopicIndexPage.objects.get(locale__language_code=language)
        with django_capture_on_commit_callbacks(execute=True):
            return TopicPageFactory(
                parent=index,
                title=title,
                summary=summary,
                body__0__heading__text=title,
                body__1__paragraph__value=RichText(f"<p>{text}</p>"),
            )

    return make


def found(query, language, page):
    outcome = site_search({"q": query}, locale(language), per_page=100, record=False)
    return page.pk in {hit.page.pk for hit in outcome.hits}


@pytest.fixture
def german_topic(topic):
    SearchSynonym.objects.create(
        locale=locale("de"), terms="Lebenserwartung = Prognose = Überlebenszeit"
    )
    return topic(
        "de",
        "Tochtergeschwülste im Quallenorgan",
        "Lebermetastasen sind Absiedlungen eines Tumors in der Leber.",
        "Operation: die beste Chance auf Heilung. Die Prognose hängt von der Zahl der Herde ab.",
    )


@pytest.mark.parametrize(
    "query",
    [
        "Lebermetastase",  # singular of the page's plural: the stem
        "Heilungschancen",  # compound of two words on the page: Heilung, Chance
        "Lebensserwartung",  # misspelt synonym of "Prognose" (Lebenserwartung)
        "Lebenserwartung",
        "lebermetastasen heilungschancen",
    ],
)
def test_issue_words_find_the_german_topic(german_topic, query):
    assert found(query, "de", german_topic)


def test_a_compound_needs_both_parts_on_the_page(topic):
    only_one_part = topic("de", "Wundheilung", "Heilung einer Wunde ohne Komplikationen.")

    assert found("Wundheilung", "de", only_one_part)
    assert not found("Heilungschancen", "de", only_one_part)


def test_the_excerpt_marks_the_compound_parts_found(german_topic):
    outcome = site_search({"q": "Heilungschancen"}, locale("de"), per_page=100, record=False)
    hit = next(hit for hit in outcome.hits if hit.page.pk == german_topic.pk)

    assert "<mark>Chance</mark>" in hit.excerpt and "<mark>Heilung</mark>" in hit.excerpt


@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("en", "Liver resections for capybaras.", "capybara resection"),
        ("fr", "Les chimiothérapies des capybaras.", "capybara chimiothérapie"),
        ("it", "Le chemioterapie dei capibara.", "capibara chemioterapia"),
        ("de", "Chemotherapien für Wasserschweine.", "Wasserschwein Chemotherapie"),
    ],
)
def test_inflected_forms_find_each_other_in_each_language(topic, language, text, query):
    page = topic(language, "Rodents", text)

    assert found(query, language, page)


@pytest.mark.parametrize(
    ("page_words", "query"),
    [
        ("hepatozelluläres Karzinom bei Quallen", "Leberkrebs"),
        ("Leberkrebs bei Quallen", "hepatozelluläres Karzinom"),
        ("Leberkrebs bei Quallen", "HCC"),
    ],
)
def test_synonyms_work_in_both_directions(topic, page_words, query):
    SearchSynonym.objects.create(
        locale=locale("de"), terms="Leberkrebs = hepatozelluläres Karzinom = HCC"
    )
    page = topic("de", "Quallen", page_words)

    assert found(query, "de", page)


def test_a_synonym_matches_another_form_of_its_term(topic):
    SearchSynonym.objects.create(locale=locale("de"), terms="Quallenbiss = Nesselverletzung")
    page = topic("de", "Erste Hilfe", "Was tun bei einer Nesselverletzung?")

    outcome = site_search({"q": "Quallenbisse"}, locale("de"), per_page=100, record=False)

    assert page.pk in {hit.page.pk for hit in outcome.hits}
    assert outcome.synonyms == ["Nesselverletzung"]


def test_words_with_umlauts_are_found_in_plain_letters(topic):
    page = topic("de", "Größenmessung", "Die Größe der Herde wird gemessen.")

    for query in ("Größe", "Grösse", "Groesse", "Grosse"):
        assert found(query, "de", page), query


def test_language_handling_costs_no_extra_query(german_topic, settings):
    settings.PAGE_CACHE_VERSION_TTL = 3600  # the content version read once, not once a second

    def queries(text):
        with CaptureQueriesContext(connection) as captured:
            site_search({"q": text}, locale("de"), record=False)
        return len(captured.captured_queries)

    queries("Quallenorgan")  # synonyms and promotions are read once per content version
    # Compound splits and synonym variants are worked out in Python: the same queries.
    assert queries("Heilungschancen Lebensserwartung Lebermetastase") == queries("Quallenorgan")


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(['"', "*", "NEAR(", "-", "AND", "Heilungschancen", "Würschmidt"]),
            st.text("٣٤५௫0123456789", max_size=6),
            st.just("Lebensserwartung" * 20),
        ),
        max_size=12,
    ).map(" ".join),
    st.sampled_from(["de", "en", "fr", "it"]),
)
def test_any_text_gives_the_same_answer_twice_without_error(client, text, language):
    first = site_search({"q": text}, locale(language), record=False)
    second = site_search({"q": text}, locale(language), record=False)

    assert not first.unavailable
    assert (first.count, [hit.page.pk for hit in first.hits]) == (
        second.count,
        [hit.page.pk for hit in second.hits],
    )
    # A NUL is refused before the page runs (cms.null_characters); the service cleans it.
    expected = 400 if "\x00" in text else 200
    assert client.get(search_url(language), {"q": text}).status_code == expected
