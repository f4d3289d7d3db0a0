"""Arbitrary query parameters never break search or the finder, and are never reflected raw."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specialists.models import SpecialistIndexPage

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
MARKER = "<script>x</script>"
text = st.text(max_size=300) | st.text(alphabet="<>\"'&%;\\/*?()[]{}|^$.+", max_size=50)
huge = st.integers(min_value=-(10**30), max_value=10**30).map(str)
values = text | huge | st.sampled_from(["", "-1", "abc", "99999", "1e309", "NaN", MARKER])
finder_keys = st.sampled_from(
    ["q", "page", "topic", "therapy", "specialty", "country", "region", "city", "language",
     "kind", "near", "radius", "sort", "unknown"]
)  # fmt: skip
params = st.lists(st.tuples(finder_keys, values), max_size=8)


def fetch(client, url, pairs):
    query = urlencode([(key, value.replace("\x00", "")) for key, value in pairs])
    return client.get(f"{url}?{query}")


def assert_safe(response, pairs):
    assert response.status_code in (200, 400), response.status_code
    body = response.content.decode()
    for _key, value in pairs:
        if "<" in value and len(value) > 3:
            assert value not in body


@pytest.mark.django_db
@FUZZ
@given(pairs=params)
def test_search_survives_any_parameters(client, no_page_cache, pairs):
    response = fetch(client, "/en/search/", [("q", "liver"), *pairs])

    assert_safe(response, pairs)


@pytest.mark.django_db
@FUZZ
@given(pairs=params)
def test_finder_survives_any_parameters(client, no_page_cache, pairs):
    finder = SpecialistIndexPage.objects.get(locale__language_code="de")

    response = fetch(client, finder.url, pairs)

    assert_safe(response, pairs)


@pytest.mark.django_db
def test_script_in_query_is_escaped(client, no_page_cache):
    response = client.get("/en/search/", {"q": MARKER})

    assert MARKER not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


api_keys = st.sampled_from(
    ["q", "locale", "type", "lang", "page", "near", "radius", "country", "topic", "sort",
     "limit", "offset", "order", "fallback", "child_of", "search", "fields", "unknown"]
)  # fmt: skip
api_params = st.lists(
    st.tuples(api_keys, values | st.sampled_from(["de", "xx", "all"])), max_size=8
)


def assert_json_answer(response):
    """Any answer is JSON with a client-error or success status, never HTML or a 5xx."""
    assert response.status_code in (200, 400, 404, 422), response.status_code
    assert "json" in response["Content-Type"]
    body = response.json()
    for hit in body.get("results", []) if isinstance(body, dict) else []:
        assert "<script" not in hit.get("excerpt_html", "").lower()


@pytest.mark.django_db
@FUZZ
@pytest.mark.parametrize("path", ["/api/v3/search/", "/api/v3/specialists/find/", "/api/v3/pages/"])
@given(pairs=api_params)
def test_api_query_parameters_never_break_the_api(client, path, pairs):
    assert_json_answer(fetch(client, path, [("q", "liver"), *pairs]))
