"""Translation status of every page in every locale, derived, never stored.

The status comes from wagtail-localize's records (``TranslationSource.last_updated_at``:
when the source was last synced for translators; ``StringTranslation.translation_type``:
machine or human) and Wagtail's (publication dates, approved translation-review tasks).
One function per question, all of them bulk: the admin matrix, the visitor notice and
the API all call ``statuses_for``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page, TaskState
from wagtail_localize.models import StringTranslation, TranslationSource


class Status:
    SOURCE = "source"
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    UP_TO_DATE = "up_to_date"
    OUTDATED = "outdated"
    MACHINE_UNREVIEWED = "machine_unreviewed"

    LABELS = {
        SOURCE: _("Source"),
        MISSING: _("Missing"),
        IN_PROGRESS: _("In progress"),
        UP_TO_DATE: _("Up to date"),
        OUTDATED: _("Outdated"),
        MACHINE_UNREVIEWED: _("Machine-translated, not reviewed"),
    }
    TRANSLATED = [IN_PROGRESS, UP_TO_DATE, OUTDATED, MACHINE_UNREVIEWED]


@dataclass(frozen=True)
class PageStatus:
    """The status of one translation of a source page."""

    status: str
    page_id: int | None
    source_page_id: int
    source_changed_at: datetime | None

    @property
    def label(self):
        return Status.LABELS[self.status]


def source_locale():
    return Locale.objects.get(language_code=settings.CMS_SOURCE_LOCALE)


def statuses_for(source_pages, locales=None):
    """``{source_page_id: {language_code: PageStatus}}`` for source-locale pages.

    A fixed number of queries, whatever the number of pages and locales.
    """
    source_pages = list(source_pages)
    if not source_pages:
        return {}
    if locales is None:
        locales = list(Locale.objects.exclude(language_code=settings.CMS_SOURCE_LOCALE))
    keys = [page.translation_key for page in source_pages]
    translations = {
        (row["translation_key"], row["locale_id"]): row
        for row in Page.objects.filter(translation_key__in=keys, locale__in=locales).values(
            "id", "translation_key", "locale_id", "live", "has_unpublished_changes"
        )
    }
    synced_at = dict(
        TranslationSource.objects.filter(
            object_id__in=keys, locale_id=source_pages[0].locale_id
        ).values_list("object_id", "last_updated_at")
    )
    translation_ids = [row["id"] for row in translations.values()]
    machine_at = {
        (row["context__object_id"], row["locale_id"]): row["latest"]
        for row in StringTranslation.objects.filter(
            context__object_id__in=keys,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        )
        .values("context__object_id", "locale_id")
        .annotate(latest=Max("updated_at"))
    }
    reviewed_at = last_translation_reviews(translation_ids)

    result = {}
    for page in source_pages:
        per_locale = {}
        for locale in locales:
            row = translations.get((page.translation_key, locale.pk))
            per_locale[locale.language_code] = _status(
                page, row, synced_at.get(page.translation_key), machine_at, reviewed_at, locale
            )
        result[page.pk] = per_locale
    return result


def _status(page, row, synced_at, machine_at, reviewed_at, locale):
    def make(status):
        return PageStatus(
            status=status,
            page_id=row["id"] if row else None,
            source_page_id=page.pk,
            source_changed_at=page.last_published_at,
        )

    if row is None:
        return make(Status.MISSING)
    machine = machine_at.get((page.translation_key, locale.pk))
    reviewed = reviewed_at.get(row["id"])
    if machine is not None and (reviewed is None or reviewed < machine):
        return make(Status.MACHINE_UNREVIEWED)
    if not row["live"]:
        return make(Status.IN_PROGRESS)
    if page.last_published_at and synced_at and page.last_published_at > synced_at:
        return make(Status.OUTDATED)
    if row["has_unpublished_changes"]:
        return make(Status.IN_PROGRESS)
    return make(Status.UP_TO_DATE)


def last_translation_reviews(page_ids):
    """``{page_id: datetime}`` of the last approved translation-review task per page."""
    from .models import TranslationReviewTask

    rows = (
        TaskState.objects.filter(
            status=TaskState.STATUS_APPROVED,
            task__in=TranslationReviewTask.objects.all(),
            revision__object_id__in=[str(pk) for pk in page_ids],
        )
        .values("revision__object_id")
        .annotate(latest=Max("finished_at"))
    )
    return {int(row["revision__object_id"]): row["latest"] for row in rows}


def status_of(page):
    """The status of ``page`` itself: ``source`` for source pages, else its translation status."""
    source = source_locale()
    if page.locale_id == source.pk:
        return PageStatus(Status.SOURCE, page.pk, page.pk, page.last_published_at)
    source_page = Page.objects.filter(translation_key=page.translation_key, locale=source).first()
    if source_page is None:
        return PageStatus(Status.UP_TO_DATE, page.pk, page.pk, None)
    statuses = statuses_for([source_page], [page.locale])
    return statuses[source_page.pk][page.locale.language_code]


def page_translation_statuses(page):
    """``{language_code: status}`` for every locale of ``page``'s translation set."""
    source = source_locale()
    source_page = Page.objects.filter(translation_key=page.translation_key, locale=source).first()
    if source_page is None:
        return {page.locale.language_code: Status.SOURCE}
    result = {source.language_code: Status.SOURCE}
    for code, state in statuses_for([source_page])[source_page.pk].items():
        result[code] = state.status
    return result


def machine_translation_unreviewed(page):
    """True if ``page`` holds machine-translated text no translation reviewer has approved."""
    return status_of(page).status == Status.MACHINE_UNREVIEWED
