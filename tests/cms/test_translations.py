"""Translations are real wagtail-localize translations, and synchronised fields stay in sync."""

import pytest

from wagtail_localize.models import Translation, TranslationSource

from specialists.models import SpecialistPage
from topics.models import TopicPage


@pytest.mark.django_db
def test_german_topic_is_a_wagtail_localize_translation_of_the_english_one():
    english = TopicPage.objects.get(locale__language_code="en")
    german = TopicPage.objects.get(locale__language_code="de")

    source = TranslationSource.objects.get_for_instance(english)

    assert german.translation_key == english.translation_key
    assert Translation.objects.filter(source=source, target_locale=german.locale).exists()
    assert german.title == "Lebermetastasen"
    assert german.slug != english.slug


def _resync(page, language_code, capture):
    """Update the source and re-save the translation, as the admin's "Sync" does."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation = Translation.objects.get(source=source, target_locale__language_code=language_code)
    with capture(execute=True):
        translation.save_target(publish=True)
    return page.get_translation(translation.target_locale).specific


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_contact_data_is_synchronised_not_translated(language, django_capture_on_commit_callbacks):
    english = SpecialistPage.objects.filter(locale__language_code="en").get(
        family_name="Würschmidt"
    )
    translated = english.get_translation(
        SpecialistPage.objects.filter(locale__language_code=language).first().locale
    ).specific
    synced = ["city", "country", "latitude", "longitude", "family_name", "academic_title"]
    assert [getattr(translated, f) for f in synced] == [getattr(english, f) for f in synced]
    translated_focus = translated.focus

    english.phone = "+49 40 1234 5678"
    english.latitude = 53.55
    english.city = "Hamburg-Altona"
    english.save_revision().publish()
    resynced = _resync(english, language, django_capture_on_commit_callbacks)

    assert resynced.phone == "+49 40 1234 5678"
    assert resynced.latitude == 53.55
    assert resynced.city == "Hamburg-Altona"
    assert resynced.focus == translated_focus
    assert resynced.focus != english.focus
