"""The specialist finder: counts, filters, facets, distance, and what it never shows."""

from math import ceil

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale, PageViewRestriction

from specialists import finder as finder_module
from specialists.finder import find_specialists
from specialists.geo import distance_km, find_place
from specialists.models import SPOKEN_LANGUAGES, SpecialistIndexPage, SpecialistPage, Specialty
from topics.models import TherapyPage, TopicPage

from ..utils import page_in
from .helpers import finder_page, options


def english(**filters):
    return SpecialistPage.objects.live().filter(locale__language_code="en", **filters)


def therapy(language, slug_en):
    source = TherapyPage.objects.get(locale__language_code="en", slug=slug_en)
    return source.get_translation(Locale.objects.get(language_code=language))


COMBINATIONS = [
    {},
    {"country": "CH"},
    {"country": "AT", "kind": "physician"},
    {"kind": "clinic"},
    {"kind": "centre"},
    {"language": "it"},
    {"language": "fr", "country": "CH"},
    {"city": "Zürich"},
    {"region": "Hessen"},
    {"q": "Brunner"},
    {"q": "oncology"},
    {"near": "Zürich", "radius": "100"},
    {"near": "Wien", "radius": "200", "kind": "physician"},
    {"near": "10117"},
    {"country": "DE", "q": "surgery", "sort": "name"},
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", COMBINATIONS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all"
)
def test_count_equals_the_listed_results(client, params):
    page = finder_page(client, "en", **params)

    assert page["count"] == len(page["cards"])
    assert page["count"] == find_specialists(params, Locale.objects.get(language_code="en")).count


@pytest.mark.django_db
def test_unfiltered_finder_lists_every_live_specialist(client):
    page = finder_page(client, "en")

    assert page["count"] == english().count() == 20


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("country", "CH"), ("kind", "clinic"), ("city", "Wien")]
)
def test_column_filters_match_the_database(client, field, value):
    page = finder_page(client, "en", **{field: value})

    assert page["count"] == english(**{field: value}).count() > 0


@pytest.mark.django_db
@pytest.mark.parametrize("value_language", ["en", "de", "fr", "it"])
def test_therapy_filter_works_with_any_languages_id(client, value_language):
    chosen = therapy(value_language, "liver-resection")

    page = finder_page(client, "en", therapy=chosen.pk)

    expected = english(therapy_links__therapy__slug="liver-resection").count()
    assert page["count"] == expected == 4
    selected = {
        value
        for value, (_l, _c, is_selected) in options(page["html"], "therapy").items()
        if is_selected
    }
    assert selected == {str(therapy("en", "liver-resection").pk)}


@pytest.mark.django_db
def test_german_finder_filters_by_specialty_and_shows_german_labels(client):
    radiotherapy = Specialty.objects.get(name="Radiotherapy", locale__language_code="en")

    page = finder_page(client, "de", specialty=radiotherapy.pk)

    assert page["count"] == 2
    labels = {label for label, _count, _selected in options(page["html"], "specialty").values()}
    assert "Strahlentherapie" in labels or "Radioonkologie" in labels or "Radiotherapie" in labels
    assert "Radiotherapy" not in labels


@pytest.mark.django_db
def test_topic_filter_names_the_topic(client):
    topic = page_in(TopicPage, "de")

    page = finder_page(client, "de", topic=topic.pk)

    assert f"Specialists in {topic.title}" in page["html"] or topic.title in page["html"]
    assert page["count"] == 20


@pytest.mark.django_db
def test_filter_options_show_only_existing_values_with_counts(client):
    html = finder_page(client, "en", kind="clinic")["html"]

    countries = options(html, "country")
    kinds = options(html, "kind")
    assert {value: count for value, (_label, count, _s) in countries.items()} == {"CH": 1, "DE": 1}
    assert kinds["clinic"] == ("Clinic", 2, True)
    assert kinds["physician"][1] == english(kind="physician").count()
    assert all(count > 0 or selected for _label, count, selected in countries.values())
    languages = options(html, "language")
    assert "ar" not in languages  # nobody speaks it: no empty option


@pytest.mark.django_db
@pytest.mark.parametrize("near", ["Zürich", "zurich", "Zurigo", "8091", "CH-8091"])
def test_distance_sort_puts_the_zurich_specialist_first(client, near):
    page = finder_page(client, "en", near=near, sort="distance")

    assert page["cards"][0][1] == "Prof. Dr Lea Brunner"
    assert page["distances"] == sorted(page["distances"])
    assert page["distances"][0] <= 5


@pytest.mark.django_db
def test_radius_limits_results_to_nearby_specialists(client):
    page = finder_page(client, "en", near="Zürich", radius="100")

    assert {name for _url, name in page["cards"]} == {
        "Prof. Dr Lea Brunner",
        "Dr Thomas Meier",
        "Aare Radiotherapy Clinic",
    }
    assert max(page["distances"]) <= 100


@pytest.mark.django_db
def test_state_is_in_the_url_and_pages_link_with_it(client, django_capture_on_commit_callbacks):
    page = finder_page(client, "en", country="DE", sort="name")

    assert 'value="DE" selected' in page["html"]
    assert [name for _u, name in page["cards"]] == sorted(
        (name for _u, name in page["cards"]),
        key=lambda name: (
            SpecialistPage.objects.get(title=name, locale__language_code="en").sort_name
        ),
    )


@pytest.mark.django_db
def test_pagination_when_many_specialists(client, locales):
    result = find_specialists({"page": "2"}, locales["en"], per_page=8)

    assert (result.count, result.page_number, result.num_pages) == (20, 2, 3)
    assert len(result.cards) == 8


@pytest.mark.django_db
def test_drafts_and_private_specialists_never_appear(client, django_capture_on_commit_callbacks):
    finder = SpecialistIndexPage.objects.get(locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        finder.add_child(
            instance=SpecialistPage(
                title="Dr Draft",
                family_name="Draft",
                focus="Hidden",
                city="Bern",
                country="CH",
                live=False,
            )
        )
        private = finder.add_child(
            instance=SpecialistPage(
                title="Dr Private", family_name="Private", focus="Hidden", city="Bern", country="CH"
            )
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )

    page = finder_page(client, "en", city="Bern")
    by_text = finder_page(client, "en", q="Hidden")

    assert [name for _u, name in page["cards"]] == ["Aare Radiotherapy Clinic"]
    assert by_text["count"] == 0


@pytest.mark.django_db
def test_query_count_does_not_grow_with_results(
    client, django_assert_max_num_queries, no_page_cache, settings
):
    settings.PAGE_CACHE_VERSION_TTL = 3600  # one version read, not one per second of a slow run
    # Warm per-process caches, the search backend's too (its first use checks the index).
    for params in ({"kind": "clinic", "country": "CH"}, {}, {"q": "Dr", "near": "Bern"}):
        finder_page(client, "en", **params)
    with django_assert_max_num_queries(60) as one:
        assert finder_page(client, "en", kind="clinic", country="CH")["count"] == 1
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert finder_page(client, "en")["count"] == 20
    # The free text adds the search itself (ranked ids and their pages), in a savepoint
    # so that a failing index leaves the request usable (cms.search_terms.search_guard).
    with django_assert_max_num_queries(len(one.captured_queries) + 4):
        assert finder_page(client, "en", q="Dr", near="Bern")["count"] > 1


@pytest.mark.django_db
def test_api_gets_errors_per_parameter(locales):
    result = find_specialists({"radius": "-5", "near": "Atlantis", "kind": "robot"}, locales["en"])

    assert set(result.errors) == {"radius", "near", "kind"}
    assert result.count == 20


def _in_order(links):
    """Links in their editors' order; those without one (imported) by id."""
    return sorted(links, key=lambda link: (link.sort_order is not None, link.sort_order, link.pk))


def _names(page):
    """What a specialist's own page lists: specialties in its language, languages spoken."""
    localized = {specialty.translation_key: specialty.name for specialty in page.specialties()}
    links = _in_order(page.specialty_links.select_related("specialty"))
    languages = dict(SPOKEN_LANGUAGES)
    return [localized[link.specialty.translation_key] for link in links], [
        str(languages[item.language]) for item in _in_order(page.spoken_languages.all())
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_cards_name_specialties_and_languages_as_the_profiles_do(locales, language):
    with translation.override(language):
        result = find_specialists({}, locales[language])

        assert result.cards
        for card in result.cards:
            assert (card.specialties, card.languages) == _names(card.page)
    assert any(card.specialties for card in result.cards)
    assert any(card.languages for card in result.cards)


@pytest.mark.django_db
def test_a_page_past_the_last_shows_the_last_with_its_cards_complete(locales):
    result = find_specialists({"page": "9"}, locales["en"], per_page=8)

    assert (result.page_number, result.num_pages, len(result.cards)) == (3, 3, 4)
    assert "page" in result.errors
    for card in result.cards:
        assert (card.specialties, card.languages) == _names(card.page)


@pytest.mark.django_db
def test_the_api_reads_no_card_names(locales):
    result = find_specialists({}, locales["en"], card_details=False)

    assert result.count == len(result.cards) == 20
    assert all(card.specialties == card.languages == [] for card in result.cards)


@pytest.mark.django_db
def test_the_topic_is_named_in_the_readers_language_whichever_id_was_chosen(locales):
    english_topic = page_in(TopicPage, "en")
    german_topic = english_topic.get_translation(locales["de"])

    result = find_specialists({"topic": str(english_topic.pk)}, locales["de"])

    assert (result.topic.pk, result.topic.title) == (german_topic.pk, german_topic.title)


@pytest.mark.django_db
def test_finder_queries(locales, django_assert_num_queries, steady_versions):
    """The finder's own queries, whatever is chosen: the count, the facets, the ids of
    the page of results and the cards' relations in one query, then that page's
    specialists by id (not when nobody matches); the chosen topic, therapy and specialty
    in one more; a chosen region or town is checked in one more."""
    topic = page_in(TopicPage, "de")
    chosen = {
        "topic": str(topic.pk),
        "therapy": str(therapy("de", "liver-resection").pk),
        "specialty": str(Specialty.objects.filter(locale=locales["en"]).first().pk),
    }
    find_specialists({}, locales["de"])  # view restrictions are remembered per version
    with django_assert_num_queries(2):
        assert find_specialists({"near": "München", "radius": "500"}, locales["de"]).count
    with django_assert_num_queries(2):  # nobody matches all three: no page to read
        result = find_specialists(chosen, locales["de"])
    assert not result.errors
    assert (result.count, result.cards) == (0, [])
    with django_assert_num_queries(3):
        assert find_specialists({"city": "Zürich"}, locales["de"]).count
    with django_assert_num_queries(3):  # an unknown id: found by the same one query
        assert "topic" in find_specialists({"topic": "999999"}, locales["de"]).errors


@pytest.mark.django_db
def test_a_text_that_matches_nobody_gives_empty_facets(locales):
    result = find_specialists({"q": "Xylophonvirtuosin"}, locales["en"])

    assert (result.count, result.cards, result.num_pages) == (0, [], 1)
    assert not result.errors
    assert all(options == [] for options in result.facets.values())


@pytest.mark.django_db
def test_a_topic_made_private_after_a_search_leaves_the_facets_and_comes_back(
    locales, django_capture_on_commit_callbacks
):
    """The facets' SQL is compiled once per shape (``specialists.finder._compiled``) with
    the private sections' paths in it: a restriction added, then removed, is seen by the
    next search each time."""

    def topic_options():
        return {option.value for option in find_specialists({}, locales["en"]).facets["topic"]}

    before = topic_options()
    topic = TopicPage.objects.get(pk=int(sorted(before)[0]))
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=topic, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    hidden = topic_options()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()

    assert str(topic.pk) not in hidden and hidden == before - {str(topic.pk)}
    assert topic_options() == before


@pytest.mark.django_db
def test_every_page_of_results_has_its_own_cards_names(locales):
    """The cards' ids reach the compiled query as a table expression: each page of
    results is named from its own specialists, not the first page's."""
    seen = set()
    for number in (1, 2, 3):
        result = find_specialists({"page": str(number)}, locales["en"], per_page=8)
        assert result.page_number == number and result.cards
        for card in result.cards:
            assert (card.specialties, card.languages) == _names(card.page)
            seen.add(card.page.pk)
    assert len(seen) == result.count


@pytest.mark.django_db
def test_a_renamed_topic_is_named_so_by_the_next_search(
    locales, django_capture_on_commit_callbacks, steady_versions
):
    """The facets' labels are remembered per content version and ``finder`` tag
    (``specialists.finder._labels``): publishing a new title bumps the tag, so the next
    search names the topic so, in that language only, even while versions are reread
    only once an hour (``steady_versions``)."""

    def labels(language):
        facets = find_specialists({}, locales[language]).facets
        return {option.value: option.label for option in facets["topic"]}

    before = labels("en")
    german_before = labels("de")
    topic = TopicPage.objects.get(pk=int(sorted(before)[0]))
    topic.title = "Renamed for the finder"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()

    assert labels("en") == {**before, str(topic.pk): "Renamed for the finder"}
    assert labels("de") == german_before


@pytest.mark.django_db
def test_labels_are_read_once_per_version_not_per_search(locales, django_assert_num_queries):
    find_specialists({}, locales["en"])
    with django_assert_num_queries(0):
        first = finder_module._labels(locales["en"])
        assert finder_module._labels(locales["en"]) is first
    german = finder_module._labels(locales["de"])

    assert set(first) & set(german)  # the same translation keys
    assert {label for _pk, label in first.values()} != {label for _pk, label in german.values()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"sort": "name"},
        {"near": "Zürich", "sort": "distance"},
        {"near": "Bern", "radius": "500", "country": "CH"},
        {"q": "oncology"},
    ],
)
def test_pages_of_results_follow_one_order_without_gaps(locales, params):
    """Each page is cut from the ordered matches inside the facets' query and its
    specialists are then read by id: read page by page, they are the whole list in the
    same order as one long page."""
    whole = find_specialists(params, locales["en"], per_page=100)
    pages = []
    for number in range(1, ceil(whole.count / 3) + 1):
        result = find_specialists({**params, "page": str(number)}, locales["en"], per_page=3)
        assert result.page_number == number
        pages += [card.page.pk for card in result.cards]

    assert whole.count > 3
    assert pages == [card.page.pk for card in whole.cards]


@pytest.mark.django_db
@pytest.mark.parametrize("near", ["Zürich", "Wien", "Berlin", "München"])
@pytest.mark.parametrize("radius", [25, 100, 200, 201, 500, 1000])
def test_a_radius_finds_exactly_the_specialists_within_it(locales, near, radius):
    """Up to 200 km the box is read from the position index, beyond as a condition on
    the language's rows (``filters.INDEXED_RADIUS_KM``): the same specialists either way,
    those whose great-circle distance is within the radius."""
    place = find_place(near).place
    expected = {
        page.pk
        for page in english()
        if page.latitude is not None and distance_km(place, page.latitude, page.longitude) <= radius
    }

    result = find_specialists({"near": near, "radius": str(radius)}, locales["en"], per_page=100)

    assert {card.page.pk for card in result.cards} == expected
    assert result.count == len(expected)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
@pytest.mark.parametrize(("radius", "indexed"), [(100, True), (200, True), (500, False)])
def test_a_small_box_is_read_from_the_position_index(locales, radius, indexed):
    """SQLite keeps no statistics to choose by: the finder names the index for a small
    box and leaves it out for a wide one (where it would list most specialists of every
    language)."""
    with CaptureQueriesContext(connection) as captured:
        find_specialists({"near": "Zürich", "radius": str(radius)}, locales["en"])
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"].replace("%", "%%"))
            plans += [row[-1] for row in cursor.fetchall()]

    assert any("specialist_position" in step for step in plans) == indexed
