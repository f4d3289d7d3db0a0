"""``expand=`` and ``depth=`` turn relations into the related pages' summary cards.

The cards are the list's summary items (one shape), in the reader's language, only for
live, public pages, and read in bulk: a page with ten relations costs the queries of a
page with one.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from specialists.models import SpecialistIndexPage, SpecialistTherapy
from topics.models import TherapyIndexPage, TherapyPage, TherapyTopic, TopicPage

from ..factories import SpecialistPageFactory, TherapyPageFactory
from ..utils import english_topic, page_in

# Measure the work of answering, not the anonymous cache.
pytestmark = pytest.mark.usefixtures("no_page_cache", "steady_versions")


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def topic_with_therapies(count, *, specialists=0, draft=0):
    """A new English topic with ``count`` live therapies (each with ``specialists``
    specialists) and ``draft`` therapies never published."""
    topic = english_topic(
        title=f"Topic with {count} therapies", slug=f"with-{count}-therapies-{specialists}"
    )
    index = page_in(TherapyIndexPage, "en")
    specialist_index = page_in(SpecialistIndexPage, "en")
    for number in range(count + draft):
        therapy = TherapyPageFactory(parent=index, live=number < count)
        TherapyTopic.objects.create(therapy=therapy, topic=topic)
        for _ in range(specialists):
            specialist = SpecialistPageFactory(parent=specialist_index)
            SpecialistTherapy.objects.create(specialist=specialist, therapy=therapy)
    return topic


def queries(api, path, params):
    api.get(path, params)  # warm caches that do not depend on the page
    with CaptureQueriesContext(connection) as captured:
        body = ok(api.get(path, params))
    return len(captured), body


@pytest.mark.django_db
def test_expanded_therapies_are_their_summary_cards(api):
    topic = topic_with_therapies(2)

    detail = ok(api.get(f"/api/v3/pages/{topic.pk}/", {"expand": "therapies"}))

    cards = detail["therapies"]
    assert len(cards) == 2
    for card in cards:
        listed = ok(api.get("/api/v3/pages/", {"id": card["id"]}))["items"][0]
        assert card == listed
        assert card["type"] == "topics.TherapyPage" and "therapy_type" in card


@pytest.mark.django_db
def test_nested_field_selection_expands_with_just_those_fields(api):
    topic = topic_with_therapies(2)

    detail = ok(api.get(f"/api/v3/pages/{topic.pk}/", {"fields": "_,therapies(title,summary)"}))

    assert set(detail) == {"id", "type", "meta", "therapies"}
    assert [set(card) for card in detail["therapies"]] == [
        {"id", "type", "meta", "title", "summary"}
    ] * 2


@pytest.mark.django_db
def test_draft_only_relations_never_appear(api):
    topic = topic_with_therapies(1, draft=2)

    expanded = ok(api.get(f"/api/v3/pages/{topic.pk}/", {"depth": 2}))["therapies"]
    plain = ok(api.get(f"/api/v3/pages/{topic.pk}/"))["therapies"]

    assert [card["id"] for card in expanded] == [link["id"] for link in plain]
    assert len(expanded) == 1
    assert all(TherapyPage.objects.get(pk=card["id"]).live for card in expanded)


@pytest.mark.django_db
def test_cards_are_in_the_readers_language(api):
    english = page_in(TopicPage, "en", slug="liver-metastases")
    german = TopicPage.objects.get(
        translation_key=english.translation_key, locale__language_code="de"
    )

    detail = ok(api.get(f"/api/v3/pages/{english.pk}/", {"locale": "de", "expand": "therapies"}))

    assert detail["id"] == german.pk and detail["therapies"]
    for card in detail["therapies"]:
        therapy = TherapyPage.objects.get(pk=card["id"])
        assert therapy.locale.language_code == card["meta"]["locale"] == "de"
        assert card["title"] == therapy.title


@pytest.mark.django_db
def test_two_levels_deep(api):
    topic = topic_with_therapies(2, specialists=2)

    detail = ok(api.get(f"/api/v3/pages/{topic.pk}/", {"expand": "therapies.specialists"}))

    for therapy in detail["therapies"]:
        assert len(therapy["specialists"]) == 2
        for specialist in therapy["specialists"]:
            assert specialist["type"] == "specialists.SpecialistPage"
            assert {"display_name", "specialties", "city"} <= set(specialist)
            assert "specialists" not in specialist and "topics" not in specialist


@pytest.mark.django_db
def test_lists_expand_too(api):
    topic = topic_with_therapies(2)

    listed = ok(
        api.get("/api/v3/pages/", {"id": topic.pk, "fields": "therapies(title)", "limit": 1})
    )

    assert [set(card) for card in listed["items"][0]["therapies"]] == [
        {"id", "type", "meta", "title"}
    ] * 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"expand": "therapies.specialists.topics"}, 400),
        ({"expand": "summary"}, 400),
        ({"expand": "colour"}, 400),
        ({"expand": "therapies,"}, 400),
        ({"depth": "3"}, 422),
        ({"depth": "-1"}, 422),
        ({"depth": "٢"}, 422),
        ({"fields": "therapies(specialists(topics(title)))"}, 400),
    ],
)
def test_too_deep_or_unknown_expansions_are_4xx_problems(api, params, status):
    topic = page_in(TopicPage, "en")

    response = api.get(f"/api/v3/pages/{topic.pk}/", params)

    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{"expand": "therapies"}, {"expand": "therapies.specialists"}, {"depth": "2"}],
    ids=["one-level", "two-levels", "depth-2"],
)
def test_expansion_costs_the_same_for_one_and_ten_relations(
    api, params, django_assert_max_num_queries
):
    one = topic_with_therapies(1, specialists=1)
    ten = topic_with_therapies(10, specialists=2)
    count, body = queries(api, f"/api/v3/pages/{one.pk}/", params)
    assert len(body["therapies"]) == 1

    api.get(f"/api/v3/pages/{ten.pk}/", params)
    with django_assert_max_num_queries(count):
        body = ok(api.get(f"/api/v3/pages/{ten.pk}/", params))

    assert len(body["therapies"]) == 10
    print(f"{params}: {count} queries for 1 relation and for 10")


@pytest.mark.django_db
def test_depth_expands_relations_in_the_page_types_field_order(api):
    """``depth`` adds the relations in the order the page types declare them (the
    first declaration counts): the same JSON, key for key, in every process (it
    followed a set's order, which changes with each process's string hashes)."""
    from api.pagetypes import page_types
    from api.selection import is_relation, specs_of

    topic = topic_with_therapies(1, specialists=1)

    card = ok(api.get(f"/api/v3/pages/{topic.pk}/", {"depth": 2}))["therapies"][0]

    declared = dict.fromkeys(
        name
        for kind in page_types().values()
        for name, spec in specs_of(kind).items()
        if is_relation(spec)
    )
    relations = [name for name in declared if name in card]
    assert len(relations) >= 2
    assert [key for key in card if key in relations] == relations
