"""A page in every content language (language code -> id, url, translation status)."""

from django.conf import settings
from django.db.models import Q

from wagtail.models import Page

from cms.public_urls import page_public_url
from cms.translation_status import Status, source_locale, statuses_for
from cms.visibility import restricted_paths


def family(page):
    """``(ancestors, translations)`` of ``page`` in one query: what a detail's
    breadcrumbs and alternates read (two queries apart, and a third for the source page
    of the translation status). Ancestors from depth 2 in path order; every translation
    (``page`` too), live or not, with ``is_visible`` saying whether a visitor may see it.
    """
    paths = [page.path[:end] for end in range(Page.steplen * 2, len(page.path), Page.steplen)]
    rows = (
        Page.objects.filter(Q(path__in=paths) | Q(translation_key=page.translation_key))
        .select_related("locale")
        .order_by("path")
    )
    # ``cms.visibility.visible_q`` in Python: the restricted paths are remembered per
    # content version, and a subquery per row cost more to build than the whole query.
    restricted = restricted_paths()
    ancestors, translations = [], []
    for row in rows:
        if row.path in paths and row.pk != page.pk:
            ancestors.append(row)
        if row.translation_key == page.translation_key:
            row.is_visible = row.live and not any(row.path.startswith(p) for p in restricted)
            translations.append(row)
    return ancestors, translations


def translation_statuses(page, translations):
    """``cms.translation_status.page_translation_statuses`` for ``page`` with its
    translations already read: the source page is among them (one query less)."""
    source = source_locale()
    source_page = next((t for t in translations if t.locale_id == source.pk), None)
    if source_page is None:
        return {page.locale.language_code: Status.SOURCE}
    result = {source.language_code: Status.SOURCE}
    for code, state in statuses_for([source_page])[source_page.pk].items():
        result[code] = state.status
    return result


def alternates(page, ctx, translations=None):
    """``translations`` as ``family`` reads them (read here when not given)."""
    if translations is None:
        translations = family(page)[1]
    statuses = translation_statuses(page, translations)
    readable = {
        translation.locale.language_code: translation
        for translation in translations
        if translation.is_visible
    }
    result = {}
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        translation = readable.get(language_code)
        result[language_code] = {
            "id": translation.pk if translation else None,
            "url": page_public_url(translation, ctx.request) if translation else None,
            "status": statuses.get(language_code, "missing"),
        }
    return result
