"""The integrity matrix: every forbidden transition, tried on every path that could do it.

Each cell sets up a small translated site with factories, tries one transition through
one path (the admin, wagtail-localize's views, Wagtail's admin API, API v3, a
management command, or code running as a task) and asserts that it was refused with a
message and that nothing a reader could see, nor any review record, changed.
"""

import json
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest

from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)

from cms import exchange, integrity, roles
from cms.models import ReviewerProfile, RevisionProvenance
from topics.models import TopicIndexPage, TopicPage

from ..factories import TopicPageFactory, VideoFileFactory
from ..utils import english_topic, translate
from .conftest import live_state, refusal, user

CELLS = []
EASY = "de-x-ls"


def cell(transition, path, compare=None):
    """Register ``fn(ctx)`` as the cell ``transition`` × ``path``.

    ``fn`` is a generator: it arranges, yields, then tries the transition and returns the
    response the path gave (or raises ``IntegrityViolation``);
    ``compare`` narrows the state that must not change (e.g. a sync may refresh its
    snapshot while nothing goes live).
    """

    def register(fn):
        CELLS.append(pytest.param(fn, compare, id=f"{transition}|{path}"))
        return fn

    return register


class Context:
    def __init__(self, site, as_user, api_as, commit, users):
        self.en = site["en"]
        self.de = site["de"]
        self.as_user = as_user
        self.api_as = api_as
        self.commit = commit
        self.users = users
        self.german = Locale.objects.get(language_code="de")

    def draft(self):
        """An English page that was never published (written by the editor)."""
        return english_topic("Kidney stones", "kidney-stones", publish=False, user=user("editor"))

    def in_review(self):
        page = self.draft()
        page.get_workflow().start(page, user("editor"))
        return TopicPage.objects.get(pk=page.pk)

    def edited_by(self, username, page=None):
        page = page or self.en
        latest = page.get_latest_revision_as_object()
        latest.summary = latest.summary + " Changed by " + username
        return latest.save_revision(user=user(username))

    def german_in_review(self):
        revision = self.de.get_latest_revision_as_object().save_revision(user=user("translator_de"))
        self.de.get_workflow().start(self.de, user("translator_de"))
        return revision

    def easy(self):
        """The topic in Leichte Sprache, translated from the German page."""
        return translate(self.de, EASY, self.commit)

    def easy_in_review(self, by="translator_ls"):
        """A Leichte Sprache change submitted by ``by``, waiting for its review."""
        easy = self.easy()
        translation = Translation.objects.get(
            source__object_id=easy.translation_key, target_locale=easy.locale
        )
        with integrity.acting_as(user(by)):
            strings = StringTranslation.objects.filter(
                locale=easy.locale, context__object_id=easy.translation_key
            )
            string = strings.first()
            string.data = "Ein Satz. Noch ein Satz."
            string.last_translated_by = user(by)
            string.save()
        self.commit(translation.save_target, user=user(by), publish=False)
        easy.get_workflow().start(easy, user(by))
        return Page.objects.get(pk=easy.pk)

    def translation(self):
        return Translation.objects.get(
            source__object_id=self.en.translation_key, target_locale=self.german
        )


@pytest.fixture
def ctx(site, as_user, api_as, commit, users):
    return Context(site, as_user, api_as, commit, users)


def edit_form(page, **extra):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary + " (edited)",
            "body": streamfield([]),
            "references": inline_formset([]),
            "comments": inline_formset([]),
            **extra,
        }
    )


# --- 1. translations start only from live, approved text ----------------------------


@cell("translate-unpublished-draft", "admin")
def _(ctx):
    draft = ctx.draft()
    yield
    return ctx.as_user("editor").post(reverse("cms_start_translation", args=[draft.pk, "de"]))


@cell("translate-unpublished-draft", "wagtail-localize")
def _(ctx):
    draft = ctx.draft()
    yield
    url = reverse("wagtail_localize:submit_page_translation", args=[draft.pk])
    return ctx.as_user("editor").post(url, {"locales": [ctx.german.pk]})


@cell("translate-unpublished-draft", "api-v3")
def _(ctx):
    draft = ctx.draft()
    yield
    return ctx.api_as("translator_de").post(
        f"/api/v3/pages/{draft.pk}/translations/", {"locale": "de"}
    )


@cell("translate-page-in-medical-review", "api-v3")
def _(ctx):
    page = ctx.in_review()
    yield
    return ctx.api_as("editor").post(f"/api/v3/pages/{page.pk}/translations/", {"locale": "de"})


@cell("translate-page-in-medical-review", "wagtail-admin-api")
def _(ctx):
    """Wagtail's own copy_for_translation, which would bypass wagtail-localize."""
    page = ctx.in_review()
    yield
    url = f"/admin/api/main/pages/{page.pk}/action/copy_for_translation/"
    return ctx.as_user("translator_de").post(
        url, json.dumps({"locale": "de"}), content_type="application/json"
    )


@cell("translate-unpublished-draft", "task")
def _(ctx):
    draft = ctx.draft()
    yield
    with integrity.as_system():
        exchange.start_translation(draft, ctx.german)


@cell("translate-a-draft-snapshot", "task")
def _(ctx):
    """A live page, but the snapshot handed over is its unpublished draft."""
    from wagtail_localize.models import TranslationSource

    ctx.edited_by("editor")
    yield
    with integrity.as_system():
        TranslationSource.update_or_create_from_instance(ctx.en.get_latest_revision_as_object())


# --- 2. live only through the final approval, or by an administrator -----------------


@cell("publish-without-review", "admin-edit-view")
def _(ctx):
    """The admin offers reviewers no publish button; a forged one only saves a draft."""
    yield
    edit_url = reverse("wagtailadmin_pages:edit", args=[ctx.en.pk])
    reviewer = ctx.as_user("reviewer")
    assert 'name="action-publish"' not in reviewer.get(edit_url).content.decode()
    reviewer.post(edit_url, edit_form(ctx.en, **{"action-publish": "1"}))
    return None


@cell("publish-without-review", "admin-bulk-action")
def _(ctx):
    ctx.edited_by("editor")
    yield
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    reviewer = ctx.as_user("reviewer")
    assert "permission" in reviewer.get(f"{url}?id={ctx.en.pk}").content.decode()
    reviewer.post(f"{url}?id={ctx.en.pk}", {})
    return None


@cell("publish-without-review", "wagtail-admin-api")
def _(ctx):
    ctx.edited_by("editor")
    yield
    return ctx.as_user("reviewer").post(
        f"/admin/api/main/pages/{ctx.en.pk}/action/publish/", "{}", content_type="application/json"
    )


@cell("publish-without-review", "api-v3-publish")
def _(ctx):
    ctx.edited_by("editor")
    yield
    return ctx.api_as("reviewer").post(f"/api/v3/pages/{ctx.en.pk}/actions/publish/")


@cell("publish-without-review", "api-v3-patch")
def _(ctx):
    yield
    return ctx.api_as("reviewer").patch(
        f"/api/v3/pages/{ctx.en.pk}/", {"summary": "Forged.", "meta": {"action": "publish"}}
    )


@cell("publish-without-review", "api-v3-create")
def _(ctx):
    index = TopicIndexPage.objects.get(locale__language_code="en")
    yield
    return ctx.api_as("reviewer").post(
        "/api/v3/pages/",
        {
            "meta": {"type": "topics.TopicPage", "parent_id": index.pk, "action": "publish"},
            "title": "Unreviewed",
            "slug": "unreviewed",
            "summary": "Never reviewed.",
        },
    )


@cell("publish-translation-without-review", "wagtail-localize-editor")
def _(ctx):
    yield
    return ctx.as_user("translation_reviewer_de").post(
        reverse("wagtailadmin_pages:edit", args=[ctx.de.pk]), {"action": "publish"}
    )


@cell("publish-translation-without-review", "wagtail-localize-sync", compare=("pages", "approvals"))
def _(ctx):
    ctx.edited_by("editor")
    ctx.en.get_latest_revision().publish(user=user("admin"))
    source = ctx.translation().source
    yield
    return ctx.commit(
        ctx.as_user("editor").post,
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )


@cell("publish-without-review", "command-publish-scheduled")
def _(ctx):
    revision = ctx.edited_by("editor")
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    yield
    with integrity.as_system():
        call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115


@cell("publish-without-review", "task")
def _(ctx):
    revision = ctx.edited_by("editor")
    yield
    with integrity.as_system():
        revision.publish()


@cell("publish-invalid-version", "api-v3-publish-as-admin")
def _(ctx):
    page = ctx.en.get_latest_revision_as_object()
    page.body = [("heading", {"text": "", "level": "h2"})]
    page.save_revision(user=user("editor"), clean=False)
    yield
    return ctx.api_as("admin").post(f"/api/v3/pages/{ctx.en.pk}/actions/publish/")


@cell("publish-unreviewed-machine-translation", "wagtail-localize-sync", compare=("pages",))
def _(ctx):
    ctx.edited_by("editor")
    ctx.en.get_latest_revision().publish(user=user("admin"))
    source = ctx.translation().source
    ctx.commit(
        ctx.as_user("admin").post,
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on", "use_machine_translation": "on"},
    )
    yield
    return ctx.as_user("admin").post(
        reverse("wagtailadmin_pages:edit", args=[ctx.de.pk]), {"action": "publish"}
    )


# --- four eyes ----------------------------------------------------------------------


def own_change_in_review(ctx):
    ctx.edited_by("reviewer")
    ctx.en.get_workflow().start(ctx.en, user("reviewer"))
    return Page.objects.get(pk=ctx.en.pk).specific


@cell("approve-own-change", "admin-workflow-action")
def _(ctx):
    page = own_change_in_review(ctx)
    state = page.current_workflow_task_state
    yield
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    return ctx.as_user("reviewer").post(url, {"comment": ""})


@cell("approve-own-change", "admin-edit-view")
def _(ctx):
    page = own_change_in_review(ctx)
    yield
    data = edit_form(page, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    reviewer = ctx.as_user("reviewer")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert 'data-workflow-action-name="approve"' not in reviewer.get(edit_url).content.decode()
    reviewer.post(edit_url, data)
    return None


@cell("approve-own-translation-edits", "admin-workflow-action")
def _(ctx):
    translation = ctx.translation()
    segment = StringSegment.objects.filter(
        source=translation.source, context__path="summary"
    ).first()
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    ctx.as_user("translation_reviewer_de").put(
        url, "value=Vom+Pr%C3%BCfer+ge%C3%A4ndert", content_type="application/x-www-form-urlencoded"
    )
    ctx.commit(
        ctx.as_user("translator_de").post, reverse("cms_submit_for_review", args=[ctx.de.pk])
    )
    page = Page.objects.get(pk=ctx.de.pk)
    state = page.current_workflow_task_state
    yield
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    return ctx.as_user("translation_reviewer_de").post(url, {"comment": ""})


@cell("approve-own-change", "task")
def _(ctx):
    page = own_change_in_review(ctx)
    state = page.current_workflow_task_state
    yield
    with integrity.acting_as(user("reviewer")):
        state.task.specific.on_action(state, user("reviewer"), "approve")


@cell("approve-without-a-public-name", "admin-workflow-action")
def _(ctx):
    ctx.users["reviewer"].reviewer_profile.delete()
    ctx.edited_by("editor")
    ctx.en.get_workflow().start(ctx.en, user("editor"))
    page = Page.objects.get(pk=ctx.en.pk)
    state = page.current_workflow_task_state
    yield
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    return ctx.as_user("reviewer").post(url, {"comment": ""})


# --- Leichte Sprache: its own source (German) and its own reviewers --------------------


@cell("translate-english-into-easy-german", "wagtail-localize")
def _(ctx):
    easy = Locale.objects.get(language_code=EASY)
    yield
    url = reverse("wagtail_localize:submit_page_translation", args=[ctx.en.pk])
    return ctx.as_user("editor").post(url, {"locales": [easy.pk]})


@cell("translate-english-into-easy-german", "task")
def _(ctx):
    source, _created = TranslationSource.get_or_create_from_instance(ctx.en)
    yield
    with integrity.as_system():
        Translation.objects.create(
            source=source, target_locale=Locale.objects.get(language_code=EASY)
        )


@cell("translate-german-draft-into-easy-german", "admin")
def _(ctx):
    draft = ctx.draft()
    yield
    return ctx.as_user("translator_ls").post(
        reverse("cms_start_translation", args=[draft.pk, EASY])
    )


def approve_easy_german(author, approver):
    """A cell: ``approver`` approves a Leichte Sprache change written by ``author``."""

    def attempt(ctx):
        page = ctx.easy_in_review(by=author)
        state = page.current_workflow_task_state
        yield
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
        return ctx.as_user(approver).post(url, {"comment": ""})

    return attempt


# German translators and translation reviewers, and medical reviewers, hold no
# Leichte Sprache role; the Leichte Sprache reviewer never approves their own words.
for _approver in ["translation_reviewer_de", "translator_de", "reviewer"]:
    cell(f"approve-easy-german-as-{_approver}", "admin-workflow-action")(
        approve_easy_german("translator_ls", _approver)
    )
cell("approve-own-easy-german", "admin-workflow-action")(
    approve_easy_german("reviewer_ls", "reviewer_ls")
)


@cell("approve-own-easy-german", "task")
def _(ctx):
    page = ctx.easy_in_review(by="reviewer_ls")
    state = page.current_workflow_task_state
    yield
    with integrity.acting_as(user("reviewer_ls")):
        state.task.specific.on_action(state, user("reviewer_ls"), "approve")


# A misconfigured workflow (the wrong group assigned to a review task) offers the approve
# button to the wrong people; the gate still asks whether they review that language.


def reassign_review_task(language_code, group_name):
    """The review task of ``language_code``'s tree is approved by ``group_name`` instead."""
    workflow = Page.objects.get(depth=2, locale__language_code=language_code).get_workflow()
    for task in workflow.tasks.all():
        task.specific.groups.set([Group.objects.get(name=group_name)])


def approve_in_reassigned_task(language_code, group_name, approver, in_review):
    """A cell: ``approver`` approves a change in ``language_code`` through a task that the
    workflow's misconfiguration gave to ``group_name``."""

    def attempt(ctx):
        page = in_review(ctx)
        reassign_review_task(language_code, group_name)
        # A public name, so that nothing but the language decides.
        ReviewerProfile.objects.get_or_create(
            user=user(approver), defaults={"display_name": "Eva Example"}
        )
        state = page.current_workflow_task_state
        yield
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
        return ctx.as_user(approver).post(url, {"comment": ""})

    return attempt


def german_page_in_review(ctx):
    ctx.german_in_review()
    return Page.objects.get(pk=ctx.de.pk)


def english_page_in_review(ctx):
    ctx.edited_by("editor")
    ctx.en.get_workflow().start(ctx.en, user("editor"))
    return Page.objects.get(pk=ctx.en.pk)


cell("approve-easy-german-in-a-task-given-to-german-reviewers", "admin-workflow-action")(
    approve_in_reassigned_task(
        EASY,
        roles.translation_reviewers_group("de"),
        "translation_reviewer_de",
        lambda ctx: ctx.easy_in_review(by="translator_ls"),
    )
)
cell("approve-german-in-a-task-given-to-medical-reviewers", "admin-workflow-action")(
    approve_in_reassigned_task("de", roles.MEDICAL_REVIEWERS, "reviewer", german_page_in_review)
)
cell("approve-english-in-a-task-given-to-german-reviewers", "admin-workflow-action")(
    approve_in_reassigned_task(
        "en",
        roles.translation_reviewers_group("de"),
        "translation_reviewer_de",
        english_page_in_review,
    )
)
cell("approve-german-in-a-task-given-to-editors", "admin-workflow-action")(
    approve_in_reassigned_task("de", roles.EDITORS, "editor", german_page_in_review)
)


@cell("approve-easy-german-in-a-task-given-to-german-reviewers", "task")
def _(ctx):
    page = ctx.easy_in_review(by="translator_ls")
    reassign_review_task(EASY, roles.translation_reviewers_group("de"))
    state = page.current_workflow_task_state
    yield
    with integrity.acting_as(user("translation_reviewer_de")):
        state.task.specific.on_action(state, user("translation_reviewer_de"), "approve")


# --- 3. synchronised data is never overridden ---------------------------------------


def legacy_overridable_segment(ctx):
    """An overridable segment as wagtail-localize's defaults would have extracted it."""
    source = ctx.translation().source
    context, _created = TranslationContext.objects.get_or_create(
        object_id=ctx.en.translation_key, path="next_review_due"
    )
    return OverridableSegment.objects.create(
        source=source, context=context, order=99, data_json=json.dumps("2030-01-01")
    )


@cell("override-synchronised-field", "wagtail-localize")
def _(ctx):
    segment = legacy_overridable_segment(ctx)
    yield
    url = reverse("wagtail_localize:edit_override", args=[ctx.translation().pk, segment.pk])
    return ctx.as_user("translator_de").put(
        url, "value=2099-12-31", content_type="application/x-www-form-urlencoded"
    )


@cell("override-synchronised-field", "task")
def _(ctx):
    segment = legacy_overridable_segment(ctx)
    yield
    with integrity.as_system():
        SegmentOverride.objects.create(
            locale=ctx.german, context=segment.context, data_json=json.dumps("2099-12-31")
        )


# --- 4. translators translate, and nothing else -------------------------------------


@cell("convert-translation-to-alias", "wagtail-localize")
def _(ctx):
    yield
    url = reverse("wagtail_localize:convert_to_alias", args=[ctx.de.pk])
    return ctx.as_user("translator_de").post(url)


@cell("create-alias-in-translated-tree", "wagtail-admin-api")
def _(ctx):
    yield
    parent = ctx.de.get_parent()
    return ctx.as_user("translator_de").post(
        f"/admin/api/main/pages/{ctx.en.pk}/action/create_alias/",
        json.dumps({"destination_page_id": parent.pk, "update_slug": "alias-copy"}),
        content_type="application/json",
    )


@cell("create-alias-in-translated-tree", "task")
def _(ctx):
    yield
    with integrity.as_system():
        ctx.en.create_alias(parent=ctx.de.get_parent(), update_slug="alias-copy")


@cell("stop-synced-translation", "wagtail-localize")
def _(ctx):
    yield
    url = reverse("wagtail_localize:stop_translation", args=[ctx.translation().pk])
    return ctx.as_user("translator_de").post(url, {"next": "/admin/"})


@cell("stop-synced-translation", "task")
def _(ctx):
    yield
    translation = ctx.translation()
    translation.enabled = False
    with integrity.as_system():
        translation.save()


@cell("delete-translated-page", "admin")
def _(ctx):
    yield
    return ctx.as_user("translator_de").post(reverse("wagtailadmin_pages:delete", args=[ctx.de.pk]))


@cell("delete-translated-page", "admin-bulk-action")
def _(ctx):
    yield
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    translator = ctx.as_user("translator_de")
    assert "permission" in translator.get(f"{url}?id={ctx.de.pk}").content.decode()
    translator.post(f"{url}?id={ctx.de.pk}", {})
    return None


@cell("delete-translated-page", "wagtail-admin-api")
def _(ctx):
    yield
    return ctx.as_user("translator_de").post(
        f"/admin/api/main/pages/{ctx.de.pk}/action/delete/", "{}", content_type="application/json"
    )


@cell("delete-translated-page", "api-v3")
def _(ctx):
    yield
    return ctx.api_as("translator_de").client.delete(
        f"/api/v3/pages/{ctx.de.pk}/",
        HTTP_AUTHORIZATION=f"Bearer {ctx.api_as('translator_de').token}",
    )


@cell("delete-translated-page", "task")
def _(ctx):
    yield
    with integrity.as_system():
        Page.objects.get(pk=ctx.de.pk).delete()


@cell("move-translated-page", "admin")
def _(ctx):
    yield
    target = Page.objects.get(depth=2, locale=ctx.german)
    url = reverse("wagtailadmin_pages:move_confirm", args=[ctx.de.pk, target.pk])
    return ctx.as_user("translator_de").post(url)


@cell("move-translated-page", "wagtail-admin-api")
def _(ctx):
    yield
    target = Page.objects.get(depth=2, locale=ctx.german)
    return ctx.as_user("translator_de").post(
        f"/admin/api/main/pages/{ctx.de.pk}/action/move/",
        json.dumps({"destination_page_id": target.pk}),
        content_type="application/json",
    )


@cell("move-translated-page", "command-move-pages")
def _(ctx):
    yield
    source = ctx.de.get_parent()
    target = Page.objects.get(depth=2, locale=ctx.german)
    with integrity.as_system():
        call_command("move_pages", source.pk, target.pk, stdout=open("/dev/null", "w"))  # noqa: SIM115


@cell("create-page-outside-translation", "admin")
def _(ctx):
    yield
    parent = ctx.de.get_parent()
    url = reverse("wagtailadmin_pages:add", args=["topics", "topicpage", parent.pk])
    return ctx.as_user("translator_de").post(
        url,
        edit_form(TopicPage(title="Eigene Seite", slug="eigene-seite", summary="Frei erfunden.")),
    )


@cell("create-page-outside-translation", "api-v3")
def _(ctx):
    yield
    return ctx.api_as("translator_de").post(
        "/api/v3/pages/",
        {
            "meta": {"type": "topics.TopicPage", "parent_id": ctx.de.get_parent().pk},
            "title": "Eigene Seite",
            "slug": "eigene-seite",
            "summary": "Frei erfunden.",
        },
    )


@cell("create-page-outside-translation", "wagtail-admin-api")
def _(ctx):
    """Wagtail's copy_for_translation into German, past wagtail-localize."""
    other = english_topic("Gallstones", "gallstones")
    yield
    return ctx.as_user("translator_de").post(
        f"/admin/api/main/pages/{other.pk}/action/copy_for_translation/",
        json.dumps({"locale": "de"}),
        content_type="application/json",
    )


@cell("create-page-outside-translation", "task")
def _(ctx):
    yield
    parent = ctx.de.get_parent()
    with integrity.as_system():
        parent.add_child(
            instance=TopicPage(title="Eigene Seite", slug="eigene", summary="x", locale=ctx.german)
        )


# --- 6. text in review is frozen ----------------------------------------------------


@cell("edit-translation-in-review", "wagtail-localize")
def _(ctx):
    ctx.german_in_review()
    yield
    translation = ctx.translation()
    segment = StringSegment.objects.filter(source=translation.source).first()
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    return ctx.as_user("translator_de").put(
        url, "value=Heimlich+ge%C3%A4ndert", content_type="application/x-www-form-urlencoded"
    )


@cell("edit-translation-in-review", "api-v3")
def _(ctx):
    ctx.german_in_review()
    yield
    segment = StringSegment.objects.filter(source=ctx.translation().source).first()
    return ctx.api_as("translator_de").post(
        f"/api/v3/pages/{ctx.en.pk}/translations/de/segments/",
        {"segments": [{"id": segment.pk, "translation": "Heimlich geändert"}]},
    )


def changed_file(ctx, kind):
    """The translation's file with one string changed, as a translator would upload it."""
    translation = ctx.translation()
    content = (
        exchange.export_xliff(translation) if kind == "xlf" else exchange.po_bytes(translation)
    )
    return SimpleUploadedFile(f"de.{kind}", content.replace(b"[de]", b"[de] X", 1))


@cell("edit-translation-in-review", "admin-po-upload")
def _(ctx):
    ctx.german_in_review()
    yield
    url = reverse("cms_page_po", args=[ctx.de.pk])
    return ctx.as_user("translator_de").post(url, {"file": changed_file(ctx, "po")})


@cell("edit-translation-in-review", "admin-xliff-upload")
def _(ctx):
    ctx.german_in_review()
    yield
    url = reverse("cms_page_xliff", args=[ctx.de.pk])
    return ctx.as_user("translator_de").post(url, {"file": changed_file(ctx, "xlf")})


@cell("edit-translation-in-review", "wagtail-localize-po-upload")
def _(ctx):
    ctx.german_in_review()
    yield
    url = reverse("wagtail_localize:upload_pofile", args=[ctx.translation().pk])
    return ctx.as_user("translator_de").post(
        url, {"file": changed_file(ctx, "po"), "next": "/admin/"}
    )


@cell("edit-translation-in-review", "task")
def _(ctx):
    ctx.german_in_review()
    yield
    from wagtail_localize.models import StringTranslation

    with integrity.as_system():
        StringTranslation.objects.filter(
            locale=ctx.german, context__object_id=ctx.en.translation_key
        ).first().delete()


def german_video_in_review(ctx):
    """A German page with its own sign-language video (an allowed override), in review."""
    index = TopicIndexPage.objects.get(locale__language_code="en")
    english = TopicPageFactory(
        parent=index, slug="signed", live=False, body__0__video__title="Signed"
    )
    english.save_revision().publish()
    german = translate(TopicPage.objects.get(pk=english.pk), "de", ctx.commit)
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=ctx.german
    )
    segment = OverridableSegment.objects.get(
        source=translation.source, context__path__endswith=".video"
    )
    SegmentOverride.objects.create(
        locale=ctx.german,
        context=segment.context,
        data_json=json.dumps(VideoFileFactory().pk),
        last_translated_by=user("translator_de"),
    )
    ctx.commit(translation.save_target, user=user("translator_de"), publish=False)
    german.get_workflow().start(german, user("translator_de"))
    return reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk])


@cell("delete-override-in-review", "wagtail-localize-edit-override")
def _(ctx):
    url = german_video_in_review(ctx)
    yield
    return ctx.as_user("translator_de").delete(url)


@cell("replace-override-in-review", "wagtail-localize-edit-override")
def _(ctx):
    url = german_video_in_review(ctx)
    other = VideoFileFactory()
    yield
    return ctx.as_user("translator_de").put(
        url, f"value={other.pk}", content_type="application/x-www-form-urlencoded"
    )


# --- Leichte Sprache is translated from live, approved German text -------------------


def easy_from_offline_german(ctx):
    """A Leichte Sprache page whose German page has since been taken offline."""
    easy = ctx.easy()
    TopicPage.objects.get(pk=ctx.de.pk).unpublish()
    return easy


def easy_from_unapproved_german(ctx):
    """A Leichte Sprache page whose German page's live version carries no approval
    (as a raw restore of an old database could leave it)."""
    easy = ctx.easy()
    RevisionProvenance.objects.filter(revision_id=ctx.de.live_revision_id).update(approval="")
    return easy


def easy_translation(easy):
    return Translation.objects.get(
        source__object_id=easy.translation_key, target_locale=easy.locale
    )


def changed_easy_po(easy):
    content = exchange.po_bytes(easy_translation(easy))
    return SimpleUploadedFile("de-x-ls.po", content.replace(b"[de-x-ls]", b"[de-x-ls] X", 1))


for _german, _arrange in [
    ("offline", easy_from_offline_german),
    ("unapproved", easy_from_unapproved_german),
]:

    def _upload_to_wagtail_localize(ctx, arrange=_arrange):
        easy = arrange(ctx)
        yield
        url = reverse("wagtail_localize:upload_pofile", args=[easy_translation(easy).pk])
        return ctx.as_user("translator_ls").post(
            url, {"file": changed_easy_po(easy), "next": "/admin/"}
        )

    def _upload_to_admin(ctx, arrange=_arrange):
        easy = arrange(ctx)
        yield
        return ctx.as_user("translator_ls").post(
            reverse("cms_page_po", args=[easy.pk]), {"file": changed_easy_po(easy)}
        )

    cell(f"translate-easy-german-from-{_german}-german", "wagtail-localize-po-upload")(
        _upload_to_wagtail_localize
    )
    cell(f"translate-easy-german-from-{_german}-german", "admin-po-upload")(_upload_to_admin)


@cell("translate-easy-german-from-offline-german", "task")
def _(ctx):
    easy = easy_from_offline_german(ctx)
    yield
    with integrity.acting_as(user("translator_ls")):
        string = StringTranslation.objects.filter(
            locale=easy.locale, context__object_id=easy.translation_key
        ).first()
        string.data = "Ein neuer Satz."
        string.save()


@cell("convert-easy-german-to-alias", "wagtail-localize")
def _(ctx):
    easy = ctx.easy()
    yield
    url = reverse("wagtail_localize:convert_to_alias", args=[easy.pk])
    return ctx.as_user("translator_ls").post(url)


@cell("machine-translate-easy-german", "wagtail-localize-machine-translate")
def _(ctx):
    """No machine translator writes Leichte Sprache: German in, German out."""
    easy = ctx.easy()
    translation = easy_translation(easy)
    StringTranslation.objects.filter(locale=easy.locale).delete()
    yield
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    return ctx.as_user("translator_ls").post(url, {"next": "/admin/"})


@cell("machine-translate-easy-german-from-english", "task")
def _(ctx):
    """A machine translator fed the English strings: Leichte Sprache is made from German."""
    easy = ctx.easy()
    english = StringSegment.objects.filter(
        source=ctx.translation().source, context__path="title"
    ).get()
    easy_title = StringTranslation.objects.get(
        locale=easy.locale, context__object_id=easy.translation_key, context__path="title"
    )
    easy_title.delete()
    yield
    with integrity.acting_as(user("translator_ls")):
        StringTranslation.objects.create(
            translation_of=english.string,
            locale=easy.locale,
            context=easy_title.context,
            data="Knochen·metastasen",
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
            last_translated_by=user("translator_ls"),
        )


@cell("publish-unreviewed-machine-translation", "easy-german-admin-edit-view", compare=("pages",))
def _(ctx):
    easy = ctx.easy()
    with integrity.acting_as(user("translator_ls")):
        StringTranslation.objects.filter(
            locale=easy.locale, context__object_id=easy.translation_key
        ).update(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
    ctx.commit(easy_translation(easy).save_target, user=user("translator_ls"), publish=False)
    yield
    return ctx.as_user("admin").post(
        reverse("wagtailadmin_pages:edit", args=[easy.pk]), {"action": "publish"}
    )


# --- raw saves: only an operator's restore writes live rows as given ------------------


@cell("write-live-page-raw", "command-loaddata")
def _(ctx):
    """A fixture with a live page row (``loaddata`` saves it raw: no transition checked)."""
    page = Page.objects.get(pk=ctx.en.pk)
    page.title = "Loaded past review"
    folder = Path(tempfile.mkdtemp())
    fixture = folder / "page.json"
    fixture.write_text(serializers.serialize("json", [page]))
    yield
    try:
        with integrity.as_system():
            call_command("loaddata", str(fixture), verbosity=0)
    finally:
        shutil.rmtree(folder)


# ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("attempt", "compare"), CELLS)
def test_forbidden_transition_is_refused_and_changes_nothing(ctx, attempt, compare):
    steps = attempt(ctx)
    next(steps)  # arrange
    before = live_state()
    response = None
    try:
        # The outermost transaction a command or request would have: a refusal raised
        # inside Django's own atomic blocks must leave the test's transaction usable.
        with transaction.atomic():
            response = _act(steps)
    except integrity.IntegrityViolation as refused:
        assert str(refused)
    after = live_state()

    if response is not None:
        assert refusal(response), (response.status_code, response.content[:500])
    keys = compare or before.keys()
    if "pages" in keys:
        # A refused attempt may have saved the user's draft revision, never a live change.
        assert after["pages"] == before["pages"]
    for key in keys:
        assert after[key] == before[key], key


def _act(steps):
    try:
        next(steps)
    except StopIteration as done:
        return done.value
    raise AssertionError("a cell yields once, between arranging and acting")


def test_the_matrix_covers_every_path():
    paths = {param.id.split("|")[1].split("-")[0] for param in CELLS}
    assert {"admin", "wagtail", "api", "command", "task"} <= paths
    assert len(CELLS) >= 74  # docs/workflow.md states the count
