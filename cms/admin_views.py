"""Admin views for translators and reviewers: status matrix, review dates, file exchange."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Locale, Page

from . import integrity, roles
from .exchange import (
    ExchangeError,
    export_archive,
    export_xliff,
    import_archive,
    import_po,
    import_xliff,
    start_translation,
)
from .forms import TranslationFileForm
from .models import MedicalReviewMixin
from .translation_status import Status, source_locale, statuses_for
from .workflows import (
    save_translation_draft,
    submit_translation_for_review,
    sync_translation,
    translation_for,
)


def _back(request):
    """Where to return after a POST: the ``next`` field when it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("cms_translations_report")


def _target_locales():
    return list(Locale.objects.exclude(language_code=settings.CMS_SOURCE_LOCALE))


def _section_of(page, sections):
    for section in sections:
        if page.path.startswith(section.path):
            return section
    return None


def translations_report(request):
    """Pages × locales with their translation status, filterable, with per-locale totals."""
    source = source_locale()
    locales = _target_locales()
    home = Page.objects.filter(depth=2, locale=source).first()
    sections = list(home.get_children().order_by("path")) if home else []
    pages = list(Page.objects.filter(locale=source, depth__gte=2).order_by("path"))
    table = statuses_for(pages, locales)

    selected_locale = request.GET.get("locale", "")
    selected_status = request.GET.get("status", "")
    selected_section = request.GET.get("section", "")
    shown_locales = [loc for loc in locales if loc.language_code == selected_locale] or locales

    totals = []
    for locale in locales:
        states = [table[page.pk][locale.language_code].status for page in pages]
        up_to_date = states.count(Status.UP_TO_DATE)
        totals.append(
            {
                "locale": locale,
                "counts": {status: states.count(status) for status in Status.LABELS},
                "up_to_date": up_to_date,
                "percent": round(100 * up_to_date / len(pages)) if pages else 100,
            }
        )

    user = request.user
    rights = {
        locale.language_code: {
            "edit": _may_edit_tree(user, locale),
            "translate": integrity.may_translate_into(user, locale),
        }
        for locale in locales
    }
    may_edit_source = _may_edit_tree(user, source)
    rows = []
    for page in pages:
        section = _section_of(page, sections)
        if selected_section and (section is None or str(section.pk) != selected_section):
            continue
        cells = [
            (locale, table[page.pk][locale.language_code], rights[locale.language_code])
            for locale in shown_locales
        ]
        if selected_status and not any(cell.status == selected_status for _l, cell, _r in cells):
            continue
        rows.append({"page": page, "section": section, "cells": cells})

    return TemplateResponse(
        request,
        "cms/admin/translations_report.html",
        {
            "rows": rows,
            "locales": shown_locales,
            "all_locales": locales,
            "totals": totals,
            "sections": sections,
            "statuses": Status.LABELS,
            "selected_locale": selected_locale,
            "selected_status": selected_status,
            "selected_section": selected_section,
            "upload_form": TranslationFileForm(),
            "rights": rights,
            "may_edit_source": may_edit_source,
        },
    )


def _may_edit_tree(user, locale):
    root = Page.objects.filter(depth=2, locale=locale).first()
    return root is not None and root.permissions_for_user(user).can_edit()


def _medical_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, MedicalReviewMixin) and issubclass(model, Page)
    ]


def may_see_review_dates(user):
    """Medical reviewers, editors and administrators plan reviews; nobody else sees drafts."""
    if integrity.is_administrator(user):
        return True
    return user.groups.filter(name__in=[roles.EDITORS, roles.MEDICAL_REVIEWERS]).exists()


def review_due_report(request):
    """Source pages whose medical review is overdue or due within 30 days."""
    if not may_see_review_dates(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    soon = today + timedelta(days=30)
    source = source_locale()
    due = []
    for model in _medical_models():
        due.extend(
            model.objects.filter(locale=source, next_review_due__lte=soon).order_by(
                "next_review_due"
            )
        )
    missing = []
    for model in _medical_models():
        missing.extend(model.objects.filter(locale=source, next_review_due__isnull=True))
    due.sort(key=lambda page: page.next_review_due)
    return TemplateResponse(
        request,
        "cms/admin/review_due_report.html",
        {
            "overdue": [page for page in due if page.next_review_due < today],
            "due_soon": [page for page in due if page.next_review_due >= today],
            "never_reviewed": missing,
            "today": today,
        },
    )


def _require_locale_editor(user, locale):
    root = Page.objects.filter(depth=2, locale=locale).first()
    if root is None or not root.permissions_for_user(user).can_edit():
        raise PermissionDenied


def _require_page_editor(user, page):
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied


@require_POST
def export_locale(request, language_code):
    """Sync every missing or outdated page for ``language_code`` and download their PO files.

    A POST: syncing records a new source snapshot (never on a GET). The live
    translations stay outdated until re-reviewed versions of them are live.
    """
    locale = get_object_or_404(Locale, language_code=language_code)
    _require_locale_editor(request.user, locale)
    content, count = export_archive(source_locale(), locale)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="translations-{language_code}.zip"'
    response["X-Translation-Files"] = str(count)
    return response


@require_POST
def import_locale(request, language_code):
    locale = get_object_or_404(Locale, language_code=language_code)
    _require_locale_editor(request.user, locale)
    form = TranslationFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", [_("No file was uploaded.")])))
        return redirect("cms_translations_report")
    try:
        count = import_archive(locale, form.cleaned_data["file"], user=request.user)
    except (ExchangeError, integrity.IntegrityViolation) as error:
        messages.error(request, _("Nothing was imported. %(error)s") % {"error": error})
    else:
        messages.success(
            request, _("%(count)s translations imported as drafts.") % {"count": count}
        )
    return redirect("cms_translations_report")


def page_xliff(request, page_id):
    """GET: download the page's XLIFF 1.2 file (as last synced). POST: upload a translated one."""
    page = get_object_or_404(Page, pk=page_id).specific
    _require_page_editor(request.user, page)
    if page.locale.language_code == settings.CMS_SOURCE_LOCALE:
        raise PermissionDenied
    translation = translation_for(page)
    if translation is None:
        messages.error(request, _("Start translating this page first."))
        return redirect("cms_translations_report")
    if request.method != "POST":
        response = HttpResponse(export_xliff(translation), content_type="application/x-xliff+xml")
        response["Content-Disposition"] = (
            f'attachment; filename="{page.pk}-{page.slug}-{page.locale.language_code}.xlf"'
        )
        return response
    form = TranslationFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", [_("No file was uploaded.")])))
    else:
        try:
            count = import_xliff(translation, form.cleaned_data["file"], user=request.user)
        except (ExchangeError, integrity.IntegrityViolation) as error:
            messages.error(request, _("Nothing was imported. %(error)s") % {"error": error})
        else:
            messages.success(request, _("%(count)s strings imported.") % {"count": count})
    return redirect("cms_translations_report")


def page_po_upload(request, page_id):
    """Upload a PO file for one translated page (wagtail-localize's editor offers the same)."""
    page = get_object_or_404(Page, pk=page_id).specific
    _require_page_editor(request.user, page)
    if request.method != "POST":
        raise PermissionDenied
    translation = translation_for(page)
    if translation is None:
        messages.error(request, _("Start translating this page first."))
        return redirect("cms_translations_report")
    form = TranslationFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", [_("No file was uploaded.")])))
        return redirect("cms_translations_report")
    try:
        count = import_po(translation, form.cleaned_data["file"], user=request.user)
    except (ExchangeError, integrity.IntegrityViolation) as error:
        messages.error(request, _("Nothing was imported. %(error)s") % {"error": error})
    else:
        messages.success(request, _("%(count)s strings imported.") % {"count": count})
    return _back(request)


@require_POST
def start_page_translation(request, page_id, language_code):
    """Start translating a live source page into one language (editors and its translators)."""
    source_page = get_object_or_404(
        Page, pk=page_id, locale__language_code=settings.CMS_SOURCE_LOCALE
    ).specific
    locale = get_object_or_404(Locale, language_code=language_code)
    try:
        with transaction.atomic():
            translation = start_translation(source_page, locale)
            save_translation_draft(translation, request.user)
    except (ExchangeError, integrity.IntegrityViolation) as refusal:
        messages.error(request, str(refusal))
        return _back(request)
    target = source_page.get_translation_or_none(locale)
    messages.success(
        request,
        _("“%(title)s” can now be translated into %(language)s.")
        % {"title": source_page.title, "language": locale.get_display_name()},
    )
    if target is not None and target.permissions_for_user(request.user).can_edit():
        return redirect("wagtailadmin_pages:edit", target.pk)
    return _back(request)


def view_translation(request, page_id):
    """Where a role that cannot edit a translation reads it: its live page."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.live:
        messages.info(request, _("This translation is not live yet."))
        return redirect("cms_translations_report")
    return redirect(page.get_url(request=request))


@require_POST
def save_draft(request, page_id):
    """The translation editor's "Save draft": the current strings become a draft revision."""
    page = get_object_or_404(Page, pk=page_id).specific
    _require_page_editor(request.user, page)
    translation = translation_for(page)
    if translation is None:
        raise PermissionDenied
    try:
        with transaction.atomic():
            save_translation_draft(translation, request.user)
    except integrity.IntegrityViolation as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Draft saved."))
    return _back(request)


@require_POST
def submit_for_review(request, page_id):
    """The step wagtail-localize lacks: send a translation to its language's reviewers."""
    page = get_object_or_404(Page, pk=page_id).specific
    _require_page_editor(request.user, page)
    try:
        state = submit_translation_for_review(page, request.user)
    except integrity.IntegrityViolation as refusal:
        messages.error(request, str(refusal))
        return _back(request)
    if state is None:
        messages.warning(request, _("No review workflow is configured for this language."))
    else:
        messages.success(
            request,
            _("“%(title)s” was submitted to %(workflow)s.")
            % {"title": page.get_admin_display_title(), "workflow": state.workflow.name},
        )
    return _back(request)


@require_POST
def sync_page(request, page_id):
    """Bring a translation up to date with its source, as a draft for the translator."""
    page = get_object_or_404(Page, pk=page_id).specific
    _require_page_editor(request.user, page)
    try:
        with transaction.atomic():
            sync_translation(page, request.user)
    except integrity.IntegrityViolation as refusal:
        messages.error(request, str(refusal))
        return _back(request)
    messages.success(
        request, _("“%(title)s” was synced with the source page.") % {"title": page.title}
    )
    return _back(request)


def update_translations(request, translation_source_id):
    """wagtail-localize's "Sync translated pages", without its unchecked publish.

    Its "Publish immediately" publishes every translation without asking whether the user
    may, and together with "Use machine translation" it would put machine output live.
    Here publishing is kept only for users who may publish every translation, and never
    with machine translation; otherwise the translations are updated as drafts.
    """
    from wagtail_localize.models import TranslationSource
    from wagtail_localize.views.update_translations import UpdateTranslationsView

    if request.method == "POST" and request.POST.get("publish_translations"):
        source = get_object_or_404(TranslationSource, pk=translation_source_id)
        pages = Page.objects.filter(translation_key=source.object_id).exclude(
            locale_id=source.locale_id
        )
        may_publish = all(page.permissions_for_user(request.user).can_publish() for page in pages)
        if request.POST.get("use_machine_translation") or not may_publish:
            request.POST = request.POST.copy()
            request.POST.pop("publish_translations")
            messages.warning(
                request,
                _(
                    "The translations were updated but not published: they must pass "
                    "translation review first."
                ),
            )
    return UpdateTranslationsView.as_view()(request, translation_source_id=translation_source_id)
