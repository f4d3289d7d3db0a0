"""Revisions and unpublish on Wagtail's v3 paths: for the users who may edit (publish) the page."""

import pytest

from wagtail.models import Page

from topics.models import TherapyPage, TopicPage

from ..utils import page_in


@pytest.fixture
def as_token(api, token):
    return lambda username: api.as_user(token(username))


@pytest.mark.django_db
def test_editors_list_and_read_revisions_newest_first(as_token):
    topic = page_in(TopicPage, "en")
    editor = as_token("editor")
    editor.patch(f"/api/v3/pages/{topic.pk}/", {"summary": "Draft one."})
    editor.patch(f"/api/v3/pages/{topic.pk}/", {"summary": "Draft two."})

    listed = editor.get(f"/api/v3/pages/{topic.pk}/revisions/", {"limit": 2})
    newest = listed.json()["items"][0]
    detail = editor.get(f"/api/v3/pages/{topic.pk}/revisions/{newest['id']}/")
    older = editor.get(f"/api/v3/pages/{topic.pk}/revisions/{listed.json()['items'][1]['id']}/")

    assert listed.status_code == 200, listed.content
    assert listed.json()["count"] == topic.revisions.count() >= 2
    assert len(listed.json()["items"]) == 2
    assert newest["object_id"] == str(topic.pk)
    assert detail.status_code == 200, detail.content
    assert detail.json()["content_object"]["summary"] == "Draft two."
    assert detail.json()["content_object"]["meta"]["draft"] is True
    assert detail.json()["content_type"]["name"] == "topics.TopicPage"
    assert older.json()["content_object"]["summary"] == "Draft one."
    assert listed["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_revisions_need_a_token_of_someone_who_may_edit_the_page(api, as_token):
    topic = page_in(TopicPage, "en")
    revision = topic.get_latest_revision()

    anonymous = api.get(f"/api/v3/pages/{topic.pk}/revisions/")
    anonymous_detail = api.get(f"/api/v3/pages/{topic.pk}/revisions/{revision.pk}/")
    translator = as_token("translator_de").get(f"/api/v3/pages/{topic.pk}/revisions/")
    other_page = as_token("editor").get(
        f"/api/v3/pages/{page_in(TherapyPage, 'en').pk}/revisions/{revision.pk}/"
    )

    assert anonymous.status_code == 401 and anonymous_detail.status_code == 401
    assert translator.status_code == 403
    assert other_page.status_code == 404
    assert as_token("editor").get("/api/v3/pages/999999/revisions/").status_code == 404


@pytest.mark.django_db
def test_revision_filters_are_wagtails(as_token):
    topic = page_in(TopicPage, "en")
    editor = as_token("editor")
    editor.patch(f"/api/v3/pages/{topic.pk}/", {"summary": "Filtered."})

    later = editor.get(
        f"/api/v3/pages/{topic.pk}/revisions/", {"created_at_from": "2100-01-01T00:00:00Z"}
    )
    bad = editor.get(f"/api/v3/pages/{topic.pk}/revisions/", {"created_at_from": "soon"})
    bad_user = editor.get(f"/api/v3/pages/{topic.pk}/revisions/", {"user_id": "abc"})
    author = Page.objects.get(pk=topic.pk).get_latest_revision().user_id
    by_editor = editor.get(f"/api/v3/pages/{topic.pk}/revisions/", {"user_id": author})

    assert later.status_code == 200 and later.json() == {"count": 0, "items": []}
    assert bad.status_code == 422 and bad_user.status_code == 422
    assert by_editor.status_code == 200 and by_editor.json()["count"] >= 1


@pytest.mark.django_db
def test_medical_reviewers_unpublish_editors_cannot(api, as_token):
    therapy = page_in(TherapyPage, "en")

    refused = as_token("editor").post(f"/api/v3/pages/{therapy.pk}/actions/unpublish/")
    still_live = api.get(f"/api/v3/pages/{therapy.pk}/").status_code
    done = as_token("reviewer").post(f"/api/v3/pages/{therapy.pk}/actions/unpublish/")
    gone = api.get(f"/api/v3/pages/{therapy.pk}/").status_code
    again = as_token("reviewer").post(f"/api/v3/pages/{therapy.pk}/actions/unpublish/")

    assert refused.status_code == 403
    assert still_live == 200
    assert done.status_code == 200, done.content
    assert gone == 404
    assert not Page.objects.get(pk=therapy.pk).live
    assert again.status_code == 409


@pytest.mark.django_db
def test_translation_reviewers_unpublish_only_in_their_language(as_token):
    german = page_in(TherapyPage, "de")
    french = page_in(TherapyPage, "fr")
    reviewer_de = as_token("translation_reviewer_de")

    refused = reviewer_de.post(f"/api/v3/pages/{french.pk}/actions/unpublish/")
    done = reviewer_de.post(f"/api/v3/pages/{german.pk}/actions/unpublish/")

    assert refused.status_code == 403
    assert Page.objects.get(pk=french.pk).live
    assert done.status_code == 200, done.content
    assert not Page.objects.get(pk=german.pk).live


@pytest.mark.django_db
def test_unpublish_recursive_takes_the_subtree_off(api, as_token):
    topic = page_in(TopicPage, "en")
    index = topic.get_parent()
    children = list(index.get_children().live().values_list("pk", flat=True))

    response = as_token("admin").post(
        f"/api/v3/pages/{index.pk}/actions/unpublish/", {"recursive": True}
    )

    assert response.status_code == 200, response.content
    assert children and not Page.objects.filter(pk__in=children, live=True).exists()
    assert api.get(f"/api/v3/pages/{topic.pk}/").status_code == 404


@pytest.mark.django_db
def test_unpublish_refuses_a_body_it_does_not_know(as_token):
    therapy = page_in(TherapyPage, "en")

    response = as_token("reviewer").post(
        f"/api/v3/pages/{therapy.pk}/actions/unpublish/", {"recursive": "maybe"}
    )

    assert response.status_code == 422
    assert Page.objects.get(pk=therapy.pk).live
