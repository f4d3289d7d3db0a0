"""The review workflows: medical review of source pages, translation review per language.

Wagtail runs the workflows; this module creates them, stamps review dates when they
finish (``WAGTAIL_FINISH_WORKFLOW_ACTION``), and adds the step wagtail-localize lacks:
submitting a translation for review (wagtail-localize#676).
"""

import calendar

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page, Workflow, WorkflowPage, WorkflowTask
from wagtail_localize.models import Translation, TranslationSource

from . import integrity, roles
from .models import MedicalReviewTask, TranslationReviewTask

MEDICAL_REVIEW = "Medical review"


def translation_review_name(language_code):
    return f"Translation review — {roles.LANGUAGE_NAMES.get(language_code, language_code)}"


def _workflow(name, task_model, task_name, group_name, root):
    workflow, _created = Workflow.objects.get_or_create(name=name)
    task = task_model.objects.filter(name=task_name).first()
    if task is None:
        task = task_model.objects.create(name=task_name)
    task.groups.set([Group.objects.get(name=group_name)])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_workflows():
    """Create the workflows and assign them to each locale's tree (idempotent)."""
    roots = {page.locale.language_code: page for page in Page.objects.filter(depth=2)}
    WorkflowPage.objects.filter(page__depth=1).delete()
    source = settings.CMS_SOURCE_LOCALE
    workflows = [
        _workflow(
            MEDICAL_REVIEW,
            MedicalReviewTask,
            "Medical approval",
            roles.approvers_group(source),
            roots.get(source),
        )
    ]
    for locale in Locale.objects.exclude(language_code=source):
        code = locale.language_code
        workflows.append(
            _workflow(
                translation_review_name(code),
                TranslationReviewTask,
                f"Translation approval — {roles.LANGUAGE_NAMES.get(code, code)}",
                roles.approvers_group(code),
                roots.get(code),
            )
        )
    return workflows


def add_months(day, months):
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def finish_workflow(workflow_state, user=None):
    """Publish an approved page, stamping who reviewed it and when.

    Replaces Wagtail's default finish action so the stamp is part of the published
    revision rather than a later edit. The integrity gate checks the approver (four
    eyes, a public name) and authorises exactly this publication.
    """
    content = workflow_state.content_object
    with integrity.workflow_approval(content, user):
        page = content.get_latest_revision_as_object()
        latest = content.get_latest_revision()
        tasks = [task.specific for task in workflow_state.workflow.tasks.all()]
        today = timezone.localdate()
        stamped = False
        name = integrity.public_reviewer_name(user) if user is not None else ""
        medical = next((t for t in tasks if isinstance(t, MedicalReviewTask)), None)
        if medical is not None and hasattr(page, "last_reviewed"):
            page.reviewed_by = name
            page.last_reviewed = today
            page.next_review_due = add_months(today, medical.review_interval_months)
            stamped = True
        if any(isinstance(t, TranslationReviewTask) for t in tasks) and hasattr(
            page, "translation_reviewed_on"
        ):
            page.translation_reviewed_by = name
            page.translation_reviewed_on = today
            stamped = True
        revision = latest
        if stamped:
            revision = page.save_revision(user=user, log_action=False, clean=False)
            _inherit_provenance(latest, revision)
        revision.publish(user=user, skip_permission_checks=True)


def _inherit_provenance(reviewed, stamped):
    """The stamp revision renders the same source text as the revision reviewed."""
    from .models import RevisionProvenance

    origin = RevisionProvenance.objects.filter(revision=reviewed).first()
    if origin is not None:
        RevisionProvenance.objects.update_or_create(
            revision=stamped,
            defaults={"source_text": origin.source_text, "source_revision": origin.source_revision},
        )


def translation_for(page):
    """The wagtail-localize ``Translation`` that produced ``page``, if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .select_related("source")
        .first()
    )


def save_translation_draft(translation, user=None):
    """Apply a translation's current strings to its page as a draft revision.

    For a live page that is a revision only (``cms.compat.translation_drafts_stay_drafts``).
    """
    translation.save_target(user=user, publish=False)


def submit_translation_for_review(page, user):
    """Save the translation's current strings as a draft and start its locale's workflow.

    Returns the workflow state, or ``None`` when the locale has no workflow.
    """
    translation = translation_for(page)
    if translation is not None:
        with transaction.atomic():
            save_translation_draft(translation, user)
    page = Page.objects.get(pk=page.pk).specific
    workflow = page.get_workflow()
    if workflow is None:
        return None
    state = page.current_workflow_state
    if state is not None:
        return state
    return workflow.start(page, user)


def sync_translation(page, user=None):
    """Bring a translation up to date with the current source page (as a draft)."""
    source_page = integrity.source_page_of(page).specific
    source, _created = TranslationSource.update_or_create_from_instance(source_page)
    translation = Translation.objects.get(source=source, target_locale_id=page.locale_id)
    save_translation_draft(translation, user)
    return translation
