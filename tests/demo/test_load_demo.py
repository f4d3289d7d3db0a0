"""load_demo builds the whole multilingual site and can run again without duplicates."""

import polib
import pytest

from django.core.management import call_command

from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from demo.loader import CATALOG_DIR
from specialists.models import SpecialistPage, Specialty
from topics.models import TherapyPage, TopicPage


@pytest.mark.django_db
def test_load_demo_twice_creates_no_duplicates():
    before = Page.objects.count(), Specialty.objects.count(), Translation.objects.count()

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = Page.objects.count(), Specialty.objects.count(), Translation.objects.count()
    assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_every_language_has_the_whole_tree(language):
    pages = Page.objects.filter(locale__language_code=language, depth__gte=2)

    assert pages.live().count() == 39
    assert TherapyPage.objects.filter(locale__language_code=language).count() == 8
    assert SpecialistPage.objects.filter(locale__language_code=language).count() >= 19


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_demo_catalog_translates_every_source_string(language):
    catalog = {e.msgid for e in polib.pofile(str(CATALOG_DIR / f"{language}.po")) if e.msgstr}
    source_strings = set(
        StringSegment.objects.filter(source__locale__language_code="en").values_list(
            "string__data", flat=True
        )
    )

    assert source_strings - catalog == set()


@pytest.mark.django_db
def test_seed_specialists_are_real_and_samples_are_marked():
    english = SpecialistPage.objects.filter(locale__language_code="en")
    real = set(english.filter(is_sample=False).values_list("title", flat=True))

    assert real == {
        "CyberKnife Center of Central Germany",
        "Hans-Gerald H. Forg",
        "Prof. Dr Florian Würschmidt",
        "Prof. Dr Olaf Horstmann",
        "Univ.-Prof. Dr Andreas Rink",
    }
    assert english.filter(is_sample=True).count() >= 14
    assert set(english.filter(is_sample=True).values_list("country", flat=True)) == {
        "DE",
        "AT",
        "CH",
    }


@pytest.mark.django_db
def test_real_specialists_show_only_what_the_seed_says():
    for person in SpecialistPage.objects.filter(is_sample=False):
        assert person.focus
        assert (person.city, person.region, person.country, person.latitude) == ("", "", "", None)
        assert not person.therapy_links.exists()
        assert not person.specialty_links.exists()
        assert not person.spoken_languages.exists()
        assert not (person.phone or person.email or person.website or person.street)


@pytest.mark.django_db
def test_topic_links_its_therapies_in_each_language(client):
    topic = TopicPage.objects.get(locale__language_code="de")

    therapies = topic.therapies()

    assert len(therapies) == 8
    assert {t.locale.language_code for t in therapies} == {"de"}
