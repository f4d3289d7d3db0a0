"""A page in every content language (language code -> id, url, translation status)."""

from django.conf import settings

from wagtail.models import Page

from cms.public_urls import page_public_url
from cms.translation_status import page_translation_statuses
from cms.visibility import visible


def alternates(page, ctx):
    statuses = page_translation_statuses(page)
    readable = {
        translation.locale.language_code: translation
        for translation in visible(
            Page.objects.filter(translation_key=page.translation_key)
        ).select_related("locale")
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
