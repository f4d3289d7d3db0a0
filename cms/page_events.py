"""What happened to a page, announced once, in one shape, for the layers above ``cms``.

Wagtail says "published", "unpublished" and "deleted" with three signals of different
shapes; the gate (``cms.integrity.after_publish``) says "this source text changed",
which is what makes translations outdated (``cms.translation_status``); review dates
fall due with nobody saving anything (``manage.py announce_review_due``). Code above
``cms`` (the API's webhooks) listens to ``page_event`` only, so "was this a
translation", "which translations went out of date" and "was it live" are decided here
and nowhere else. Cache invalidation (``cms.invalidation``) keeps its own receivers: it
needs what a listing showed before the save, which no event carries.

Every event is sent inside the transaction that caused it: a receiver that writes rows
(an outbox) is rolled back with it, and one that talks to the outside world must wait
for ``transaction.on_commit``.
"""

from django.conf import settings
from django.dispatch import Signal

from wagtail.models import Page

from .i18n import translated_from

# sender=the page's class; event=one of EVENTS; page=the page (a deleted page: the base
# ``Page`` row, read before it goes); review_due also passes due_date=the date.
page_event = Signal()

PUBLISHED = "page.published"
UNPUBLISHED = "page.unpublished"
DELETED = "page.deleted"
TRANSLATION_PUBLISHED = "translation.published"
TRANSLATION_OUTDATED = "translation.outdated"
REVIEW_DUE = "page.review_due"
EVENTS = (
    PUBLISHED,
    UNPUBLISHED,
    DELETED,
    TRANSLATION_PUBLISHED,
    TRANSLATION_OUTDATED,
    REVIEW_DUE,
)


def announce(event, page, **details):
    page_event.send(sender=type(page), event=event, page=page, **details)


def is_translation(page):
    """A page in any language but the source language (Leichte Sprache included)."""
    return page.locale.language_code != settings.CMS_SOURCE_LOCALE


def page_published(sender, instance, **kwargs):
    """Source-language pages are ``page.published``, the others ``translation.published``."""
    announce(TRANSLATION_PUBLISHED if is_translation(instance) else PUBLISHED, instance)


def page_unpublished(sender, instance, **kwargs):
    """An unpublish, unless Wagtail is unpublishing a page it is about to delete.

    Wagtail unpublishes a live page in ``pre_delete`` without saving it (the row still
    says live); that page is announced once, as deleted.
    """
    if Page.objects.filter(pk=instance.pk, live=True).exists():
        return
    announce(UNPUBLISHED, instance)


def page_deleted(sender, instance, **kwargs):
    """Before the row goes (its URL is still computable). A draft never published is no news.

    "Was ever published", not ``live``: Wagtail may have unpublished the instance already.
    """
    if getattr(instance, "first_published_at", None) is not None:
        announce(DELETED, instance)


def outdated_translations(page):
    """Live pages translated from ``page`` in its translation set (one query).

    German, French and Italian are translated from the English page, Leichte Sprache
    from the German one (``cms.i18n.translated_from``).
    """
    language = page.locale.language_code
    candidates = (
        Page.objects.filter(translation_key=page.translation_key, live=True)
        .exclude(pk=page.pk)
        .select_related("locale")
        .order_by("path")
    )
    return [
        candidate
        for candidate in candidates
        if translated_from(candidate.locale.language_code) == language
    ]


def source_text_changed(sender, page, **kwargs):
    """Changed approved text makes every live translation of it outdated."""
    for translation in outdated_translations(page):
        announce(TRANSLATION_OUTDATED, translation.specific_deferred)


def review_due_pages(today):
    """Live pages (every language) whose medical review is due on or before ``today``."""
    from wagtail.models import get_page_models

    from .models import MedicalReviewMixin

    for model in get_page_models():
        if issubclass(model, MedicalReviewMixin) and not model._meta.abstract:
            yield from (
                model.objects.live()
                .filter(next_review_due__lte=today)
                .exact_type(model)
                .select_related("locale")
                .order_by("path")
            )


def announce_review_due(today):
    """``page.review_due`` for every page due; receivers tell repeats apart by due date."""
    count = 0
    for page in review_due_pages(today):
        announce(REVIEW_DUE, page, due_date=page.next_review_due)
        count += 1
    return count
