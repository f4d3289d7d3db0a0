"""Writes with tokens: what each role may do, through Wagtail's permissions and workflow."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail.models import Page

from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from ..utils import page_in


def new_topic(parent, action="draft", **fields):
    return {
        "meta": {"type": "topics.TopicPage", "parent_id": parent.pk, "action": action},
        "title": "Bone metastases",
        "summary": "Tumours that spread to the bones.",
        "body": [
            {"type": "heading", "value": {"text": "What are they?", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Cancer cells that settle in bone.</p>"},
        ],
        **fields,
    }


@pytest.fixture
def editor(api, token):
    return api.as_user(token("editor"))


@pytest.fixture
def reviewer(api, token):
    return api.as_user(token("reviewer"))


@pytest.fixture
def translator(api, token):
    return api.as_user(token("translator_de"))


@pytest.mark.django_db
def test_editor_creates_a_draft_that_readers_cannot_see(api, editor):
    index = page_in(TopicIndexPage, "en")

    response = editor.post("/api/v3/pages/", new_topic(index))

    assert response.status_code == 201, response.content
    data = response.json()
    page = TopicPage.objects.get(pk=data["id"])
    assert not page.live
    assert data["meta"]["draft"] is True
    assert data["body"][0]["value"]["text"] == "What are they?"
    assert response["Cache-Control"] == "private, no-store"
    assert api.get(f"/api/v3/pages/{page.pk}/").status_code == 404


@pytest.mark.django_db
def test_editor_submits_for_review_but_cannot_publish(editor):
    index = page_in(TopicIndexPage, "en")

    submitted = editor.post("/api/v3/pages/", new_topic(index, action="submit"))
    refused = editor.post("/api/v3/pages/", new_topic(index, action="publish", title="Other"))

    assert submitted.status_code == 201
    assert TopicPage.objects.get(pk=submitted.json()["id"]).workflow_in_progress
    assert refused.status_code == 403
    assert "publish" in refused.json()["detail"]
    assert not TopicPage.objects.filter(title="Other").exists()


@pytest.mark.django_db
def test_editor_saves_drafts_of_live_pages_and_only_an_administrator_publishes_directly(
    api, editor, reviewer, token
):
    topic = page_in(TopicPage, "en")
    administrator = api.as_user(token("admin"))

    saved = editor.patch(f"/api/v3/pages/{topic.pk}/", {"summary": "A clearer summary."})
    refused = editor.post(f"/api/v3/pages/{topic.pk}/actions/publish/")
    refused_reviewer = reviewer.post(f"/api/v3/pages/{topic.pk}/actions/publish/")
    public_before = api.get(f"/api/v3/pages/{topic.pk}/").json()
    draft = editor.get(f"/api/v3/pages/{topic.pk}/?version=draft").json()
    published = administrator.post(f"/api/v3/pages/{topic.pk}/actions/publish/")
    public_after = api.get(f"/api/v3/pages/{topic.pk}/").json()

    assert saved.status_code == 200, saved.content
    assert refused.status_code == 403 and "review" in refused.json()["detail"]
    assert refused_reviewer.status_code == 403
    assert public_before["summary"] != "A clearer summary."
    assert draft["summary"] == "A clearer summary." and draft["meta"]["draft"] is True
    assert published.status_code == 200
    assert public_after["summary"] == "A clearer summary."


@pytest.mark.django_db
def test_editor_publishing_through_an_update_is_refused(editor):
    topic = page_in(TopicPage, "en")

    response = editor.patch(
        f"/api/v3/pages/{topic.pk}/", {"summary": "x", "meta": {"action": "publish"}}
    )

    assert response.status_code == 403
    assert TopicPage.objects.get(pk=topic.pk).get_latest_revision_as_object().summary != "x"


@pytest.mark.django_db
def test_submit_action_starts_the_workflow_once(editor):
    therapy = page_in(TherapyPage, "en")

    first = editor.post(f"/api/v3/pages/{therapy.pk}/actions/submit/")
    second = editor.post(f"/api/v3/pages/{therapy.pk}/actions/submit/")

    assert first.status_code == 200
    assert Page.objects.get(pk=therapy.pk).workflow_in_progress
    assert second.status_code == 409


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("colour", "red"),
        ("last_reviewed", "2026-01-01"),
        ("medical_review", {"overdue": False}),
        ("therapies", []),
        ("id", 5),
    ],
)
def test_unknown_and_read_only_fields_are_422_naming_the_field(editor, field, value):
    topic = page_in(TopicPage, "en")
    revisions = topic.revisions.count()

    response = editor.patch(f"/api/v3/pages/{topic.pk}/", {"summary": "x", field: value})
    created = editor.post("/api/v3/pages/", new_topic(topic.get_parent(), **{field: value}))

    for result in (response, created):
        assert result.status_code == 422
        body = result.json()
        assert field in body["detail"]
        assert any(error["loc"][-1] == field for error in body["errors"])
    assert topic.revisions.count() == revisions
    assert not TopicPage.objects.filter(title="Bone metastases").exists()


@pytest.mark.django_db
def test_unknown_fields_of_inline_children_are_422_too(editor):
    therapy = page_in(TherapyPage, "en")

    response = editor.patch(
        f"/api/v3/pages/{therapy.pk}/", {"references": [{"title": "A study", "doi": "10.1/x"}]}
    )

    assert response.status_code == 422
    assert "doi" in response.json()["detail"]


@pytest.mark.django_db
def test_update_with_another_page_type_is_422(editor):
    topic = page_in(TopicPage, "en")
    revisions = topic.revisions.count()

    response = editor.patch(
        f"/api/v3/pages/{topic.pk}/",
        {"meta": {"type": "topics.TherapyPage"}, "therapy_type": "surgery"},
    )

    assert response.status_code == 422
    assert topic.revisions.count() == revisions


@pytest.mark.django_db
def test_invalid_writes_are_422(editor):
    topics = page_in(TopicIndexPage, "en")
    therapies = page_in(TherapyIndexPage, "en")

    wrong_parent = editor.post("/api/v3/pages/", new_topic(therapies))
    no_parent = editor.post("/api/v3/pages/", {**new_topic(topics), "meta": {"parent_id": 1}})
    unknown_parent = editor.post(
        "/api/v3/pages/", new_topic(topics) | {"meta": {"type": "topics.TopicPage", "parent_id": 9}}
    )
    bad_block = editor.post(
        "/api/v3/pages/", new_topic(topics, body=[{"type": "video", "value": "x"}])
    )
    bad_choice = editor.patch(
        f"/api/v3/pages/{page_in(TherapyPage, 'en').pk}/", {"therapy_type": "magic"}
    )

    for response in (wrong_parent, no_parent, unknown_parent, bad_block, bad_choice):
        assert response.status_code == 422, response.content
        assert response.json()["errors"]


@pytest.mark.django_db
def test_creating_a_therapy_linked_to_a_topic(editor):
    topic = page_in(TopicPage, "en")
    body = {
        "meta": {"type": "topics.TherapyPage", "parent_id": page_in(TherapyIndexPage, "en").pk},
        "title": "Microwave ablation",
        "therapy_type": "ablation",
        "intent": "both",
        "summary": "Heat from microwaves destroys the tumour.",
        "topic_links": [{"topic_id": topic.pk}],
        "references": [{"title": "A study", "year": 2024}],
    }

    response = editor.post("/api/v3/pages/", body)

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["references"][0]["title"] == "A study"
    page = TherapyPage.objects.get(pk=data["id"])
    assert [link.topic_id for link in page.topic_links.all()] == [topic.pk]


@pytest.mark.django_db
def test_specialist_pages_can_be_written(editor):
    from specialists.models import SpecialistIndexPage

    body = {
        "meta": {
            "type": "specialists.SpecialistPage",
            "parent_id": page_in(SpecialistIndexPage, "en").pk,
        },
        "title": "Dr Anna Example",
        "given_name": "Anna",
        "family_name": "Example",
        "focus": "Liver surgery",
        "city": "Bern",
        "country": "CH",
    }

    response = editor.post("/api/v3/pages/", body)

    assert response.status_code == 201, response.content
    assert response.json()["display_name"] == "Anna Example"


@pytest.mark.django_db
def test_translator_cannot_touch_source_pages_or_other_languages(translator):
    english = page_in(TopicPage, "en")
    french = page_in(TopicPage, "fr")
    german_index = page_in(TopicIndexPage, "de")

    assert translator.patch(f"/api/v3/pages/{english.pk}/", {"summary": "x"}).status_code == 403
    assert translator.patch(f"/api/v3/pages/{french.pk}/", {"summary": "x"}).status_code == 403
    assert translator.post("/api/v3/pages/", new_topic(english.get_parent())).status_code == 403
    assert translator.post("/api/v3/pages/", new_topic(german_index)).status_code == 403
    assert translator.post(f"/api/v3/pages/{english.pk}/actions/publish/").status_code == 403


@pytest.mark.django_db
def test_translated_pages_change_only_through_wagtail_localize(translator, editor):
    german = page_in(TopicPage, "de")

    response = translator.patch(f"/api/v3/pages/{german.pk}/", {"summary": "x"})

    assert response.status_code == 409
    assert "/translations/de/" in response.json()["detail"]
    assert editor.patch(f"/api/v3/pages/{german.pk}/", {"summary": "x"}).status_code == 403


@pytest.mark.django_db
def test_wagtails_copy_for_translation_is_not_offered(editor):
    topic = page_in(TopicPage, "en")

    response = editor.post(
        f"/api/v3/pages/{topic.pk}/actions/copy_for_translation/", {"locale": "de"}
    )

    assert response.status_code in (404, 405)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_submitting_without_a_workflow_is_422(editor):
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.all().delete()
    therapy = page_in(TherapyPage, "en")

    response = editor.post(f"/api/v3/pages/{therapy.pk}/actions/submit/")

    assert response.status_code == 422
    assert "workflow" in response.json()["detail"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
BLOCK_TYPES = st.sampled_from(["heading", "video", "faq", "therapy_links", "list", "nope"])


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.lists(
        st.fixed_dictionaries({"type": BLOCK_TYPES, "value": JSON}) | JSON, min_size=1, max_size=2
    )
)
def test_body_values_of_any_json_shape_are_a_422_or_accepted_never_a_500(editor, body):
    topics = page_in(TopicIndexPage, "en")

    response = editor.post("/api/v3/pages/", new_topic(topics, body=body))

    assert response.status_code in (201, 422), response.content
