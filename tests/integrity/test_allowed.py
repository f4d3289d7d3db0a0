"""What the gate lets through: each allowed transition succeeds, and is recorded."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.core import mail, serializers
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from cms import integrity, roles
from cms.models import RevisionProvenance
from cms.translation_status import Status, page_translation_statuses
from topics.models import TopicPage

from ..utils import english_topic, translate


def approve(client, page):
    page = Page.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302), response.content[:300]
    return Page.objects.get(pk=page.pk).specific


def approval_of(page):
    return RevisionProvenance.objects.get(revision_id=Page.objects.get(pk=page.pk).live_revision_id)


@pytest.mark.django_db
def test_another_reviewer_approves_and_the_page_goes_live_with_a_public_name(as_user, users):
    page = english_topic("Gallstones", "gallstones", publish=False, user=users["editor"])
    page.get_workflow().start(page, users["editor"])

    page = approve(as_user("reviewer"), page)

    assert page.live
    assert page.reviewed_by.startswith("Dr. med. Clara Weber")
    record = approval_of(page)
    assert record.approval == "workflow" and record.approved_by == users["reviewer"]
    assert record.source_text


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["editor", "translator_de"])
def test_editors_and_the_languages_translators_start_translations(as_user, site, username):
    other = english_topic("Gallstones", "gallstones")

    response = as_user(username).post(reverse("cms_start_translation", args=[other.pk, "de"]))

    assert response.status_code == 302
    german = other.get_translation_or_none(Locale.objects.get(language_code="de"))
    assert german is not None and not german.live


@pytest.mark.django_db
def test_editors_start_translations_through_the_api(api_as, site):
    other = english_topic("Gallstones", "gallstones")

    response = api_as("editor").post(f"/api/v3/pages/{other.pk}/translations/", {"locale": "de"})

    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_translate_submit_approve_in_the_admin(as_user, site, commit, users):
    english = english_topic("Gallstones", "gallstones")
    translator = as_user("translator_de")
    commit(translator.post, reverse("cms_start_translation", args=[english.pk, "de"]))
    german = TopicPage.objects.get(
        translation_key=english.translation_key, locale__language_code="de"
    )
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=german.locale
    )
    editor_page = translator.get(
        reverse("wagtailadmin_pages:edit", args=[german.pk])
    ).content.decode()
    assert reverse("cms_submit_for_review", args=[german.pk]) in editor_page
    assert reverse("cms_save_translation_draft", args=[german.pk]) in editor_page
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        translator.put(url, "value=Gallensteine", content_type="application/x-www-form-urlencoded")
    commit(translator.post, reverse("cms_save_translation_draft", args=[german.pk]))
    commit(translator.post, reverse("cms_submit_for_review", args=[german.pk]))
    assert page_translation_statuses(english)["de"] == Status.IN_REVIEW

    german = approve(as_user("translation_reviewer_de"), german)

    assert german.live and german.title == "Gallensteine"
    assert german.translation_reviewed_by.startswith("Anna Keller")
    assert page_translation_statuses(english)["de"] == Status.UP_TO_DATE
    assert approval_of(german).approval == "workflow"


@pytest.mark.django_db
def test_an_administrator_publishes_directly_and_it_is_recorded(api_as, site, users):
    page = site["en"].get_latest_revision_as_object()
    page.summary = "Corrected by the administrator."
    page.save_revision(user=users["admin"])

    response = api_as("admin").post(f"/api/v3/pages/{page.pk}/actions/publish/")

    assert response.status_code == 200, response.content
    record = approval_of(page)
    assert record.approval == "administrator" and record.approved_by == users["admin"]


@pytest.mark.django_db
def test_an_approved_revision_goes_live_on_schedule(as_user, site, users):
    page = site["en"].get_latest_revision_as_object()
    page.summary = "Scheduled update."
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision(user=users["editor"])
    page.get_workflow().start(page, users["editor"])
    approve(as_user("reviewer"), page)
    assert TopicPage.objects.get(pk=page.pk).summary != "Scheduled update."
    scheduled = Page.objects.get(pk=page.pk).revisions.exclude(approved_go_live_at=None).get()
    an_hour_later = timezone.now() - timedelta(minutes=1)  # the hour has passed
    scheduled.approved_go_live_at = an_hour_later
    scheduled.content["go_live_at"] = an_hour_later.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])

    with integrity.as_system():
        call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert TopicPage.objects.get(pk=page.pk).summary == "Scheduled update."


@pytest.mark.django_db
def test_review_dates_reach_every_language_without_making_it_outdated(site, users):
    english = site["en"].get_latest_revision_as_object()
    english.next_review_due = timezone.localdate() - timedelta(days=1)
    english.save_revision(user=users["admin"]).publish(user=users["admin"])

    assert page_translation_statuses(english)["de"] == Status.UP_TO_DATE
    german = TopicPage.objects.get(pk=site["de"].pk)
    assert german.next_review_due == english.next_review_due
    assert german.review_overdue


@pytest.mark.django_db
def test_changed_text_is_outdated_until_the_rereviewed_translation_is_live(
    as_user, site, users, commit
):
    english = site["en"].get_latest_revision_as_object()
    english.summary = "New evidence changed the advice."
    english.save_revision(user=users["admin"]).publish(user=users["admin"])
    translator = as_user("translator_de")
    assert page_translation_statuses(english)["de"] == Status.OUTDATED

    translator.get(reverse("cms_page_xliff", args=[site["de"].pk]))
    translator.get(reverse("cms_translations_report"))
    assert page_translation_statuses(english)["de"] == Status.OUTDATED
    commit(translator.post, reverse("cms_sync_page", args=[site["de"].pk]))
    assert page_translation_statuses(english)["de"] == Status.OUTDATED
    commit(translator.post, reverse("cms_submit_for_review", args=[site["de"].pk]))
    approve(as_user("translation_reviewer_de"), site["de"])

    assert page_translation_statuses(english)["de"] == Status.UP_TO_DATE


@pytest.mark.django_db
def test_translators_are_told_when_approved_source_text_changes(site, users, commit):
    users["translator_de"].email = "translator_de@example.org"
    users["translator_de"].save()
    english = site["en"].get_latest_revision_as_object()
    english.summary = "New evidence changed the advice."
    mail.outbox.clear()

    commit(english.save_revision(user=users["admin"]).publish, user=users["admin"])

    german_mail = [m for m in mail.outbox if "translator_de@example.org" in m.to]
    assert len(german_mail) == 1
    assert "/admin/cms/translations/?locale=de" in german_mail[0].body
    assert "localhost" not in german_mail[0].body


@pytest.mark.django_db
def test_review_date_changes_do_not_send_translation_work(site, users, commit):
    english = site["en"].get_latest_revision_as_object()
    english.next_review_due = timezone.localdate() + timedelta(days=400)
    mail.outbox.clear()

    commit(english.save_revision(user=users["admin"]).publish, user=users["admin"])

    assert not [m for m in mail.outbox if english.title in m.subject]


@pytest.mark.django_db
def test_a_second_language_is_independent(site, commit):
    french = translate(site["en"], "fr", commit)

    assert french.live
    assert page_translation_statuses(site["en"])["fr"] == Status.UP_TO_DATE


def easy_german_in_review(as_user, site, commit):
    """A Leichte Sprache title written by ``translator_ls`` and submitted for review."""
    easy = translate(site["de"], "de-x-ls", commit)
    translator = as_user("translator_ls")
    translation = Translation.objects.get(
        source__object_id=easy.translation_key, target_locale=easy.locale
    )
    segment = StringSegment.objects.filter(source=translation.source, context__path="title").get()
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    translator.put(
        url, "value=Knochen%C2%B7metastasen", content_type="application/x-www-form-urlencoded"
    )
    commit(translator.post, reverse("cms_submit_for_review", args=[easy.pk]))
    return easy


@pytest.mark.django_db
def test_the_leichte_sprache_reviewer_approves_a_leichte_sprache_change(
    as_user, site, commit, users
):
    easy = easy_german_in_review(as_user, site, commit)
    assert page_translation_statuses(site["en"])["de-x-ls"] == Status.IN_REVIEW

    easy = approve(as_user("reviewer_ls"), easy)

    assert easy.title == "Knochen·metastasen"
    assert easy.translation_reviewed_by.startswith("Jonas Brandt")
    assert approval_of(easy).approved_by == users["reviewer_ls"]
    assert page_translation_statuses(site["en"])["de-x-ls"] == Status.UP_TO_DATE


@pytest.mark.django_db
def test_a_german_reviewer_who_also_holds_the_leichte_sprache_role_approves_it(
    as_user, site, commit, users
):
    users["translation_reviewer_de"].groups.add(
        Group.objects.get(name=roles.approvers_group("de-x-ls"))
    )
    easy = easy_german_in_review(as_user, site, commit)

    easy = approve(as_user("translation_reviewer_de"), easy)

    assert easy.live and easy.title == "Knochen·metastasen"
    assert approval_of(easy).approved_by == users["translation_reviewer_de"]


@pytest.mark.django_db
def test_an_administrator_approves_whichever_group_the_task_names(as_user, site, commit, users):
    easy = easy_german_in_review(as_user, site, commit)
    for task in easy.get_workflow().tasks.all():
        task.specific.groups.set([Group.objects.get(name=roles.approvers_group("de"))])

    easy = approve(as_user("admin"), easy)

    assert easy.live and approval_of(easy).approved_by == users["admin"]


@pytest.mark.django_db
def test_the_approve_button_is_offered_to_the_languages_reviewers_only(site, users):
    german = site["de"].get_latest_revision_as_object()
    german.save_revision(user=users["translator_de"])
    workflow = german.get_workflow()
    for task in workflow.tasks.all():
        task.specific.groups.set(
            Group.objects.filter(name__in=[roles.approvers_group("de"), roles.MEDICAL_REVIEWERS])
        )
    workflow.start(german, users["translator_de"])
    task = Page.objects.get(pk=german.pk).current_workflow_task

    def offered(username):
        return "approve" in [name for name, *_rest in task.get_actions(german, users[username])]

    assert offered("translation_reviewer_de") and not offered("reviewer")


@pytest.mark.django_db
def test_an_operators_restore_loads_live_rows_raw(site, tmp_path):
    page = Page.objects.get(pk=site["en"].pk)
    page.title = "Restored title"
    fixture = tmp_path / "page.json"
    fixture.write_text(serializers.serialize("json", [page]))

    with integrity.as_system(), integrity.administration("restore"):
        call_command("loaddata", str(fixture), verbosity=0)

    assert Page.objects.get(pk=page.pk).title == "Restored title"
