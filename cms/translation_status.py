"""Translation status of a page in every content language.

A minimal version so the API can report it; the integrator replaces the body with the
full rules (outdated, machine_unreviewed) without changing the signature.
"""

from django.conf import settings

from wagtail.models import Page
from wagtail_localize.models import TranslationSource

STATUSES = ("source", "missing", "in_progress", "up_to_date", "outdated", "machine_unreviewed")


def page_translation_statuses(page) -> dict[str, str]:
    """Language code -> status for ``page`` in every language of the site."""
    translations = {
        language_code: live
        for language_code, live in Page.objects.filter(
            translation_key=page.translation_key
        ).values_list("locale__language_code", "live")
    }
    source_language = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .values_list("locale__language_code", flat=True)
        .first()
    ) or page.locale.language_code
    statuses = {}
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if language_code == source_language:
            statuses[language_code] = "source"
        elif language_code not in translations:
            statuses[language_code] = "missing"
        else:
            statuses[language_code] = "up_to_date" if translations[language_code] else "in_progress"
    return statuses
