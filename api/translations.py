"""Translations through wagtail-localize only, and the translation status of a page.

Wagtail's v3 ``copy_for_translation`` would copy a page past wagtail-localize, leaving a
translation that can never be synced; it is not offered. Instead an app starts a
wagtail-localize ``Translation``, reads its string segments, sends translated strings
(as JSON or a PO file) and gets a draft of the translated page, exactly as the
translation editor in the admin does. Translators may do this only for their language:
the check is Wagtail's page permission on the translated page (or its parent).
"""

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.api.v3.errors import as_validation_error
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms import exchange, integrity
from cms.i18n import translated_from
from cms.translation_status import page_translation_statuses
from cms.workflows import save_translation_draft, submit_translation_for_review

from .auth import reader_auth, token_auth
from .pages import public_pages
from .params import get_locale
from .schemas import TranslationStatus

router = Router(tags=["translations"])


class TranslationStatusOut(Schema):
    page_id: int
    locale: str
    statuses: dict[str, TranslationStatus]


class Progress(Schema):
    total: int
    translated: int


class TranslationOut(Schema):
    source_page_id: int
    source_locale: str
    locale: str
    page_id: int | None
    progress: Progress


class Segment(Schema):
    id: int
    context: str
    source: str
    translation: str | None


class TranslationDetail(TranslationOut):
    segments: list[Segment]


class StartTranslation(Schema):
    locale: str


class SegmentTranslation(Schema):
    id: int
    translation: str


class SegmentsIn(Schema):
    segments: list[SegmentTranslation]


class POFile(Schema):
    po: str


class POImport(TranslationOut):
    imported: int


@router.get(
    "/{page_id}/translation-status/",
    response=TranslationStatusOut,
    auth=reader_auth,
    url_name="cms_page_translation_status",
    operation_id="pages_translation_status",
    summary="How current each language version of a page is",
)
def translation_status(request, page_id: int):
    page = public_pages(request).filter(pk=page_id).select_related("locale").first()
    if page is None:
        raise Http404(_("No page with id %s.") % page_id)
    return {
        "page_id": page.pk,
        "locale": page.locale.language_code,
        "statuses": page_translation_statuses(page),
    }


def _source_page(page_id, language_code):
    """The page translations into ``language_code`` are made from, and its source record.

    Any page of the translation set may be named; Leichte Sprache is made from the
    German page (``cms.i18n.translated_from``), every other language from the source.
    """
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None:
        raise Http404(_("No page with id %s.") % page_id)
    source_language = translated_from(language_code) or settings.CMS_SOURCE_LOCALE
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale__language_code=source_language
    ).first()
    if source is not None:
        return source.get_source_instance(), source
    if page.locale.language_code not in {settings.CMS_SOURCE_LOCALE, source_language}:
        raise as_validation_error(
            ValueError(), _("Translations start from the source-language page."), loc=("page_id",)
        )
    return (integrity.page_in(page, source_language) or page).specific, None


def _check_may_translate(user, source_page, locale):
    """Editors and the language's translators start translations; translators fill them."""
    if locale.pk == source_page.locale_id:
        raise as_validation_error(
            ValueError(), _("A page cannot be translated into its own language."), loc=("locale",)
        )
    if source_page.depth > 2 and source_page.get_parent().get_translation_or_none(locale) is None:
        raise as_validation_error(
            ValueError(),
            _("Translate the parent page into this language first."),
            loc=("locale",),
        )
    if not integrity.may_translate_into(user, locale):
        raise PermissionDenied(_("You may not translate pages into '%s'.") % locale.language_code)


def _check_may_edit_translation(user, source_page, locale):
    target = source_page.get_translation_or_none(locale)
    if target is None or not target.permissions_for_user(user).can_edit():
        raise PermissionDenied(
            _("Only the translators of '%s' edit this translation.") % locale.language_code
        )


def _translation(page_id, language_code, user):
    source_page, source = _source_page(page_id, language_code)
    locale = get_locale(language_code)
    translation = (
        Translation.objects.filter(source=source, target_locale=locale).first() if source else None
    )
    if translation is None:
        raise Http404(_("No translation of this page into '%s' has been started.") % language_code)
    _check_may_edit_translation(user, source_page, locale)
    return source_page, translation


def _out(source_page, translation):
    total, translated = translation.get_progress()
    target = source_page.get_translation_or_none(translation.target_locale)
    return {
        "source_page_id": source_page.pk,
        "source_locale": source_page.locale.language_code,
        "locale": translation.target_locale.language_code,
        "page_id": target.pk if target else None,
        "progress": {"total": total, "translated": translated},
    }


def _detail(source_page, translation):
    segments = (
        StringSegment.objects.filter(source=translation.source)
        .select_related("string", "context")
        .annotate_translation(translation.target_locale)
        .order_by("order")
    )
    return {
        **_out(source_page, translation),
        "segments": [
            {
                "id": segment.pk,
                "context": segment.context.path,
                "source": segment.string.data,
                "translation": segment.translation,
            }
            for segment in segments
        ],
    }


@router.post(
    "/{page_id}/translations/",
    response={201: TranslationDetail},
    auth=token_auth,
    url_name="cms_translation_start",
    operation_id="translations_start",
    summary="Start (or resume) translating a page into a language, through wagtail-localize",
)
def start_translation(request, page_id: int, data: StartTranslation):
    source_page, _source = _source_page(page_id, data.locale)
    locale = get_locale(data.locale)
    _check_may_translate(request.user, source_page, locale)
    try:
        with transaction.atomic():
            translation = exchange.start_translation(source_page, locale)
            save_translation_draft(translation, request.user)
    except exchange.ExchangeError as error:
        raise as_validation_error(error, str(error), loc=("page_id",)) from error
    request.api_no_store = True
    return Status(201, _detail(source_page, translation))


@router.get(
    "/{page_id}/translations/{locale}/",
    response=TranslationDetail,
    auth=token_auth,
    url_name="cms_translation_detail",
    operation_id="translations_detail",
    summary="A translation's string segments: source text and current translation",
)
def translation_detail(request, page_id: int, locale: str):
    source_page, translation = _translation(page_id, locale, request.user)
    return _detail(source_page, translation)


@router.post(
    "/{page_id}/translations/{locale}/segments/",
    response=TranslationDetail,
    auth=token_auth,
    url_name="cms_translation_segments",
    operation_id="translations_segments",
    summary="Save translated segments and a draft of the translated page",
)
def translate_segments(request, page_id: int, locale: str, data: SegmentsIn):
    source_page, translation = _translation(page_id, locale, request.user)
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    by_id = segments.in_bulk([item.id for item in data.segments])
    for index, item in enumerate(data.segments):
        if item.id not in by_id:
            raise as_validation_error(
                ValueError(),
                _("Segment %s is not part of this translation.") % item.id,
                loc=("body", "data", "segments", index, "id"),
            )
    with transaction.atomic():
        for item in data.segments:
            segment = by_id[item.id]
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context_id=segment.context_id,
                defaults={
                    "data": item.translation,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "API",
                    "last_translated_by": request.user,
                    "updated_at": timezone.now(),
                    "has_error": False,
                    "field_error": "",
                },
            )
        save_translation_draft(translation, request.user)
    return _detail(source_page, translation)


@router.get(
    "/{page_id}/translations/{locale}/po/",
    response=POFile,
    auth=token_auth,
    url_name="cms_translation_po_export",
    operation_id="translations_po_export",
    summary="The translation as a PO file, to fill in with any PO editor",
)
def export_po(request, page_id: int, locale: str):
    _source_page, translation = _translation(page_id, locale, request.user)
    return {"po": exchange.po_bytes(translation).decode("utf-8")}


@router.post(
    "/{page_id}/translations/{locale}/po/",
    response=POImport,
    auth=token_auth,
    url_name="cms_translation_po_import",
    operation_id="translations_po_import",
    summary="Import a translated PO file and save a draft of the translated page",
)
def import_po(request, page_id: int, locale: str, data: POFile):
    source_page, translation = _translation(page_id, locale, request.user)
    try:
        translated = exchange.import_po(translation, data.po, user=request.user)
    except exchange.ExchangeError as error:
        raise as_validation_error(error, str(error), loc=("body", "data", "po")) from error
    return {**_out(source_page, translation), "imported": translated}


@router.post(
    "/{page_id}/translations/{locale}/submit/",
    response=TranslationDetail,
    auth=token_auth,
    url_name="cms_translation_submit",
    operation_id="translations_submit",
    summary="Save the translated draft and submit it to the language's translation review",
)
def submit_translation(request, page_id: int, locale: str):
    source_page, translation = _translation(page_id, locale, request.user)
    target = source_page.get_translation_or_none(translation.target_locale)
    if target is None:
        raise Http404(_("No translated page to submit yet."))
    if submit_translation_for_review(target.specific, request.user) is None:
        raise HttpError(422, _("This language has no translation review workflow."))
    return _detail(source_page, translation)
