"""A NUL character in a request is refused on every path (400; the API's 422), and
changes nothing."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topics.models import TopicIndexPage, TopicPage

SOME = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
PROBLEM_JSON = "application/problem+json"


def refused(response, api=False):
    assert response.status_code == (422 if api else 400), response.content
    assert response["Cache-Control"] == "private, no-store"
    if api:
        assert response["Content-Type"] == PROBLEM_JSON
        assert "NUL" in response.json()["detail"]
    else:
        assert b"NUL" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "api"),
    [
        ("/en/topics/liver%00metastases/", False),
        ("/en/search/?q=liver%00", False),
        ("/de/spezialisten/?near=M%00nchen", False),
        ("/api/v3/pages/?search=liver%00", True),
        ("/api/v3/pages/find/?html_path=/en/%00/", True),
        ("/api/v3/search/?q=%00&locale=en", True),
    ],
)
def test_a_nul_in_a_path_or_a_query_string_is_refused(client, path, api):
    refused(client.get(path), api=api)


@pytest.mark.django_db
@SOME
@given(
    before=st.text(max_size=10),
    after=st.text(max_size=10),
    url=st.sampled_from(["/en/search/", "/api/v3/pages/", "/api/v3/specialists/find/"]),
    name=st.sampled_from(["q", "near", "search", "type", "page"]),
)
def test_any_parameter_with_a_nul_is_refused(client, before, after, url, name):
    response = client.get(url, {name: f"{before}\x00{after}"})

    api = url.startswith("/api/")
    refused(response, api=api)
    detail = response.json()["detail"] if api else response.content.decode()
    assert f"“{name}”" in detail


@pytest.mark.django_db
def test_a_nul_in_graphql_variables_is_refused_but_an_escaped_backslash_is_text(client):
    query = "query($p: String!) { page(path: $p) { id } }"
    with_nul = client.post(
        "/api/graphql/",
        json.dumps({"query": query, "variables": {"p": "/en/\x00/"}}),
        content_type="application/json",
    )
    backslash = client.post(
        "/api/graphql/",
        json.dumps({"query": query, "variables": {"p": "/en/\\u0000/"}}),
        content_type="application/json",
    )

    refused(with_nul, api=True)
    assert backslash.status_code == 200, backslash.content


@pytest.mark.django_db
def test_a_write_with_a_nul_is_refused_and_stores_nothing(client, token):
    index = TopicIndexPage.objects.get(locale__language_code="en")
    before = TopicPage.objects.count()
    body = {
        "meta": {"type": "topics.TopicPage", "parent_id": index.pk, "action": "draft"},
        "title": "Bone\x00metastases",
        "summary": "Tumours that spread to the bones.",
    }

    response = client.post(
        "/api/v3/pages/",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token('editor')}"},
    )

    refused(response, api=True)
    assert TopicPage.objects.count() == before


@pytest.mark.django_db
def test_a_form_with_a_nul_is_a_400(client):
    response = client.post(
        "/en/search/", "q=liver%00", content_type="application/x-www-form-urlencoded"
    )

    refused(response)
