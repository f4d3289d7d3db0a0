"""The OpenAPI document validates and gives generated clients real types."""

import pytest
from openapi_spec_validator import validate

from cms.translation_status import Status
from search.service import LANGUAGE_OPTIONS, TYPES
from specialists.filters import MAX_RADIUS_KM, SORT_CHOICES
from specialists.models import COUNTRIES, SPOKEN_LANGUAGES, SpecialistPage

PAGE_TYPES = [
    "home.HomePage",
    "home.ContentPage",
    "topics.TopicIndexPage",
    "topics.TopicPage",
    "topics.TherapyIndexPage",
    "topics.TherapyPage",
    "specialists.SpecialistIndexPage",
    "specialists.SpecialistPage",
]


@pytest.fixture
def document(client, db):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def resolve(document, reference):
    return document["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def test_openapi_document_validates(document):
    validate(document)


def test_docs_page_is_served(client, db):
    response = client.get("/api/v3/docs/")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_page_detail_is_a_union_discriminated_on_type(document):
    response = document["paths"]["/api/v3/pages/{page_id}/"]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]

    assert schema["discriminator"]["propertyName"] == "type"
    assert set(schema["discriminator"]["mapping"]) >= set(PAGE_TYPES)


def test_list_items_are_typed_summaries(document):
    page_list = document["components"]["schemas"]["PageList"]
    items = page_list["properties"]["items"]["items"]

    assert set(items["discriminator"]["mapping"]) >= set(PAGE_TYPES)
    specialist = resolve(document, items["discriminator"]["mapping"]["specialists.SpecialistPage"])
    assert {"display_name", "specialties", "city", "photo"} <= set(specialist["properties"])


@pytest.mark.parametrize(
    ("page", "blocks"),
    [
        ("TopicPageDetail", {"heading", "paragraph", "faq", "therapy_links", "call_to_action"}),
        ("TherapyPageDetail", {"heading", "section", "key_fact"}),
        ("ContentPageDetail", {"emergency_numbers", "callout"}),
    ],
)
def test_streamfield_blocks_have_typed_schemas(document, page, blocks):
    body = document["components"]["schemas"][page]["properties"]["body"]
    union = body["items"]

    assert union["discriminator"]["propertyName"] == "type"
    assert blocks <= set(union["discriminator"]["mapping"])
    for block_type, reference in union["discriminator"]["mapping"].items():
        item = resolve(document, reference)
        assert item["properties"]["type"]["const"] == block_type
        assert item["properties"]["value"], f"{block_type} has an untyped value"


def test_struct_blocks_and_links_are_typed(document):
    schemas = document["components"]["schemas"]
    heading = schemas["HeadingBlock"]["properties"]
    therapy_links = schemas["TherapyLinksBlock"]["properties"]["therapies"]

    assert heading["level"]["enum"] == ["h2", "h3"]
    assert heading["text"]["type"] == "string"
    link = therapy_links["items"]["anyOf"][0]
    assert resolve(document, link["$ref"])["required"] == ["id", "title", "url", "locale"]


def test_related_pages_and_alternates_are_typed(document):
    topic = document["components"]["schemas"]["TopicPageDetail"]["properties"]
    alternate = document["components"]["schemas"]["Alternate"]["properties"]
    meta = document["components"]["schemas"]["PageDetailMeta"]["properties"]

    for relation in (topic["therapies"], topic["specialists"]):
        link, card = relation["items"]["anyOf"]
        assert link["$ref"].endswith("/PageLink") and card["$ref"].endswith("/PageCard")
    assert meta["alternates"]["additionalProperties"]["$ref"].endswith("/Alternate")
    assert set(alternate["status"]["enum"]) == set(Status.LABELS)
    assert "in_review" in alternate["status"]["enum"]


def test_writes_document_strict_bodies_and_errors(document):
    create = document["paths"]["/api/v3/pages/"]["post"]
    topic = document["components"]["schemas"]["TopicPageCreate"]

    assert topic["additionalProperties"] is False
    assert "last_reviewed" not in topic["properties"]
    assert create["security"] == [{"BearerTokenAuth": []}]
    for status in ("401", "403", "409", "422"):
        assert "application/problem+json" in create["responses"][status]["content"]


def test_project_endpoints_share_the_document(document):
    paths = set(document["paths"])

    assert {
        "/api/v3/locales/",
        "/api/v3/specialties/",
        "/api/v3/pages/{page_id}/translation-status/",
        "/api/v3/pages/{page_id}/translations/",
        "/api/v3/pages/{page_id}/translations/{locale}/po/",
        "/api/v3/preview/",
    } <= paths
    assert "/api/v3/pages/{page_id}/actions/copy_for_translation/" not in paths


LIMIT_HEADERS = {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"}


def operations(document):
    for path, path_item in document["paths"].items():
        for method, operation in path_item.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_the_rate_limit(document):
    """Every path under /api/ is rate limited (cms.ratelimit): a 429 as problem details
    with Retry-After, and the RateLimit-* headers on every answer."""
    headers = document["components"]["headers"]
    assert LIMIT_HEADERS | {"Retry-After"} <= set(headers)

    for name, operation in operations(document):
        limited = operation["responses"]["429"]
        assert "application/problem+json" in limited["content"], name
        assert LIMIT_HEADERS | {"Retry-After"} <= set(limited["headers"]), name
        for status, response in operation["responses"].items():
            assert set(response["headers"]) >= LIMIT_HEADERS, f"{name} {status}"


def test_expanded_relations_are_summary_cards(document):
    card = document["components"]["schemas"]["PageCard"]
    page_list = document["components"]["schemas"]["PageList"]["properties"]["items"]

    assert card["discriminator"] == page_list["items"]["discriminator"]
    assert card["discriminator"]["mapping"]["topics.TherapyPage"].endswith("/TherapyPageSummary")


def parameter(document, path, name):
    parameters = document["paths"][path]["get"]["parameters"]
    return next(item for item in parameters if item["name"] == name)["schema"]


def test_numbers_state_the_bounds_the_api_enforces(document, settings):
    assert parameter(document, "/api/v3/images/", "limit")["maximum"] == (
        settings.WAGTAILAPI_LIMIT_MAX
    )
    assert parameter(document, "/api/v3/pages/", "limit")["maximum"] == (
        settings.WAGTAILAPI_LIMIT_MAX
    )
    redirect_id = parameter(document, "/api/v3/redirects/find/", "id")["anyOf"][0]
    assert redirect_id["maximum"] == 2**63 - 1
    patch = document["components"]["schemas"]["ImagePatchSchema"]["properties"]
    assert patch["focal_point_x"]["anyOf"][0]["minimum"] == 0
    upload = document["paths"]["/api/v3/images/"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["properties"]["title"]["minLength"] == 1


@pytest.mark.parametrize(
    ("path", "name", "values"),
    [
        ("/api/v3/search/", "type", TYPES),
        ("/api/v3/search/", "lang", LANGUAGE_OPTIONS),
        ("/api/v3/specialists/find/", "country", [code for code, _name in COUNTRIES]),
        ("/api/v3/specialists/find/", "language", [code for code, _name in SPOKEN_LANGUAGES]),
        ("/api/v3/specialists/find/", "kind", SpecialistPage.Kind.values),
        ("/api/v3/specialists/find/", "sort", [key for key, _label in SORT_CHOICES]),
    ],
)
def test_search_and_finder_choices_are_enums_of_the_values_they_validate(
    document, path, name, values
):
    """Generated clients get typed enums; the values are the services' own lists."""
    options = parameter(document, path, name)["anyOf"]
    choices = next(option for option in options if option.get("type") == "string")
    assert choices.get("enum", [choices.get("const")]) == list(values)
    assert {"type": "null"} in options


def test_finder_radius_states_its_bounds(document):
    radius = parameter(document, "/api/v3/specialists/find/", "radius")["anyOf"][0]
    assert (radius["type"], radius["minimum"], radius["maximum"]) == ("integer", 1, MAX_RADIUS_KM)


@pytest.mark.parametrize("action", ["unpublish", "approve", "reject"])
def test_optional_bodies_are_plain_references(document, action):
    body = document["paths"][f"/api/v3/pages/{{page_id}}/actions/{action}/"]["post"]
    schema = body["requestBody"]["content"]["application/json"]["schema"]

    assert body["requestBody"]["required"] is False
    assert set(schema) == {"$ref"}
