"""Long finder facets are text fields: typed words resolve to the filter, never to a 500."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.search_terms import fold
from specialists import facet_names
from specialists.models import SpecialistPage
from topics.models import TopicPage

from ..utils import page_in
from .helpers import finder_page

SUGGESTION = re.compile(r'<div class="finder__suggestions".*?</div>', re.S)


@pytest.fixture
def long_facets(monkeypatch):
    """Every facet with an option counts as long (the demo has few)."""
    monkeypatch.setattr(facet_names, "LONG_FACET", 0)


@pytest.mark.django_db
def test_a_short_facet_stays_a_list(client):
    html = finder_page(client, "en")["html"]

    assert '<select id="finder-topic" name="topic">' in html
    assert 'name="topic_name"' not in html


@pytest.mark.django_db
def test_a_long_facet_is_a_text_field_with_a_label_and_a_hint(client, long_facets):
    html = finder_page(client, "en")["html"]

    assert '<select id="finder-city"' not in html
    assert '<label for="finder-city">Town</label>' in html
    assert 'id="finder-city" type="search" name="city_name" value=""' in html
    assert 'aria-describedby="finder-city-hint"' in html


@pytest.mark.django_db
def test_typing_a_topics_name_filters_like_choosing_it(client, long_facets):
    topic = page_in(TopicPage, "de")

    chosen = finder_page(client, "de", topic=topic.pk)
    typed = finder_page(client, "de", topic_name=f"  {topic.title.upper()} ")

    assert typed["count"] == chosen["count"] > 0
    assert typed["cards"] == chosen["cards"]
    # The field shows the chosen topic's name, whether chosen by link or typed.
    assert f'name="topic_name" value="{topic.title}"' in chosen["html"]


@pytest.mark.django_db
def test_typing_part_of_a_town_finds_it(client, long_facets):
    town = "Zürich"
    expected = SpecialistPage.objects.live().filter(locale__language_code="en", city=town)

    for typed in ("ZÜRI", "zuri", "Zuerich"):
        page = finder_page(client, "en", city_name=typed)

        assert page["count"] == expected.count() > 0, typed


@pytest.mark.django_db
def test_words_matching_several_offer_links_that_choose_one(client, long_facets):
    towns = SpecialistPage.objects.live().filter(locale__language_code="en")
    cities = sorted({city for city in towns.values_list("city", flat=True) if "n" in fold(city)})
    cities.sort(key=fold)
    assert len(cities) > 1

    page = finder_page(client, "en", city_name="N", kind="")
    box = SUGGESTION.search(page["html"]).group(0)
    links = re.findall(r'<a href="\?([^"]+)">([^<]+)</a>', box)

    assert [label for _query, label in links] == cities[: facet_names.MAX_SUGGESTIONS]
    query, label = links[0]
    chosen = client.get(f"/en/specialists/?{query.replace('&amp;', '&')}")
    assert chosen.status_code == 200
    assert "city_name" not in query
    assert finder_page(client, "en", city=label)["count"] == int(
        re.search(r'data-count="(\d+)"', chosen.content.decode()).group(1)
    )


@pytest.mark.django_db
def test_words_matching_nothing_are_explained(client, long_facets):
    page = finder_page(client, "en", therapy_name="Zzzyx")

    assert "Nothing matches “Zzzyx”" in page["html"]
    assert page["count"] == SpecialistPage.objects.live().filter(locale__language_code="en").count()


@pytest.mark.django_db
def test_too_long_words_are_refused_politely(client, long_facets):
    page = finder_page(client, "en", city_name="x" * 500)

    assert "at most 100 characters" in page["html"]


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=150))
def test_any_typed_words_get_an_answer(client, text):
    response = client.get(
        "/de/spezialisten/", {"topic_name": text, "city_name": text, "specialty_name": text}
    )

    assert response.status_code in (200, 400)
