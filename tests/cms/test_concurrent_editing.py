"""Two people on one page: Wagtail's editing-session notices and page locks are on."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from topics.models import TherapyPage

from ..api.conftest import API


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def therapy(db):
    return TherapyPage.objects.get(slug="sirt", locale__language_code="en")


def ping(client, page, session_id=0):
    content_type = ContentType.objects.get_for_model(page)
    url = reverse(
        "wagtailadmin_editing_sessions:ping",
        args=[content_type.app_label, content_type.model, page.pk, session_id],
    )
    response = client.post(url, {"is_editing": "1", "revision_id": page.latest_revision_id})
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_the_second_editor_is_told_someone_else_is_editing(therapy):
    editor, reviewer = signed_in("editor"), signed_in("reviewer")

    edit_page = editor.get(reverse("wagtailadmin_pages:edit", args=[therapy.pk]))
    ping(editor, therapy)
    seen_by_reviewer = ping(reviewer, therapy)

    assert edit_page.status_code == 200
    assert "wagtailadmin_editing_sessions" in str(edit_page.content) or "ping" in str(
        edit_page.content
    )
    others = seen_by_reviewer["other_sessions"]
    assert len(others) == 1 and others[0]["is_editing"] is True


@pytest.mark.django_db
def test_a_locked_page_cannot_be_changed_by_someone_else(therapy, token):
    editor, reviewer = signed_in("editor"), signed_in("reviewer")
    before = therapy.latest_revision_id

    locked = editor.post(reverse("wagtailadmin_pages:lock", args=[therapy.pk]))
    therapy.refresh_from_db()
    edit = reviewer.get(reverse("wagtailadmin_pages:edit", args=[therapy.pk]))
    through_api = API(Client(), token("reviewer")).patch(
        f"/api/v3/pages/{therapy.pk}/", {"summary": "Overwritten"}
    )

    assert locked.status_code == 302 and therapy.locked
    assert therapy.locked_by.username == "editor"
    assert "locked" in edit.content.decode().lower()
    assert through_api.status_code == 409
    assert "locked" in through_api.json()["detail"].lower()
    therapy.refresh_from_db()
    assert therapy.latest_revision_id == before

    owner = API(Client(), token("editor")).patch(
        f"/api/v3/pages/{therapy.pk}/", {"summary": "Updated by the lock owner."}
    )
    assert owner.status_code == 200
