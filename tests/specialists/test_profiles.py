"""Real specialists appear only with what the seed says; sample profiles say they are samples."""

import pytest

from specialists.models import SpecialistIndexPage, SpecialistPage

from ..utils import page_in


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_real_specialist_page_shows_no_invented_place(client, language):
    person = page_in(SpecialistPage, language, family_name="Würschmidt")

    html = client.get(person.url).content.decode()

    assert person.focus in html
    assert "<address>" not in html
    assert "sample-note" not in html
    assert "Hamburg" not in html


@pytest.mark.django_db
def test_sample_profiles_are_marked_as_text_in_the_finder(client):
    finder = page_in(SpecialistIndexPage, "de")

    html = client.get(finder.url).content.decode()

    samples = SpecialistPage.objects.live().filter(locale__language_code="de", is_sample=True)
    assert html.count('<p class="sample-note">') == samples.count()
    assert 'class="badge"' not in html


@pytest.mark.django_db
def test_clinics_are_named_by_their_translated_title(client):
    centre = page_in(SpecialistPage, "de", kind="centre", is_sample=False)

    html = client.get(centre.url).content.decode()

    assert centre.title != centre.organisation_name
    assert centre.display_name == centre.title
    assert centre.organisation_name not in html.split("</h1>")[0].split("<h1>")[1]
