"""wagtail-localize's editor, as translators and reviewers meet it."""

import html
import json
import re

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import Page

from topics.models import TopicPage

from ..utils import english_topic


def editor_props(response):
    raw = re.search(
        r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode()
    )
    return json.loads(html.unescape(raw.group(1)))


@pytest.fixture
def german(db):
    return TopicPage.objects.get(locale__language_code="de")


@pytest.mark.django_db
def test_translators_main_actions_are_save_draft_and_submit(client, users, german):
    client.force_login(users["translator_de"])

    response = client.get(reverse("wagtailadmin_pages:edit", args=[german.pk]))

    page = response.content.decode()
    props = editor_props(response)
    assert reverse("cms_save_translation_draft", args=[german.pk]) in page
    assert reverse("cms_submit_for_review", args=[german.pk]) in page
    assert props["perms"] == {
        "canPublish": False,
        "canUnpublish": False,
        "canLock": False,
        "canUnlock": False,
        "canDelete": False,
    }
    assert props["links"]["convertToAliasUrl"] is None
    assert props["links"]["stopTranslationUrl"] is None
    assert "cms/admin/translation-editor.css" in page


@pytest.mark.django_db
def test_administrators_keep_wagtail_localizes_actions(client, users, german):
    client.force_login(users["admin"])

    props = editor_props(client.get(reverse("wagtailadmin_pages:edit", args=[german.pk])))

    assert props["perms"]["canPublish"] is True
    assert props["links"]["stopTranslationUrl"]


@pytest.mark.django_db
def test_in_review_the_editor_says_so_and_offers_the_reviewer_approve(
    client, users, german, commit
):
    client.force_login(users["translator_de"])
    commit(client.post, reverse("cms_submit_for_review", args=[german.pk]))

    translator_view = client.get(reverse("wagtailadmin_pages:edit", args=[german.pk]))
    client.force_login(users["translation_reviewer_de"])
    reviewer_view = client.get(reverse("wagtailadmin_pages:edit", args=[german.pk]))

    assert 'class="help-block help-warning" role="status"' in translator_view.content.decode()
    assert (
        reverse("cms_submit_for_review", args=[german.pk]) not in translator_view.content.decode()
    )
    state = Page.objects.get(pk=german.pk).current_workflow_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[german.pk, "approve", state.pk])
    assert approve in reviewer_view.content.decode()


@pytest.mark.django_db
def test_reviewers_are_told_by_e_mail_when_a_task_waits(users):
    page = english_topic("Gallstones", "gallstones", publish=False, user=users["editor"])
    mail.outbox.clear()

    page.get_workflow().start(page, users["editor"])

    to_reviewer = [m for m in mail.outbox if users["reviewer"].email in m.to]
    assert to_reviewer
    assert f"/admin/pages/{page.pk}/edit/" in to_reviewer[0].body
    assert "localhost" not in to_reviewer[0].body


@pytest.mark.django_db
def test_reviewers_set_their_public_name_in_their_account(client, users):
    reviewer = users["reviewer"]
    reviewer.reviewer_profile.delete()
    client.force_login(reviewer)

    form = client.get(reverse("wagtailadmin_account")).content.decode()
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "reviewer_profile-display_name": "Prof. Dr. med. Jonas Brandt",
            "reviewer_profile-qualification": "Hepatology",
            "name_email-first_name": "Jonas",
            "name_email-last_name": "Brandt",
            "name_email-email": reviewer.email,
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )

    assert "reviewer_profile-display_name" in form
    assert response.status_code == 302, response.content.decode()[:2000]
    reviewer.refresh_from_db()
    assert reviewer.reviewer_profile.public_name == "Prof. Dr. med. Jonas Brandt, Hepatology"


@pytest.mark.django_db
def test_translators_have_no_reviewer_profile(client, users):
    client.force_login(users["translator_de"])

    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "reviewer_profile-display_name" not in page
