"""Translation status of every page in every locale, derived, never stored.

"Outdated" compares revisions, not timestamps: each live revision records the source
text it renders (``cms.models.RevisionProvenance``, written by ``cms.integrity``); a
live translation whose source text differs from its source's live revision is
outdated, and nothing an export or a sync does can change that. Pages live before
provenance was recorded fall back to comparing the source's publication with its last
sync. Machine text comes from wagtail-localize's ``StringTranslation``; reviews from
Wagtail's task states. One function per question, all of them bulk: the admin matrix,
the dashboard and the API all call ``statuses_for`` (one page: ``status_of``; the
visitor notice, which only asks "outdated?", ``outdated_source``), one query each.
"""

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from django.conf import settings
from django.db import router
from django.db.models import CharField, Exists, Max, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page, TaskState, WorkflowState
from wagtail_localize.models import StringTranslation, TranslationSource

from . import compiled, i18n
from .models import RevisionProvenance


class Status:
    SOURCE = "source"
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    UP_TO_DATE = "up_to_date"
    OUTDATED = "outdated"
    MACHINE_UNREVIEWED = "machine_unreviewed"

    LABELS = {
        SOURCE: _("Source"),
        MISSING: _("Missing"),
        IN_PROGRESS: _("In progress"),
        IN_REVIEW: _("In review"),
        UP_TO_DATE: _("Up to date"),
        OUTDATED: _("Outdated"),
        MACHINE_UNREVIEWED: _("Machine-translated, not reviewed"),
    }
    TRANSLATED = [IN_PROGRESS, IN_REVIEW, UP_TO_DATE, OUTDATED, MACHINE_UNREVIEWED]


@dataclass(frozen=True)
class PageStatus:
    """The status of one translation of a source page."""

    status: str
    page_id: int | None
    source_page_id: int
    source_changed_at: datetime | None
    outdated: bool = False

    @property
    def label(self):
        return Status.LABELS[self.status]


def source_locale():
    try:
        return i18n.locales()[settings.CMS_SOURCE_LOCALE]
    except KeyError:
        raise Locale.DoesNotExist(settings.CMS_SOURCE_LOCALE) from None


def statuses_for(source_pages, locales=None):
    """``{source_page_id: {language_code: PageStatus}}`` for source-locale pages.

    One query, whatever the number of pages and locales (plus one for the locales when
    none are given).
    """
    source_pages = list(source_pages)
    if not source_pages:
        return {}
    if locales is None:
        locales = [
            locale
            for code, locale in sorted(i18n.locales().items())
            if code != settings.CMS_SOURCE_LOCALE
        ]
    source_locale_id = source_pages[0].locale_id
    bases = _base_locales(locales)
    rows = _rows(
        [page.translation_key for page in source_pages],
        Q(locale__in=[*locales, *bases.values(), source_locale_id]),
        own_text=bool(bases),
    )
    return _table(source_pages, source_locale_id, locales, bases, rows)


def _rows(keys, locales_q, *, own_text=True, review=True):
    """Every fact about the pages of ``keys`` in the locales of ``locales_q``, one query:
    the live revision's source text, the last sync of the page as a source, and with
    ``review`` an open workflow, its latest machine translation and its last approved
    translation review.

    Each fact is a subquery, and building them costs more than running them: callers
    leave out what they do not read. ``own_text`` (a page's own words, what a derived
    language is compared with) only matters when a derived language is asked for;
    ``review`` only for the status label, not for "outdated" (the visitor notice)."""
    using = router.db_for_read(Page)
    return _annotated(own_text, review, using).filter(locales_q, translation_key__in=keys)


def _annotated(own_text, review, using):
    """The rows' query with its subqueries, built and compiled once per process and
    database, filtered per call: resolving the subqueries took most of a translated
    page's status check, and compiling them again for every call (a clone of the query
    compiles its subqueries anew) still most of the rest; the query runs in a tenth of
    that. Each subquery is kept as the SQL it compiled to (``_compiled``), in the one
    cache of compiled SQL (``cms.compiled.once``)."""

    def build():
        facts = {
            "live_text": Subquery(
                RevisionProvenance.objects.filter(revision_id=OuterRef("live_revision_id"))
                .exclude(source_text="")
                .values("source_text")[:1]
            ),
            "synced_at": Subquery(
                TranslationSource.objects.filter(
                    object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
                ).values("last_updated_at")[:1]
            ),
        }
        if own_text:
            facts["own_text"] = Subquery(
                RevisionProvenance.objects.filter(revision_id=OuterRef("live_revision_id"))
                .exclude(own_text="")
                .values("own_text")[:1]
            )
        if review:
            facts.update(_review_facts())
        return Page.objects.annotate(**_compiled(facts, using)).values(
            "id",
            "translation_key",
            "locale_id",
            "locale__language_code",
            "live",
            "has_unpublished_changes",
            "live_revision_id",
            "last_published_at",
            *facts,
        )

    return compiled.once(("translation-status", own_text, review), using, build)


def _compiled(facts, using):
    """``facts`` (correlated subqueries of a page row) as the SQL they compile to on
    ``using``, with their output fields (a date read from SQLite is still converted).

    The outer references compile to the page table's own name, which is what every
    query of ``Page`` selects from."""
    query = Page.objects.annotate(**facts).query
    compiler = query.get_compiler(using=using)
    subqueries = {}
    for name in facts:
        expression = query.annotations[name]
        sql, params = compiler.compile(expression)
        # The SQL Django compiled for our own expressions, its parameters kept apart.
        subqueries[name] = RawSQL(sql, tuple(params), output_field=expression.output_field)  # noqa: S611
    return subqueries


def _review_facts():
    from .models import TranslationReviewTask

    return {
        "in_review": Exists(
            WorkflowState.objects.filter(
                base_content_type_id=_page_content_type_id(),
                object_id=Cast(OuterRef("pk"), CharField()),
                status=WorkflowState.STATUS_IN_PROGRESS,
            )
        ),
        "machine_at": Subquery(
            StringTranslation.objects.filter(
                context__object_id=OuterRef("translation_key"),
                locale_id=OuterRef("locale_id"),
                translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
            )
            .order_by()
            .values("locale_id")
            .annotate(latest=Max("updated_at"))
            .values("latest")[:1]
        ),
        "reviewed_at": Subquery(
            TaskState.objects.filter(
                status=TaskState.STATUS_APPROVED,
                task__in=TranslationReviewTask.objects.all(),
                revision__object_id=Cast(OuterRef("pk"), CharField()),
            )
            .order_by()
            .values("revision__object_id")
            .annotate(latest=Max("finished_at"))
            .values("latest")[:1]
        ),
    }


def _table(source_pages, source_locale_id, locales, bases, rows):
    translations, texts, own_texts, in_review = {}, {}, {}, set()
    synced_at, machine_at, reviewed_at = {}, {}, {}
    for row in rows:
        if row["live_text"]:
            texts[row["live_revision_id"]] = row["live_text"]
        if row.get("own_text"):
            own_texts[row["live_revision_id"]] = row["own_text"]
        if row.get("in_review"):
            in_review.add(row["id"])
        if row["synced_at"] is not None:
            synced_at[(row["translation_key"], row["locale_id"])] = row["synced_at"]
        if row["locale_id"] != source_locale_id:
            translations[(row["translation_key"], row["locale_id"])] = row
            if row.get("machine_at") is not None:
                machine_at[(row["translation_key"], row["locale_id"])] = row["machine_at"]
            if row.get("reviewed_at") is not None:
                reviewed_at[row["id"]] = row["reviewed_at"]
    facts = _Facts(synced_at, machine_at, reviewed_at, in_review, texts, own_texts)

    result = {}
    for page in source_pages:
        per_locale = {}
        of_page = _Source.of(page)
        for locale in locales:
            row = translations.get((page.translation_key, locale.pk))
            source = of_page
            if locale.pk in bases:
                base_row = translations.get((page.translation_key, bases[locale.pk]))
                source = _Source.derived(page, base_row, facts)
            per_locale[locale.language_code] = _status(source, row, locale, facts)
        result[page.pk] = per_locale
    return result


def _base_locales(locales):
    """``{locale_id: base locale_id}`` for the derived languages among ``locales``."""
    derived = {
        locale.pk: settings.CMS_DERIVED_LANGUAGES[locale.language_code]
        for locale in locales
        if locale.language_code in settings.CMS_DERIVED_LANGUAGES
    }
    if not derived:
        return {}
    # Usually the base languages are among ``locales``: no query then.
    ids = {locale.language_code: locale.pk for locale in locales}
    missing = set(derived.values()) - set(ids)
    if missing:
        ids.update(
            Locale.objects.filter(language_code__in=missing).values_list("language_code", "pk")
        )
    return {pk: ids[code] for pk, code in derived.items() if code in ids}


@dataclass(frozen=True)
class _Source:
    """What a translation is compared with: the source page, or (Leichte Sprache) German.

    A German page's ``live_text`` fingerprints the English it was made from, its
    ``own_text`` its German words: Leichte Sprache is compared with the latter.
    ``upstream_outdated``: the German page is itself outdated against English, so the
    Leichte Sprache page made from it is too (see docs/workflow.md).
    """

    page_id: int | None
    translation_key: object
    locale_id: int | None
    live_revision_id: int | None
    last_published_at: datetime | None
    own_text: bool = False
    upstream_outdated: bool = False

    @classmethod
    def of(cls, page):
        return cls(
            page.pk,
            page.translation_key,
            page.locale_id,
            page.live_revision_id,
            page.last_published_at,
        )

    @classmethod
    def derived(cls, page, base_row, facts):
        if base_row is None:
            return cls(None, page.translation_key, None, None, None)
        upstream = _outdated(cls.of(page), base_row, facts)
        return cls(
            base_row["id"],
            page.translation_key,
            base_row["locale_id"],
            base_row["live_revision_id"],
            page.last_published_at if upstream else base_row["last_published_at"],
            own_text=True,
            upstream_outdated=upstream,
        )


@dataclass(frozen=True)
class _Facts:
    synced_at: dict
    machine_at: dict
    reviewed_at: dict
    in_review: set
    texts: dict
    own_texts: dict


def _outdated(source, row, facts):
    """A live translation renders other source text than its source's live revision."""
    if not row["live"]:
        return False
    if source.upstream_outdated:
        return True
    source_text = (facts.own_texts if source.own_text else facts.texts).get(source.live_revision_id)
    translation_text = facts.texts.get(row["live_revision_id"])
    if source_text and translation_text:
        return source_text != translation_text
    synced_at = facts.synced_at.get((source.translation_key, source.locale_id))
    return bool(source.last_published_at and synced_at and source.last_published_at > synced_at)


def _status(source, row, locale, facts):
    outdated = row is not None and _outdated(source, row, facts)

    def make(status):
        return PageStatus(
            status=status,
            page_id=row["id"] if row else None,
            source_page_id=source.page_id,
            source_changed_at=source.last_published_at,
            outdated=outdated,
        )

    if row is None:
        return make(Status.MISSING)
    machine = facts.machine_at.get((source.translation_key, locale.pk))
    reviewed = facts.reviewed_at.get(row["id"])
    if row["id"] in facts.in_review:
        return make(Status.IN_REVIEW)
    if machine is not None and (reviewed is None or reviewed < machine):
        return make(Status.MACHINE_UNREVIEWED)
    if not row["live"]:
        return make(Status.IN_PROGRESS)
    if outdated:
        return make(Status.OUTDATED)
    if row["has_unpublished_changes"]:
        return make(Status.IN_PROGRESS)
    return make(Status.UP_TO_DATE)


def _page_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Page).pk


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
    """The status of ``page`` itself: ``source`` for source pages, else its translation status.

    One query: the page, its source and (Leichte Sprache) its base page are read together.
    """
    return _status_of(page, review=True)


def outdated_source(page):
    """``(source page id, when the source changed)`` if ``page`` renders older source text
    than its source's live version (the visitor notice), else ``None``.

    The query of ``status_of`` without the review facts (open workflow, machine text,
    translation review), which only decide the status label: on every rendered
    translation, half the subqueries to build.
    """
    state = _status_of(page, review=False)
    return (state.source_page_id, state.source_changed_at) if state.outdated else None


def _status_of(page, *, review):
    code = page.locale.language_code
    if code == settings.CMS_SOURCE_LOCALE:
        return PageStatus(Status.SOURCE, page.pk, page.pk, page.last_published_at)
    base_code = settings.CMS_DERIVED_LANGUAGES.get(code)
    codes = [settings.CMS_SOURCE_LOCALE, code, *([base_code] if base_code else [])]
    rows = list(
        _rows(
            [page.translation_key],
            Q(locale__language_code__in=codes),
            own_text=bool(base_code),
            review=review,
        )
    )
    by_code = {row["locale__language_code"]: row for row in rows}
    source = by_code.get(settings.CMS_SOURCE_LOCALE)
    if source is None:
        return PageStatus(Status.UP_TO_DATE, page.pk, page.pk, None)
    source_page = SimpleNamespace(
        pk=source["id"],
        translation_key=source["translation_key"],
        locale_id=source["locale_id"],
        live_revision_id=source["live_revision_id"],
        last_published_at=source["last_published_at"],
    )
    bases = {}
    if base_code:
        # The base language's id only matters if its page exists (else: no base row).
        bases[page.locale_id] = by_code[base_code]["locale_id"] if base_code in by_code else None
    table = _table([source_page], source["locale_id"], [page.locale], bases, rows)
    return table[source_page.pk][code]


def page_translation_statuses(page, translations=None):
    """``{language_code: status}`` for every locale of ``page``'s translation set.

    ``translations``: the set's pages when the caller has read them (the API's detail
    does), so the source page is taken from them instead of read again."""
    source = source_locale()
    if translations is None:
        source_page = Page.objects.filter(
            translation_key=page.translation_key, locale=source
        ).first()
    else:
        source_page = next((t for t in translations if t.locale_id == source.pk), None)
    if source_page is None:
        return {page.locale.language_code: Status.SOURCE}
    result = {source.language_code: Status.SOURCE}
    for code, state in statuses_for([source_page])[source_page.pk].items():
        result[code] = state.status
    return result


def machine_translation_unreviewed(page):
    """True if ``page`` holds machine-translated text no translation reviewer has approved."""
    if page.locale.language_code == settings.CMS_SOURCE_LOCALE:
        return False
    machine = StringTranslation.objects.filter(
        context__object_id=page.translation_key,
        locale_id=page.locale_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).aggregate(latest=Max("updated_at"))["latest"]
    if machine is None:
        return False
    reviewed = last_translation_reviews([page.pk]).get(page.pk)
    return reviewed is None or reviewed < machine
