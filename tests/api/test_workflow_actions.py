"""Approve and request changes through the API: the admin's workflow actions, the gate's rules."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Page, Workflow, WorkflowTask

from cms.models import MedicalReviewTask
from cms.roles import MEDICAL_REVIEWERS
from cms.workflows import MEDICAL_REVIEW, submit_translation_for_review
from topics.models import TopicPage

from ..utils import page_in


@pytest.fixture
def as_token(api, token):
    return lambda username: api.as_user(token(username))


@pytest.fixture
def in_review(as_token):
    """An English topic the editor changed through the API and submitted for review."""
    topic = page_in(TopicPage, "en")
    response = as_token("editor").patch(
        f"/api/v3/pages/{topic.pk}/",
        {"summary": "A reviewed summary.", "meta": {"action": "submit"}},
    )
    assert response.status_code == 200, response.content
    return topic


def live_summary(api, page):
    return api.get(f"/api/v3/pages/{page.pk}/").json()["summary"]


@pytest.mark.django_db
def test_the_medical_reviewer_approves_and_the_page_goes_live(api, as_token, in_review):
    before = live_summary(api, in_review)

    response = as_token("reviewer").post(
        f"/api/v3/pages/{in_review.pk}/actions/approve/", {"comment": "Checked the sources."}
    )

    assert response.status_code == 200, response.content
    assert before != "A reviewed summary."
    assert live_summary(api, in_review) == "A reviewed summary."
    page = TopicPage.objects.get(pk=in_review.pk)
    assert not page.workflow_in_progress
    assert page.reviewed_by.startswith("Dr. med. Clara Weber")
    assert response.json()["meta"]["workflow"] is None


@pytest.mark.django_db
def test_the_page_goes_live_only_when_the_last_task_is_approved(api, as_token, in_review):
    second = MedicalReviewTask.objects.create(name="Second opinion")
    second.groups.set([Group.objects.get(name=MEDICAL_REVIEWERS)])
    WorkflowTask.objects.create(
        workflow=Workflow.objects.get(name=MEDICAL_REVIEW), task=second, sort_order=1
    )
    reviewer = as_token("reviewer")
    url = f"/api/v3/pages/{in_review.pk}/actions/approve/"

    first = reviewer.post(url)
    between = live_summary(api, in_review)
    state = reviewer.get(f"/api/v3/pages/{in_review.pk}/?version=draft").json()["meta"]
    final = reviewer.post(url)

    assert first.status_code == 200, first.content
    assert between != "A reviewed summary."
    assert state["workflow"]["task"]["name"] == "Second opinion"
    assert final.status_code == 200, final.content
    assert live_summary(api, in_review) == "A reviewed summary."


@pytest.mark.django_db
def test_the_author_cannot_approve_their_own_change(api, as_token):
    topic = page_in(TopicPage, "en")
    reviewer = as_token("reviewer")
    reviewer.patch(
        f"/api/v3/pages/{topic.pk}/", {"summary": "My own words.", "meta": {"action": "submit"}}
    )

    response = reviewer.post(f"/api/v3/pages/{topic.pk}/actions/approve/")

    assert response.status_code == 403
    assert "four-eyes" in response.json()["detail"]
    assert live_summary(api, topic) != "My own words."
    assert Page.objects.get(pk=topic.pk).workflow_in_progress


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["translation_reviewer_fr", "reviewer", "editor"])
def test_reviewers_of_another_language_and_editors_cannot_approve(as_token, users, username):
    german = page_in(TopicPage, "de")
    submit_translation_for_review(german, users["translator_de"])
    assert Page.objects.get(pk=german.pk).workflow_in_progress

    response = as_token(username).post(f"/api/v3/pages/{german.pk}/actions/approve/")

    assert response.status_code == 403, response.content
    assert Page.objects.get(pk=german.pk).workflow_in_progress


@pytest.mark.django_db
def test_the_reviewer_of_the_language_approves_a_translation(as_token, users):
    german = page_in(TopicPage, "de")
    submit_translation_for_review(german, users["translator_de"])

    response = as_token("translation_reviewer_de").post(
        f"/api/v3/pages/{german.pk}/actions/approve/"
    )

    assert response.status_code == 200, response.content
    page = TopicPage.objects.get(pk=german.pk)
    assert not page.workflow_in_progress and page.live


@pytest.mark.django_db
def test_anonymous_gets_401_and_changes_nothing(api, in_review):
    for action in ("approve", "reject"):
        response = api.post(f"/api/v3/pages/{in_review.pk}/actions/{action}/")
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
    assert Page.objects.get(pk=in_review.pk).workflow_in_progress


@pytest.mark.django_db
def test_request_changes_keeps_the_page_and_records_the_comment(api, as_token, in_review):
    response = as_token("reviewer").post(
        f"/api/v3/pages/{in_review.pk}/actions/reject/", {"comment": "Cite the guideline."}
    )

    assert response.status_code == 200, response.content
    workflow = response.json()["meta"]["workflow"]
    assert workflow["status"] == "needs_changes"
    assert workflow["task"]["status"] == "rejected"
    assert live_summary(api, in_review) != "A reviewed summary."
    state = Page.objects.get(pk=in_review.pk).current_workflow_state
    assert state.current_task_state.get_comment() == "Cite the guideline."


@pytest.mark.django_db
def test_workflow_state_is_shown_to_token_readers_who_may_edit_only(api, as_token, in_review):
    draft = as_token("reviewer").get(f"/api/v3/pages/{in_review.pk}/?version=draft").json()
    editor_view = as_token("editor").get(f"/api/v3/pages/{in_review.pk}/").json()
    translator_view = as_token("translator_de").get(f"/api/v3/pages/{in_review.pk}/").json()
    public = api.get(f"/api/v3/pages/{in_review.pk}/").json()

    workflow = draft["meta"]["workflow"]
    assert workflow["name"] == MEDICAL_REVIEW and workflow["status"] == "in_progress"
    assert workflow["task"]["status"] == "in_progress"
    assert workflow["task"]["actions"] == ["reject", "approve"]
    assert editor_view["meta"]["workflow"]["task"]["actions"] == []
    assert translator_view["meta"]["workflow"] is None
    assert public["meta"]["workflow"] is None


@pytest.mark.django_db
def test_acting_on_a_page_not_in_review_is_409_and_unknown_pages_404(as_token):
    topic = page_in(TopicPage, "en")
    reviewer = as_token("reviewer")

    assert reviewer.post(f"/api/v3/pages/{topic.pk}/actions/approve/").status_code == 409
    assert reviewer.post("/api/v3/pages/999999/actions/reject/").status_code == 404
    assert (
        reviewer.post(f"/api/v3/pages/{topic.pk}/actions/approve/", {"comment": 5}).status_code
        == 422
    )
