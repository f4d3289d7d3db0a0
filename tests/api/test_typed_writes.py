"""StreamField bodies are typed in the write schemas, and their errors name the block and field."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topics.models import TopicIndexPage, TopicPage

from ..utils import page_in


@pytest.fixture
def editor(api, token):
    return api.as_user(token("editor"))


def topic_with(parent, body, action="draft"):
    return {
        "meta": {"type": "topics.TopicPage", "parent_id": parent.pk, "action": action},
        "title": "Bone metastases",
        "summary": "Tumours that spread to the bones.",
        "body": body,
    }


GOOD = [
    {"type": "paragraph", "value": "<p>Cancer cells that settle in bone.</p>"},
    {"type": "heading", "value": {"text": "What are they?", "level": "h2"}},
    {"type": "faq", "value": {"title": "", "items": [{"question": "Q?", "answer": "<p>A.</p>"}]}},
]


def errors_at(response):
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {tuple(error["loc"]): error for error in response.json()["errors"]}


def input_schema(api, name):
    return api.get("/api/v3/openapi.json").json()["components"]["schemas"][name]


@pytest.mark.django_db
def test_write_schemas_type_each_block(api):
    create = input_schema(api, "TopicPageCreate")
    body = create["properties"]["body"]
    heading = input_schema(api, "HeadingBlockInput")
    item = input_schema(api, "HeadingItemInput")

    assert body["type"] == "array" and body["items"] != {}
    assert "discriminator" in body["items"] or "oneOf" in str(body["items"])
    assert item["properties"]["type"]["const"] == "heading"
    assert set(heading["properties"]) == {"text", "level"}
    assert heading["additionalProperties"] is False
    assert "body" in input_schema(api, "TopicPageUpdate")["properties"]


@pytest.mark.django_db
def test_a_typed_body_is_written(editor):
    index = page_in(TopicIndexPage, "en")

    response = editor.post("/api/v3/pages/", topic_with(index, GOOD))

    assert response.status_code == 201, response.content
    body = response.json()["body"]
    assert [block["type"] for block in body] == ["paragraph", "heading", "faq"]
    assert body[2]["value"]["items"][0]["question"] == "Q?"


@pytest.mark.django_db
def test_a_json_type_error_points_at_the_field_of_the_block(editor):
    index = page_in(TopicIndexPage, "en")
    body = [*GOOD, {"type": "heading", "value": {"text": ["not", "text"], "level": "h2"}}]

    errors = errors_at(editor.post("/api/v3/pages/", topic_with(index, body)))

    assert list(errors) == [("body", "data", "body", 3, "value", "text")]
    assert not TopicPage.objects.filter(title="Bone metastases").exists()


@pytest.mark.django_db
def test_unknown_blocks_and_keys_are_named(editor):
    index = page_in(TopicIndexPage, "en")
    body = [
        {"type": "heading", "value": {"text": "x", "level": "h2", "colour": "red"}},
        {"type": "marquee", "value": "Hello"},
    ]

    errors = errors_at(editor.post("/api/v3/pages/", topic_with(index, body)))

    assert ("body", "data", "body", 0, "value", "colour") in errors
    assert ("body", "data", "body", 1) in errors


@pytest.mark.django_db
def test_wagtail_block_validation_points_at_the_block_and_field(editor):
    index = page_in(TopicIndexPage, "en")
    body = [
        *GOOD,
        {"type": "heading", "value": {"text": "", "level": "h2"}},
        {"type": "faq", "value": {"title": "", "items": [{"question": "", "answer": "<p>A</p>"}]}},
    ]

    errors = errors_at(editor.post("/api/v3/pages/", topic_with(index, body, "submit")))

    assert set(errors) == {
        ("body", 3, "value", "text"),
        ("body", 4, "value", "items", 0, "question"),
    }
    assert errors[("body", 3, "value", "text")]["type"] == "required"
    assert not TopicPage.objects.filter(title="Bone metastases").exists()


@pytest.mark.django_db
def test_a_draft_may_leave_required_block_fields_empty_as_in_the_admin(editor):
    index = page_in(TopicIndexPage, "en")
    body = [{"type": "heading", "value": {"text": "", "level": "h2"}}]

    response = editor.post("/api/v3/pages/", topic_with(index, body))

    assert response.status_code == 201, response.content
    assert not TopicPage.objects.get(pk=response.json()["id"]).workflow_in_progress


@pytest.mark.django_db
def test_an_update_reports_block_errors_the_same_way(editor):
    topic = page_in(TopicPage, "en")
    before = topic.get_latest_revision().pk

    errors = errors_at(
        editor.patch(
            f"/api/v3/pages/{topic.pk}/",
            {
                "body": [{"type": "heading", "value": {"text": "", "level": "h2"}}],
                "meta": {"action": "submit"},
            },
        )
    )

    assert list(errors) == [("body", 0, "value", "text")]
    assert TopicPage.objects.get(pk=topic.pk).get_latest_revision().pk == before


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(["text", "level", "items", "x"]), children, max_size=3
            )
        ),
        max_leaves=8,
    ),
    kind=st.sampled_from(["heading", "faq", "list", "call_to_action", "video", "paragraph"]),
)
def test_any_block_value_is_written_or_refused_with_a_location(editor, value, kind):
    index = page_in(TopicIndexPage, "en")

    response = editor.post("/api/v3/pages/", topic_with(index, [{"type": kind, "value": value}]))

    assert response.status_code in (201, 422), response.content
    if response.status_code == 422:
        assert all(error.get("loc") for error in response.json()["errors"])
