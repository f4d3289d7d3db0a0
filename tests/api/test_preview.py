"""Editors see drafts in the app before publishing; nobody else does."""

from urllib.parse import urlsplit

import pytest

from topics.models import TopicPage

from ..utils import page_in


@pytest.fixture
def drafted(db):
    topic = page_in(TopicPage, "en")
    draft = topic.get_latest_revision_as_object()
    draft.title = "Liver metastases (revised)"
    draft.save_revision()
    return topic


@pytest.mark.django_db
def test_editor_token_reads_the_latest_draft(api, token, drafted):
    editor = api.as_user(token("editor"))

    response = editor.get(f"/api/v3/pages/{drafted.pk}/?version=draft")

    assert response.status_code == 200
    assert response.json()["title"] == "Liver metastases (revised)"
    assert response.json()["meta"]["draft"] is True
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_drafts_need_a_token_whose_user_may_edit_the_page(api, token, drafted):
    translator = api.as_user(token("translator_de"))

    assert api.get(f"/api/v3/pages/{drafted.pk}/?version=draft").status_code == 401
    assert translator.get(f"/api/v3/pages/{drafted.pk}/?version=draft").status_code == 403
    assert api.get(f"/api/v3/pages/{drafted.pk}/").json()["title"] == "Liver metastases"


@pytest.mark.django_db
def test_signed_preview_link_shows_the_draft_without_a_token(api, token, drafted):
    editor = api.as_user(token("editor"))

    link = editor.post(f"/api/v3/pages/{drafted.pk}/preview-link/").json()
    url = urlsplit(link["url"])
    response = api.get(f"{url.path}?{url.query}")

    assert link["expires_at"]
    assert response.status_code == 200
    assert response.json()["title"] == "Liver metastases (revised)"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_preview_links_expire_and_cannot_be_forged(api, token, drafted, settings):
    editor = api.as_user(token("editor"))
    link = urlsplit(editor.post(f"/api/v3/pages/{drafted.pk}/preview-link/").json()["url"])

    forged = api.get(f"{link.path}?{link.query}x")
    settings.CMS_API_PREVIEW_MAX_AGE = -1
    expired = api.get(f"{link.path}?{link.query}")

    assert forged.status_code == 403
    assert expired.status_code == 403
    assert "expired" in expired.json()["detail"]


@pytest.mark.django_db
def test_only_editors_of_the_page_get_preview_links(api, token, drafted):
    translator = api.as_user(token("translator_de"))

    assert translator.post(f"/api/v3/pages/{drafted.pk}/preview-link/").status_code == 403
    assert api.post(f"/api/v3/pages/{drafted.pk}/preview-link/").status_code == 401
