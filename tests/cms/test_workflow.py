"""The editorial workflow end to end, through the admin as the demo users do it."""

import datetime
from urllib.parse import urlencode

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringSegment, Translation

from cms.translation_status import Status, page_translation_statuses
from cms.workflows import add_months
from topics.models import TopicIndexPage, TopicPage


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """wagtail-localize publishes in on_commit; run those callbacks like a real request."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def create_topic_as_editor(client, title="Bone metastases"):
    index = TopicIndexPage.objects.get(locale__language_code="en")
    data = nested_form_data(
        {
            "title": title,
            "slug": "bone-metastases",
            "summary": "Tumours in the bones that have spread from cancer elsewhere.",
            "body": streamfield(
                [
                    ("heading", {"text": "What are bone metastases?", "level": "h2"}),
                    ("paragraph", rich_text("<p>Cancer cells can settle in the bones.</p>")),
                ]
            ),
            "references": inline_formset([]),
            "comments": inline_formset([]),
            "action-submit": "Submit to Medical review",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["topics", "topicpage", index.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return TopicPage.objects.get(slug="bone-metastases", locale__language_code="en")


def approve(client, page):
    state = page.current_workflow_task_state
    assert state is not None, "page is not in a workflow"
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302), response.content.decode()[:500]
    return Page.objects.get(pk=page.pk).specific


@pytest.mark.django_db
def test_editor_submits_reviewer_approves_and_page_goes_live_with_review_stamp(client):
    login(client, "editor")
    topic = create_topic_as_editor(client)

    assert not topic.live
    assert topic.current_workflow_state.workflow.name == "Medical review"
    assert client.get("/en/topics/bone-metastases/").status_code == 404

    login(client, "reviewer")
    topic = approve(client, topic)

    today = timezone.localdate()
    public_name = "Dr. med. Clara Weber, Specialist in visceral surgery (demo profile)"
    assert topic.live
    assert topic.last_reviewed == today
    assert topic.reviewed_by == public_name
    assert topic.next_review_due == add_months(today, 24)
    page = client.get("/en/topics/bone-metastases/").content.decode()
    assert "Dr. med. Clara Weber" in page
    assert ">reviewer<" not in page


@pytest.mark.django_db
def test_editor_cannot_publish_directly(client):
    login(client, "editor")
    topic = create_topic_as_editor(client)
    edit_url = reverse("wagtailadmin_pages:edit", args=[topic.pk])
    data = nested_form_data(
        {
            "title": topic.title,
            "slug": topic.slug,
            "summary": topic.summary,
            "body": streamfield([]),
            "references": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "Publish",
        }
    )

    client.post(edit_url, data)

    assert not Page.objects.get(pk=topic.pk).live


def german_translation_of(topic, client, run_on_commit):
    """The editor sends a page to translation, as in the admin's "Translate" action."""
    login(client, "editor")
    german = Locale.objects.get(language_code="de")
    url = reverse("wagtail_localize:submit_page_translation", args=[topic.pk])
    response = run_on_commit(client.post, url, {"locales": [german.pk]})
    assert response.status_code == 302
    return topic.get_translation(german).specific


def translate_strings_in_editor(client, page, translations):
    """The translator fills strings through the wagtail-localize editor's endpoints."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        value = translations.get(segment.string.data, segment.string.data + " (de)")
        response = client.put(
            url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 201), response.content
    return translation


@pytest.mark.django_db
def test_translator_translates_submits_and_reviewer_publishes(client, run_on_commit):
    topic = TopicPage.objects.get(locale__language_code="en")
    topic.title = "Liver metastases (revised)"
    topic.slug = "liver-metastases"
    bone = create_topic_as_editor(login(client, "editor"))
    login(client, "reviewer")
    bone = approve(client, bone)
    german = german_translation_of(bone, client, run_on_commit)
    assert not german.live

    login(client, "translator_de")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[german.pk]))
    assert edit.status_code == 200
    translate_strings_in_editor(
        client,
        german,
        {"Bone metastases": "Knochenmetastasen", "bone-metastases": "knochenmetastasen"},
    )
    response = run_on_commit(client.post, reverse("cms_submit_for_review", args=[german.pk]), {})
    assert response.status_code == 302
    german = Page.objects.get(pk=german.pk).specific
    assert german.current_workflow_state.workflow.name == "Translation review — German"
    assert page_translation_statuses(bone)["de"] == Status.IN_REVIEW

    login(client, "translation_reviewer_de")
    german = approve(client, german)

    assert german.live
    assert german.title == "Knochenmetastasen"
    assert german.translation_reviewed_on == timezone.localdate()
    response = client.get(german.get_url())
    assert response.status_code == 200
    assert "Knochenmetastasen" in response.content.decode()
    assert page_translation_statuses(bone)["de"] == Status.UP_TO_DATE


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_german_translator_is_refused_other_languages(client, language):
    topic = TopicPage.objects.get(locale__language_code=language)
    login(client, "translator_de")
    edit_url = reverse("wagtailadmin_pages:edit", args=[topic.pk])

    response = client.get(edit_url)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    if language == "fr":
        translation = Translation.objects.get(
            source__object_id=topic.translation_key, target_locale=topic.locale
        )
        segment = StringSegment.objects.filter(source=translation.source).first()
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        put = client.put(url, "value=pirate", content_type="application/x-www-form-urlencoded")
        assert put.status_code == 403
    assert client.post(reverse("cms_submit_for_review", args=[topic.pk])).status_code == 302
    assert TopicPage.objects.get(pk=topic.pk).current_workflow_state is None


@pytest.mark.django_db
def test_republished_source_makes_translation_outdated_until_synced(client, run_on_commit):
    english = TopicPage.objects.get(locale__language_code="en")
    german = TopicPage.objects.get(locale__language_code="de")
    assert page_translation_statuses(english)["de"] == Status.UP_TO_DATE
    assert "nicht mehr aktuell" not in client.get(german.get_url()).content.decode()

    english.summary = english.summary + " Updated after new guidelines."
    revision = english.save_revision()
    revision.publish()
    english.refresh_from_db()

    assert page_translation_statuses(english)["de"] == Status.OUTDATED
    notice = client.get(german.get_url()).content.decode()
    assert "older version" in notice or "älteren" in notice
    assert english.get_url() in notice

    login(client, "translator_de")
    run_on_commit(client.post, reverse("cms_sync_page", args=[german.pk]), {})
    # The live German page still renders the old source text: outdated until reviewed.
    assert page_translation_statuses(english)["de"] == Status.OUTDATED
    run_on_commit(client.post, reverse("cms_submit_for_review", args=[german.pk]), {})
    assert page_translation_statuses(english)["de"] == Status.IN_REVIEW
    login(client, "translation_reviewer_de")
    approve(client, Page.objects.get(pk=german.pk).specific)

    assert page_translation_statuses(english)["de"] == Status.UP_TO_DATE
    page = client.get(german.get_url()).content.decode()
    assert english.get_url() not in page.split("<main", 1)[1]


@pytest.mark.django_db
def test_machine_translation_cannot_be_published_without_review(client, run_on_commit):
    bone = create_topic_as_editor(login(client, "editor"))
    bone = approve(login(client, "reviewer"), bone)
    german = german_translation_of(bone, client, run_on_commit)
    translation = Translation.objects.get(
        source__object_id=bone.translation_key, target_locale=german.locale
    )

    login(client, "translator_de")
    client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert page_translation_statuses(bone)["de"] == Status.MACHINE_UNREVIEWED
    run_on_commit(client.post, reverse("cms_submit_for_review", args=[german.pk]), {})
    assert page_translation_statuses(bone)["de"] == Status.IN_REVIEW

    login(client, "translation_reviewer_de")
    german = Page.objects.get(pk=german.pk).specific
    reviewer = get_user_model().objects.get(username="translation_reviewer_de")
    assert not german.permissions_for_user(reviewer).can_publish()
    german.current_workflow_state.cancel(user=reviewer)
    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=[german.pk]),
        {"action-publish": "Publish"},
    )
    assert edit.status_code in (200, 302)
    assert not Page.objects.get(pk=german.pk).live

    run_on_commit(client.post, reverse("cms_submit_for_review", args=[german.pk]), {})
    german = approve(client, Page.objects.get(pk=german.pk).specific)
    assert german.live
    assert page_translation_statuses(bone)["de"] == Status.UP_TO_DATE


@pytest.mark.django_db
def test_review_interval_is_configurable():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 22), 24) == datetime.date(2028, 11, 22)


@pytest.mark.django_db
def test_sync_with_machine_translation_never_publishes(client, run_on_commit):
    english = TopicPage.objects.get(locale__language_code="en")
    german = TopicPage.objects.get(locale__language_code="de")
    english.summary = "A brand-new first sentence. " + english.summary
    english.save_revision().publish()
    source = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=german.locale
    ).source
    login(client, "admin")

    response = run_on_commit(
        client.post,
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on", "use_machine_translation": "on"},
    )

    assert response.status_code == 302
    live = TopicPage.objects.get(pk=german.pk)
    assert live.summary == german.summary
    assert live.latest_revision_id == german.latest_revision_id
    assert page_translation_statuses(english)["de"] == Status.MACHINE_UNREVIEWED
