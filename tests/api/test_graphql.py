"""GraphQL at /api/graphql/: the REST read layer's answers, visibility, limits, schema."""

import json
import time
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

from api.graphql.schema import MAX_DEPTH, schema_text
from cms.ratelimit import CACHE_ALIAS
from topics.models import TherapyIndexPage, TherapyPage, TherapyTopic, TopicIndexPage, TopicPage

from ..factories import TherapyPageFactory, TopicPageFactory
from ..utils import english_topic, page_in

URL = "/api/graphql/"
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "graphql" / "schema.graphql"

pytestmark = pytest.mark.usefixtures("no_page_cache", "steady_versions")


def run(api, query, variables=None, method="post"):
    if method == "get":
        params = {"query": query}
        if variables:
            params["variables"] = json.dumps(variables)
        response = api.get(URL, params)
    else:
        response = api.post(URL, {"query": query, "variables": variables or {}})
    return response


def data_of(api, query, variables=None, **kwargs):
    response = run(api, query, variables, **kwargs)
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


PAGE = """
query($id: Int, $path: String, $locale: String, $fallback: String, $version: Version! = LIVE) {
  page(id: $id, path: $path, locale: $locale, fallback: $fallback, version: $version) {
    __typename id title type
    meta { locale url fallback }
    detailMeta { breadcrumbs { title } draft }
    ... on TopicPage {
      summary
      body {
        __typename
        ... on HeadingItem { type value { text level } }
        ... on ParagraphItem { type html: value }
        ... on KeyFactItem { value { figure } }
      }
      therapies { id title url locale }
      medicalReview { reviewedBy }
    }
  }
}
"""


@pytest.mark.django_db
def test_a_topic_reads_as_rest_reads_it(api):
    topic = english_topic()

    page = data_of(api, PAGE, {"id": topic.pk})["page"]
    rest = api.get(f"/api/v3/pages/{topic.pk}/").json()

    assert page["__typename"] == "TopicPage"
    assert page["title"] == rest["title"]
    assert page["meta"]["url"] == rest["meta"]["url"]
    assert [b["__typename"] for b in page["body"]] == [
        "HeadingItem",
        "ParagraphItem",
        "KeyFactItem",
    ]
    assert page["body"][0]["value"]["text"] == rest["body"][0]["value"]["text"]
    assert page["body"][1]["html"] == rest["body"][1]["value"]
    assert page["body"][2]["value"]["figure"] == "4–8 months"
    assert page["detailMeta"]["breadcrumbs"] == [
        {"title": item["title"]} for item in rest["meta"]["breadcrumbs"]
    ]


@pytest.mark.django_db
def test_page_by_path_and_relations_in_the_readers_language(api):
    topic = page_in(TopicPage, "de")
    assert topic is not None

    page = data_of(api, PAGE, {"path": topic.url})["page"]
    rest = api.get(f"/api/v3/pages/{topic.pk}/").json()

    assert page["id"] == topic.pk
    assert page["therapies"] == rest["therapies"]
    assert all(link["locale"] == "de" for link in page["therapies"])


@pytest.mark.django_db
def test_locale_fallback_marks_the_fallback(api):
    topic = english_topic(title="Only English", slug="only-english")

    page = data_of(api, PAGE, {"id": topic.pk, "locale": "fr", "fallback": "en"})["page"]

    assert page["id"] == topic.pk
    assert page["meta"]["fallback"] is True
    missing = run(api, PAGE, {"id": topic.pk, "locale": "fr"}).json()
    assert missing["data"]["page"] is None
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


LIST = """
query($type: [String!], $locale: String, $search: String, $limit: Int!, $offset: Int!) {
  pages(type: $type, locale: $locale, search: $search, limit: $limit, offset: $offset) {
    count
    items { id title ... on TopicPage { therapies { id title } } }
  }
}
"""


def listed(api, **variables):
    variables = {"limit": 100, "offset": 0, **variables}
    return data_of(api, LIST, variables)["pages"]


@pytest.mark.django_db
def test_pages_list_matches_rest(api):
    got = listed(api, type=["TopicPage"], locale="en")
    rest = api.get("/api/v3/pages/?type=topics.TopicPage&locale=en&limit=100").json()

    assert got["count"] == rest["count"]
    assert [item["id"] for item in got["items"]] == [item["id"] for item in rest["items"]]


@pytest.mark.django_db
def test_unknown_type_and_bad_limits_are_errors_not_500s(api):
    for variables in [{"type": ["Nope"]}, {"limit": 0}, {"limit": 10_000}, {"offset": -1}]:
        body = run(api, LIST, {"limit": 10, "offset": 0, **variables}).json()
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", variables


@pytest.fixture
def hidden_pages(db, commit):
    """A draft-only page, an unpublished translation and a restricted page."""
    index = page_in(TherapyIndexPage, "en")
    draft_only = TherapyPageFactory(parent=index, title="Draft-only therapy", live=False)
    draft_only.save_revision()
    private = TherapyPageFactory(parent=index, title="Private therapy")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    source = english_topic(title="Translated later", slug="translated-later")
    from ..utils import translate

    unapproved = translate(source, "de", commit, publish=False)
    return {"draft": draft_only, "private": private, "unapproved": unapproved}


@pytest.mark.django_db
def test_anonymous_readers_never_see_hidden_pages(api, hidden_pages):
    hidden = {page.pk for page in hidden_pages.values()}
    seen = set()
    for locale in ["en", "de"]:
        seen |= {item["id"] for item in listed(api, locale=locale)["items"]}
        offset = 100
        total = listed(api, locale=locale)["count"]
        while offset < total:
            seen |= {item["id"] for item in listed(api, locale=locale, offset=offset)["items"]}
            offset += 100
    assert not seen & hidden
    for page in hidden_pages.values():
        for variables in [{"id": page.pk}, {"id": page.pk, "version": "DRAFT"}]:
            body = run(api, PAGE, variables).json()
            assert body["data"]["page"] is None
            assert body["errors"][0]["extensions"]["code"] in {"NOT_FOUND", "FORBIDDEN"}
            assert page.title not in json.dumps(body)
    by_path = run(api, PAGE, {"path": hidden_pages["private"].url}).json()
    assert by_path["data"]["page"] is None
    assert (
        not {
            hit["page"]["id"] for hit in data_of(api, SEARCH, {"q": "therapy"})["search"]["results"]
        }
        & hidden
    )


@pytest.mark.django_db
def test_drafts_need_a_token_whose_user_may_edit(api, token):
    topic = page_in(TopicPage, "en")
    draft = topic.get_latest_revision_as_object()
    draft.title = "Revised in draft"
    draft.save_revision()
    variables = {"id": topic.pk, "version": "DRAFT"}

    editor = api.as_user(token("editor"))
    response = run(editor, PAGE, variables)
    assert response.json()["data"]["page"]["title"] == "Revised in draft"
    assert response.json()["data"]["page"]["detailMeta"]["draft"] is True
    assert response["Cache-Control"] == "private, no-store"

    anonymous = run(api, PAGE, variables).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    translator = run(api.as_user(token("translator_de")), PAGE, variables).json()
    assert translator["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert data_of(api, PAGE, {"id": topic.pk})["page"]["title"] != "Revised in draft"


@pytest.mark.django_db
def test_a_wrong_token_is_a_401_problem(api):
    response = run(api.as_user("not-a-token"), "{ pages(limit: 1) { count } }")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_a_session_cookie_reads_nothing_more_than_anonymous(api, client, demo_users):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor"))
    topic = page_in(TopicPage, "en")
    body = run(api, PAGE, {"id": topic.pk, "version": "DRAFT"}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


# A search hit's page is its summary card: a union of one card type per page type.
CARD_TYPES = [
    "PageSummary",
    "HomePageSummary",
    "ContentPageSummary",
    "TopicIndexPageSummary",
    "TopicPageSummary",
    "TherapyIndexPageSummary",
    "TherapyPageSummary",
    "SpecialistIndexPageSummary",
    "SpecialistPageSummary",
]
CARD = " ".join(f"... on {name} {{ id title }}" for name in CARD_TYPES)
SEARCH = (
    "query($q: String!, $locale: String) {"
    " search(q: $q, locale: $locale) { query count results { type page { " + CARD + " } } } }"
)


@pytest.mark.django_db
def test_pages_of_another_site_are_not_listed(api, other_site):
    """The same site scope as REST (``api.pages.public_pages``), with and without search."""
    ids, offset, count = set(), 0, 1
    while offset < count:
        answer = listed(api, offset=offset)
        ids |= {item["id"] for item in answer["items"]}
        offset, count = offset + 100, answer["count"]

    assert len(ids) == count > 100 and other_site.page.pk not in ids
    assert listed(api, search="Quokka")["items"] == []


@pytest.mark.django_db
def test_search_answers_as_rest(api):
    got = data_of(api, SEARCH, {"q": "liver", "locale": "en"})["search"]
    rest = api.get("/api/v3/search/", {"q": "liver", "locale": "en"}).json()

    assert got["count"] == rest["count"] > 0
    assert [hit["page"]["id"] for hit in got["results"]] == [
        hit["page"]["id"] for hit in rest["results"]
    ]


FINDER = """
query($country: String, $locale: String, $page: String) {
  specialists(country: $country, locale: $locale, page: $page) {
    count results { distanceKm specialist { id displayName country } }
    facets { key value { value count } }
  }
}
"""


@pytest.mark.django_db
def test_specialist_finder_answers_as_rest(api):
    got = data_of(api, FINDER, {"country": "DE", "locale": "de"})["specialists"]
    rest = api.get("/api/v3/specialists/find/", {"country": "DE", "locale": "de"}).json()

    assert got["count"] == rest["count"]
    assert [hit["specialist"]["id"] for hit in got["results"]] == [
        hit["specialist"]["id"] for hit in rest["results"]
    ]
    assert {entry["key"] for entry in got["facets"]} == set(rest["facets"])


@pytest.mark.django_db
def test_bad_finder_input_is_a_named_error(api):
    body = run(api, FINDER, {"country": "Atlantis", "page": "٣"}).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "country" in body["errors"][0]["message"]


@pytest.mark.django_db
def test_too_deep_queries_are_refused_before_running(api):
    assert "errors" not in run(api, _nest(1)).json()
    with CaptureQueriesContext(connection) as captured:
        response = run(api, _nest(MAX_DEPTH // 4 + 1))
    assert response.status_code in (200, 400)
    body = response.json()
    assert body.get("data") is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert len(response.content) < 1000
    assert not [q for q in captured if "wagtailcore_page" in q["sql"]]  # nothing was read


def _nest(hops):
    """Topics, their therapies, those therapies' topics ... ``hops`` links deep (legal,
    but without a limit one request could walk the whole site)."""
    inner = "id"
    for _ in range(hops):
        therapy = f"... on TherapyPage {{ topics {{ page {{ {inner} }} }} }}"
        inner = f"... on TopicPage {{ therapies {{ page {{ {therapy} }} }} }}"
    return "{ pages(limit: 100) { items { " + inner + " } } }"


@pytest.mark.django_db
def test_too_many_aliases_are_refused(api):
    query = "{ " + " ".join(f"a{n}: pages(limit: 100) {{ count }}" for n in range(50)) + " }"
    body = run(api, query).json()
    assert body.get("data") is None
    assert "alias" in body["errors"][0]["message"].lower()


@pytest.mark.django_db
def test_get_runs_queries_and_stays_cacheable(api):
    response = run(api, "{ pages(limit: 2) { count } }", method="get")
    assert response.status_code == 200
    assert response.json()["data"]["pages"]["count"] > 0
    assert response["Cache-Control"].startswith("public")


@pytest.mark.django_db
def test_post_needs_no_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        URL, {"query": "{ pages(limit: 1) { count } }"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_graphql_is_rate_limited_with_the_rest_api(api, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {"api": "2/m"}
    caches[CACHE_ALIAS].clear()
    if 60 - time.time() % 60 < 10:  # one fixed window for the whole test
        time.sleep(60 - time.time() % 60 + 0.05)

    first = run(api, "{ pages(limit: 1) { count } }")
    assert first.status_code == 200
    assert first["RateLimit-Limit"] == "2"
    assert api.get("/api/v3/pages/?limit=1").status_code == 200  # the same budget
    refused = run(api, "{ pages(limit: 1) { count } }", method="get")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert "Retry-After" in refused


@pytest.mark.django_db
def test_cors_like_the_rest_api(api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    response = api.client.options(
        URL,
        HTTP_ORIGIN="https://app.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response["Access-Control-Allow-Origin"] == "https://app.example"


TOPICS_WITH_THERAPIES = """
query($limit: Int!) {
  pages(type: ["TopicPage"], locale: "en", limit: $limit) {
    items {
      id title
      ... on TopicPage {
        therapies { id title page { ... on TherapyPage { summary therapyType } } }
      }
    }
  }
}
"""


@pytest.mark.django_db
def test_ten_topics_with_therapies_cost_a_fixed_number_of_queries(api):
    index = page_in(TopicIndexPage, "en")
    therapy_index = page_in(TherapyIndexPage, "en")

    def add_topics(count):
        for _ in range(count):
            topic = TopicPageFactory(parent=index)
            therapy = TherapyPageFactory(parent=therapy_index)
            TherapyTopic.objects.create(therapy=therapy, topic=topic)
            therapy.save_revision().publish()

    def queries(limit):
        variables = {"limit": limit}
        data_of(api, TOPICS_WITH_THERAPIES, variables)  # warm caches independent of pages
        with CaptureQueriesContext(connection) as captured:
            items = data_of(api, TOPICS_WITH_THERAPIES, variables)["pages"]["items"]
        assert len(items) == limit
        therapies = [link["page"] for item in items for link in item["therapies"]]
        assert therapies and all(page["summary"] for page in therapies)
        return len(captured)

    add_topics(12)
    # The first topics (the demo's) have more kinds of relations than the new ones.
    assert queries(10) <= queries(2)


@pytest.mark.django_db
def test_exported_schema_is_current():
    assert SCHEMA_FILE.read_text() == schema_text(), (
        "api/graphql/schema.graphql is out of date: run `manage.py graphql_schema`"
    )


@pytest.mark.django_db
def test_schema_command_checks_and_writes(tmp_path):
    target = tmp_path / "schema.graphql"
    call_command("graphql_schema", "--output", str(target))
    assert target.read_text() == schema_text()
    target.write_text("type Stale { id: Int }\n")
    with pytest.raises(SystemExit):
        call_command("graphql_schema", "--output", str(target), "--check")


def test_every_visible_page_type_has_a_graphql_type():
    text = schema_text()
    for model in [TopicPage, TherapyPage, Page]:
        name = "BasePage" if model is Page else model.__name__
        assert f"type {name} implements Page" in text


ANY_INPUT = """
query($text: String!, $locale: String, $n: Int!) {
  pages(search: $text, locale: $locale, limit: 5, offset: $n) { count }
  page(path: $text) { id }
  search(q: $text, locale: $locale, page: $n) { count }
  specialists(q: $text, near: $text, page: $text, locale: $locale) { count }
}
"""


@pytest.mark.django_db
@hypothesis.settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    text=st.text(max_size=40) | st.sampled_from(['"', "AND OR", "٣", "ⅫⅫ", "*", "/de/../"]),
    locale=st.none() | st.sampled_from(["en", "de", "xx", ""]),
    n=st.integers(min_value=-(2**31), max_value=2**31 - 1),
)
def test_any_input_is_an_answer_or_a_named_error(api, text, locale, n):
    response = run(api, ANY_INPUT, {"text": text, "locale": locale, "n": n})
    if "\x00" in text:  # refused before GraphQL runs (cms.null_characters)
        assert response.status_code == 422
        return
    assert response.status_code == 200
    for error in response.json().get("errors", []):
        assert error["message"] != "Unexpected error.", error
