"""The page list and find accept Wagtail's own v3 contract (``wagtail.api.v3.routers.pages``).

Each parameter Wagtail's v3 pages list and find take is tried with Wagtail's meaning
(names, value formats, errors as 4xx problem JSON), on top of our own parameters
(``locale``, ``fallback``, our orderings), and only ever over live, public pages.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail.models import Page, PageViewRestriction

from home.models import HomePage
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from ..utils import english_topic, page_in

PROBLEM_JSON = "application/problem+json"
SOME = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def visible(queryset):
    return queryset.live().public()


# find: a redirect to the detail, as Wagtail's v3 answers


@pytest.mark.django_db
def test_find_redirects_to_the_detail_carrying_locale_and_fallback(api):
    german = page_in(TopicPage, "de", slug="lebermetastasen")

    response = api.get(
        "/api/v3/pages/find/",
        {"html_path": "/de/themen/lebermetastasen/", "locale": "fr", "fallback": "en"},
    )

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == f"/api/v3/pages/{german.pk}/"
    assert parse_qs(location.query) == {"locale": ["fr"], "fallback": ["en"]}
    followed = api.get(response["Location"]).json()
    french = TopicPage.objects.get(
        translation_key=german.translation_key, locale__language_code="fr"
    )
    assert (followed["id"], followed["meta"]["locale"]) == (french.pk, "fr")


@pytest.mark.django_db
def test_find_by_id_when_no_page_is_at_the_path(api):
    topic = page_in(TopicPage, "en")

    by_id = api.get("/api/v3/pages/find/", {"id": topic.pk, "rich_text_format": "markdown"})
    path_wins = api.get("/api/v3/pages/find/", {"html_path": "/de/", "id": topic.pk})
    path_missing = api.get("/api/v3/pages/find/", {"html_path": "/de/nicht-da/", "id": topic.pk})

    assert by_id.status_code == 302
    assert by_id["Location"] == f"/api/v3/pages/{topic.pk}/?rich_text_format=markdown"
    assert path_wins["Location"] == f"/api/v3/pages/{page_in(HomePage, 'de').pk}/?"
    assert path_missing["Location"] == f"/api/v3/pages/{topic.pk}/?"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{}, {"html_path": "/de/nicht-da/"}, {"html_path": "/"}, {"id": 99999999}],
    ids=["nothing", "no-page", "root", "unknown-id"],
)
def test_find_without_a_page_is_wagtails_404_as_problem_json(api, params):
    body = problem(api.get("/api/v3/pages/find/", params), 404)

    assert body["detail"] == "No page matches the given query."


@pytest.mark.django_db
def test_find_never_redirects_to_a_hidden_page(api):
    draft = english_topic("Kidney stones", "kidney-stones", publish=False)
    private = english_topic("Gallstones", "gallstones")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    for page in (draft, private):
        problem(api.get("/api/v3/pages/find/", {"id": page.pk}), 404)
        problem(api.get("/api/v3/pages/find/", {"html_path": f"/en/topics/{page.slug}/"}), 404)


@pytest.mark.django_db
def test_find_refuses_unknown_parameters_and_bad_ids(api):
    problem(api.get("/api/v3/pages/find/", {"html_path": "/de/", "colour": "red"}), 400)
    problem(api.get("/api/v3/pages/find/", {"id": "-3"}), 422)
    problem(api.get("/api/v3/pages/find/", {"id": "abc"}), 422)


# the list: Wagtail's filters


@pytest.mark.django_db
def test_translation_of_lists_the_other_language_versions(api):
    topic = page_in(TopicPage, "en", slug="liver-metastases")
    others = visible(TopicPage.objects.filter(translation_key=topic.translation_key)).exclude(
        pk=topic.pk
    )

    every = api.get("/api/v3/pages/", {"translation_of": topic.pk})
    german = api.get("/api/v3/pages/", {"translation_of": topic.pk, "locale": "de"})

    assert sorted(ids(every)) == sorted(others.values_list("pk", flat=True))
    assert topic.pk not in ids(every)
    assert ids(german) == [others.get(locale__language_code="de").pk]


@pytest.mark.django_db
def test_translation_of_root_is_the_site_roots_translations(api):
    home = page_in(HomePage, "en")

    listed = ids(api.get("/api/v3/pages/", {"translation_of": "root"}))

    assert home.pk not in listed
    assert set(listed) == set(
        visible(HomePage.objects.filter(translation_key=home.translation_key))
        .exclude(pk=home.pk)
        .values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_ancestor_of_lists_the_ancestors_not_the_page(api):
    topic = page_in(TopicPage, "de")

    listed = ids(api.get("/api/v3/pages/", {"ancestor_of": topic.pk}))

    # the tree's root page is above every site: no reader's page
    assert listed == [page_in(HomePage, "de").pk, page_in(TopicIndexPage, "de").pk]


@pytest.mark.django_db
def test_relations_name_pages_of_any_type_when_the_list_has_one(api):
    """``?type=TherapyPage&child_of=`` names the therapy index, not a therapy."""
    index = page_in(TherapyIndexPage, "en")
    therapy = page_in(TherapyPage, "en")

    children = ids(
        api.get(
            "/api/v3/pages/",
            {"type": "topics.TherapyPage", "child_of": index.pk, "limit": 100},
        )
    )
    ancestors = ids(
        api.get("/api/v3/pages/", {"type": "topics.TherapyIndexPage", "ancestor_of": therapy.pk})
    )

    assert therapy.pk in children
    assert set(children) == set(
        visible(TherapyPage.objects.child_of(index)).values_list("pk", flat=True)
    )
    assert ancestors == [index.pk]


@pytest.mark.django_db
def test_child_of_and_descendant_of_root(api):
    home = Page.objects.get(pk=page_in(HomePage, "en").pk)

    children = ids(api.get("/api/v3/pages/", {"child_of": "root", "limit": 100}))
    descendants = api.get("/api/v3/pages/", {"descendant_of": "root", "limit": 1}).json()

    assert children == list(visible(home.get_children()).values_list("pk", flat=True))
    assert descendants["count"] == visible(home.get_descendants()).count()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["child_of", "descendant_of", "ancestor_of", "translation_of"])
def test_a_hidden_or_unknown_page_is_wagtails_422_naming_the_parameter(api, name):
    draft = english_topic("Kidney stones", "kidney-stones", publish=False)

    for value in (draft.pk, 99999999):
        body = problem(api.get("/api/v3/pages/", {name: value}), 422)
        assert body["errors"][0]["loc"] == [name]
        assert body["errors"][0]["msg"] == f"No page matches the given {name} value."


@pytest.mark.django_db
def test_site_filter_as_wagtail(api):
    problem(api.get("/api/v3/pages/", {"site": "no-such-host"}), 404)
    assert api.get("/api/v3/pages/", {"site": "localhost"}).status_code in (200, 404)


@pytest.mark.django_db
def test_field_filters_as_wagtail(api):
    topic = page_in(TopicPage, "en", slug="liver-metastases")

    assert ids(api.get("/api/v3/pages/", {"slug": "liver-metastases"})) == [topic.pk]
    assert ids(api.get("/api/v3/pages/", {"id": topic.pk})) == [topic.pk]
    assert ids(api.get("/api/v3/pages/", {"title": topic.title, "locale": "en"})) == [topic.pk]
    in_menus = api.get("/api/v3/pages/", {"show_in_menus": "true", "limit": 1}).json()
    assert in_menus["count"] == visible(Page.objects.filter(show_in_menus=True)).count()
    problem(api.get("/api/v3/pages/", {"show_in_menus": "maybe"}), 422)
    problem(api.get("/api/v3/pages/", {"id": "abc"}), 422)
    assert "slug" in problem(api.get("/api/v3/pages/", {"slug": "\x00"}), 422)["detail"]
    problem(api.get("/api/v3/pages/", {"first_published_at": "yesterday"}), 422)


@pytest.mark.django_db
def test_a_types_own_fields_filter_only_with_that_type(api):
    therapy = page_in(TherapyPage, "en")

    typed = api.get(
        "/api/v3/pages/", {"type": "topics.TherapyPage", "therapy_type": therapy.therapy_type}
    ).json()
    untyped = api.get("/api/v3/pages/", {"therapy_type": therapy.therapy_type, "limit": 1})

    assert typed["count"] == (
        visible(TherapyPage.objects.filter(therapy_type=therapy.therapy_type)).count()
    )
    # As Wagtail: another type's field is ignored without that type; ours: a name no
    # type knows is refused, and a StreamField is no filter.
    assert untyped.json()["count"] == visible(Page.objects.filter(depth__gt=1)).count()
    problem(api.get("/api/v3/pages/", {"colour": "red"}), 400)
    problem(api.get("/api/v3/pages/", {"type": "topics.TopicPage", "body": "x"}), 400)
    # ... and so is a value none of the field's types takes (the document's enum).
    problem(api.get("/api/v3/pages/", {"therapy_type": "AAA"}), 400)


# the list: ordering


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["slug", "-slug", "-id", "pk", "first_published_at", "title"])
def test_order_by_api_fields(api, order):
    index = page_in(TherapyIndexPage, "en")

    listed = ids(api.get("/api/v3/pages/", {"child_of": index.pk, "order": order, "limit": 50}))

    expected = visible(TherapyPage.objects.child_of(index)).order_by(order, "pk")
    assert len(listed) > 1
    assert listed == list(expected.values_list("pk", flat=True))


@pytest.mark.django_db
def test_order_by_several_fields_and_a_types_own_field(api):
    several = api.get("/api/v3/pages/", {"order": ["locale", "-id"], "limit": 5})
    own = api.get("/api/v3/pages/", {"type": "topics.TherapyPage", "order": "therapy_type"})

    expected = visible(Page.objects.all()).order_by("locale", "-id")[:5]
    assert ids(several) == [page.pk for page in expected]
    by_kind = visible(TherapyPage.objects.all()).order_by("therapy_type", "pk")[:20]
    assert ids(own) == [page.pk for page in by_kind]


@pytest.mark.django_db
def test_random_order_as_wagtail(api):
    assert len(ids(api.get("/api/v3/pages/", {"order": "random", "limit": 5}))) == 5
    problem(api.get("/api/v3/pages/", {"order": "random", "offset": 5}), 422)
    problem(api.get("/api/v3/pages/", {"order": "-random"}), 422)
    problem(api.get("/api/v3/pages/", {"order": ["random", "id"]}), 422)
    problem(api.get("/api/v3/pages/", {"order": "colour"}), 422)
    # a type's field without that type is unknown, as in Wagtail
    problem(api.get("/api/v3/pages/", {"order": "therapy_type"}), 422)


# the list: search


@pytest.mark.django_db
def test_search_finds_pages_in_the_language_asked(api):
    german = page_in(TopicPage, "de", slug="lebermetastasen")

    found = api.get("/api/v3/pages/", {"search": "Lebermetastasen", "locale": "de"}).json()

    assert german.pk in [item["id"] for item in found["items"]]
    assert {item["meta"]["locale"] for item in found["items"]} == {"de"}


@pytest.mark.django_db
def test_search_operator_and_narrows(api):
    either = api.get("/api/v3/pages/", {"search": "liver quokka", "search_operator": "or"})
    both = api.get("/api/v3/pages/", {"search": "liver quokka", "search_operator": "and"})

    assert either.json()["count"] > 0
    assert both.json()["count"] == 0
    problem(api.get("/api/v3/pages/", {"search": "liver", "search_operator": "xor"}), 422)


@pytest.mark.django_db
def test_search_with_an_order_and_filters(api):
    found = api.get(
        "/api/v3/pages/", {"search": "liver", "order": "title", "locale": "en", "limit": 50}
    )
    typed = api.get("/api/v3/pages/", {"search": "liver", "type": "topics.TopicPage"})

    listed = ids(found)
    assert listed
    assert listed == list(
        Page.objects.filter(pk__in=listed).order_by("title").values_list("pk", flat=True)
    )
    assert {item["type"] for item in typed.json()["items"]} == {"topics.TopicPage"}
    # Wagtail's answer for ordering by a field the index does not hold
    problem(api.get("/api/v3/pages/", {"search": "liver", "order": "slug"}), 422)


@pytest.mark.django_db
def test_search_never_finds_hidden_pages(api):
    english_topic("Quokkafever draft", "quokkafever-draft", publish=False)
    private = english_topic("Quokkafever private", "quokkafever-private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    found = api.get("/api/v3/pages/", {"search": "quokkafever"}).json()

    assert found == {"count": 0, "items": []}


@pytest.mark.django_db
@SOME
@given(
    text=st.text(max_size=60)
    | st.sampled_from(['"', '"liver', "liver*", "NEAR(a b)", "a:b", "(", "-", "AND OR"])
)
def test_search_text_is_never_a_server_error(api, text):
    response = api.get("/api/v3/pages/", {"search": text, "limit": 5})

    if "\x00" in text:
        assert response.status_code < 500
        return
    assert response.status_code == 200, (text, response.content[:300])
    assert response.json()["count"] >= 0


# bad ids in every id parameter

ID_PARAMETERS = ["child_of", "descendant_of", "ancestor_of", "translation_of"]
foreign_digits = st.text(
    st.characters(categories=["Nd", "No", "Nl"]).filter(lambda c: not c.isascii()),
    min_size=1,
    max_size=4,
)
bad_ids = (
    foreign_digits
    | st.integers(max_value=0).map(str)
    | st.integers(min_value=2**63).map(str)
    | st.integers(min_value=2**63).map(lambda n: f"-{n}")
    | st.sampled_from(["", "abc", "1.5", "1e3", "0x10", "rooot", "ROOT", "3 4"])
)


@pytest.mark.django_db
@SOME
@given(name=st.sampled_from([*ID_PARAMETERS, "id"]), value=bad_ids)
def test_bad_ids_are_4xx_problems_and_match_nothing(api, name, value):
    response = api.get("/api/v3/pages/", {name: value})

    if name == "id" and value.isascii() and value.lstrip("-").isdigit() and len(value) < 19:
        # a field filter, as in Wagtail: an id no page has matches nothing
        assert response.status_code in (200, 422)
        if response.status_code == 200:
            assert response.json()["count"] == 0
        return
    if value == "" and name != "id":
        assert response.status_code in (200, 422)
        return
    assert 400 <= response.status_code < 500, (name, value, response.content[:200])
    assert response["Content-Type"] == PROBLEM_JSON


@pytest.mark.django_db
@SOME
@given(value=bad_ids)
def test_bad_find_ids_are_4xx_problems(api, value):
    response = api.get("/api/v3/pages/find/", {"id": value})

    # As Wagtail's own find (``id: PositiveInt | None``): an empty id is a 422 too.
    assert 400 <= response.status_code < 500, (value, response.content[:200])
    assert response["Content-Type"] == PROBLEM_JSON
