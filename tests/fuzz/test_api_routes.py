"""Every route of the OpenAPI document (and API v2, site search, suggestions, the finder)
answers numbers in other scripts, search syntax and oversized bodies without a 5xx."""

import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.db import connection
from django.test import Client

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site
from wagtail_localize.models import Translation

from api.mount import build

from ..specialists.helpers import finder_url

PER_ROUTE = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
PER_SEARCH_ROUTE = settings(PER_ROUTE, max_examples=25)
PROBLEM_JSON = "application/problem+json"
PARAMETER = re.compile(r"\{(\w+)\}")
# Numbers the project's own endpoints take as text (page numbers, ids of related pages).
NUMERIC_NAMES = {"page", "radius", "topic", "therapy", "specialty", "child_of", "descendant_of"}


def _operations():
    """(method, path template, numeric query names, search query names) from the document."""
    operations = []
    for template, item in build().get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            numeric, search = [], []
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter.get("schema", {})
                types = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
                if types & {"integer", "number"} or parameter["name"] in NUMERIC_NAMES:
                    numeric.append(parameter["name"])
                if parameter["name"] in ("q", "search"):
                    search.append(parameter["name"])
            operations.append((method, template, tuple(numeric), tuple(search)))
    return operations


OPERATIONS = _operations()
# A route with nothing numeric of its own still gets one number in its query.
NUMERIC_OPERATIONS = [
    (method, template, numeric or ("limit",), search)
    for method, template, numeric, search in OPERATIONS
]
SEARCH_OPERATIONS = [op for op in OPERATIONS if op[3]]
V2_NUMERIC = {
    "/api/v2/pages/": ["limit", "offset", "child_of", "descendant_of", "ancestor_of", "id"],
    "/api/v2/images/": ["limit", "offset", "id"],
    "/api/v2/documents/": ["limit", "offset", "id"],
}
V2_DETAIL = ["/api/v2/pages/{id}/", "/api/v2/images/{id}/", "/api/v2/documents/{id}/"]

# Characters Python reads as numbers (int('٣') == 3, '²'.isdigit()) that are not 0-9.
foreign_digit = st.characters(categories=["Nd", "Nl", "No"]).filter(lambda c: not c.isascii())
foreign_number = st.builds(
    lambda sign, digits: sign + digits,
    st.sampled_from(["", "-", "+", " "]),
    st.lists(foreign_digit | st.sampled_from("0123456789"), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda text: not text.isascii()),
)
FTS_TOKENS = ['"', "*", "^", ":", "(", ")", "NEAR", "NEAR(", "AND", "OR", "NOT", "-", "+",
              "'", "\x00", "{", "}", "liver", "Leber", "a*", '"liver', "col:", "\\"]  # fmt: skip
short_fts = st.lists(st.sampled_from(FTS_TOKENS) | st.text(max_size=8), min_size=1, max_size=12)
long_fts = st.lists(st.sampled_from(FTS_TOKENS), min_size=150, max_size=600)
fts_query = (short_fts | long_fts).map(
    lambda parts: "".join(parts) if len(parts) % 2 else " ".join(parts)
)


def _state():
    """What a write could change: if any of it moves, an refused request did something."""
    return [
        model.objects.count() for model in (Page, Revision, Translation, Image, Document, Site)
    ] + [Redirect.objects.count(), Revision.objects.order_by("-pk").values("pk").first()]


def _client(token, as_user, method):
    headers = {}
    if as_user or method != "get":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return headers


def _request(client, method, url, headers):
    if method in ("get", "delete"):
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, data="{}", content_type="application/json", **headers)


def assert_problem(response):
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"] == PROBLEM_JSON, response["Content-Type"]
        assert response.json()["detail"]


@pytest.fixture
def editor_token(token):
    return token("editor")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "numeric", "search"), NUMERIC_OPERATIONS)
@PER_ROUTE
@given(data=st.data(), as_user=st.booleans())
def test_numbers_in_other_scripts_are_refused_on_every_route(
    client, editor_token, method, template, numeric, search, data, as_user
):
    url = PARAMETER.sub(lambda _match: data.draw(foreign_number).strip() or "٣", template)
    query = {name: data.draw(foreign_number) for name in numeric}
    before = _state()

    response = _request(
        client, method, f"{url}?{urlencode(query)}", _client(editor_token, as_user, method)
    )

    assert_problem(response)
    assert response.status_code in (400, 401, 403, 404, 405, 422)
    assert _state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("listing", sorted(V2_NUMERIC))
@PER_SEARCH_ROUTE
@given(data=st.data(), as_user=st.booleans())
def test_numbers_in_other_scripts_are_refused_by_api_v2(
    client, editor_token, listing, data, as_user
):
    name = data.draw(st.sampled_from(V2_NUMERIC[listing]))
    value = data.draw(foreign_number)
    headers = _client(editor_token, as_user, "get")

    response = client.get(listing, {name: value}, **headers)
    detail = client.get(data.draw(st.sampled_from(V2_DETAIL)).format(id=value.strip()), **headers)

    assert response.status_code in (400, 404, 422), (name, value, response.status_code)
    assert "json" in response["Content-Type"]
    assert detail.status_code == 404
    assert detail["Content-Type"] == PROBLEM_JSON


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "numeric", "search"), SEARCH_OPERATIONS)
@PER_SEARCH_ROUTE
@given(query=fts_query, as_user=st.booleans())
def test_search_syntax_never_reaches_the_index_on_v3(
    client, editor_token, method, template, numeric, search, query, as_user
):
    response = client.get(template, {search[0]: query}, **_client(editor_token, as_user, method))

    assert_problem(response)


@pytest.mark.django_db
@pytest.mark.parametrize("listing", sorted(V2_NUMERIC))
@PER_SEARCH_ROUTE
@given(query=fts_query)
def test_search_syntax_never_reaches_the_index_on_v2(client, listing, query):
    response = client.get(listing, {"search": query})

    assert response.status_code < 500, response.content[:300]
    assert "json" in response["Content-Type"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/en/search/", "/en/search/suggestions/", "/en/search/suggestions/?format=json"]
)
@PER_SEARCH_ROUTE
@given(query=fts_query)
def test_search_syntax_never_breaks_site_search_or_suggestions(client, path, query):
    separator = "&" if "?" in path else "?"

    response = client.get(f"{path}{separator}{urlencode({'q': query})}")

    # A NUL is refused before any view runs (cms.null_characters).
    assert response.status_code == (400 if "\x00" in query else 200), response.status_code


@pytest.mark.django_db
@PER_SEARCH_ROUTE
@given(query=fts_query)
def test_search_syntax_never_breaks_the_finder(client, no_page_cache, query):
    response = client.get(finder_url("en"), {"q": query})

    assert response.status_code in (200, 400), response.status_code


@pytest.mark.django_db
def test_clean_words_still_find_pages_through_api_v2(client):
    response = client.get("/api/v2/pages/", {"search": '"liver" AND (metastases'})

    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] > 0


@pytest.fixture
def broken_index(db):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE wagtailsearch_indexentry RENAME TO broken_indexentry")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/?search=liver",
        "/api/v2/images/?search=liver",
        "/api/v2/documents/?search=liver",
        "/api/v3/images/?search=liver",
        "/api/v3/documents/?search=liver",
        "/api/v3/search/?q=liver",
        "/api/v3/specialists/find/?q=liver",
    ],
)
def test_a_broken_index_is_one_503_answer_in_the_api(client, broken_index, path):
    response = client.get(path)

    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == PROBLEM_JSON
    assert response["Retry-After"] == "60"
    assert "temporarily unavailable" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/search/?q=liver", 200),
        ("/en/search/suggestions/?q=liv", 503),
        ("/en/search/suggestions/?q=liv&format=json", 503),
        (f"{finder_url('en')}?q=liver", 200),
    ],
)
def test_a_broken_index_is_a_message_on_html_pages(
    client, no_page_cache, broken_index, path, status
):
    response = client.get(path)

    assert response.status_code == status
    assert "Search is temporarily unavailable" in response.content.decode()


SIZES = st.integers(min_value=1025, max_value=8 * 1024)
BODY_PATHS = [
    "/api/v3/pages/",
    "/api/v3/pages/3/",
    "/api/v3/pages/3/translations/",
    "/api/v3/images/",
    "/api/v3/no-such-endpoint/",
    "/api/v2/pages/",
]


@pytest.fixture
def small_body_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024


@pytest.mark.django_db
@PER_SEARCH_ROUTE
@given(
    size=SIZES,
    path=st.sampled_from([*BODY_PATHS, "/en/search/", "/admin/login/"]),
    method=st.sampled_from(["post", "put", "patch"]),
)
def test_oversized_bodies_are_413(client, editor_token, small_body_limit, size, path, method):
    before = _state()

    response = getattr(client, method)(
        path,
        "x" * size,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {editor_token}",
    )

    assert response.status_code == 413
    if path.startswith("/api/"):
        assert response["Content-Type"] == PROBLEM_JSON
    assert _state() == before


@pytest.mark.django_db
def test_a_body_found_too_large_while_read_is_413(client, editor_token, small_body_limit):
    response = client.post(
        "/api/v3/images/",
        {"title": "x" * 4096},
        HTTP_AUTHORIZATION=f"Bearer {editor_token}",
    )

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM_JSON


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_to_unknown_api_paths_are_404_even_with_csrf_checks(method):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)("/api/v3/no-such-endpoint/")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_JSON
    assert "no-such-endpoint" in response.json()["detail"]
