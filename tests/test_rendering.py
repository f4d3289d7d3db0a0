"""Every page type renders in every language from the demo content."""

import pytest

from specialists.models import SpecialistIndexPage
from topics.models import TopicPage

from .conftest import LANGUAGES
from .utils import PAGE_TYPES, page_in


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_page_type_renders_in_language(client, model, language):
    page = page_in(model, language)
    assert page is not None, f"demo has no {model.__name__} in {language}"
    url = page.get_url()
    assert url.startswith(f"/{language}/")

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert page.title in html or getattr(page, "display_name", "") in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Lebermetastasen"), ("fr", "Métastases hépatiques"), ("it", "Metastasi epatiche")],
)
def test_translated_topic_shows_translated_text(client, language, expected):
    topic = page_in(TopicPage, language)

    response = client.get(topic.get_url())

    assert expected.lower() in response.content.decode().lower()
    assert "Liver metastases are secondary tumours" not in response.content.decode()


@pytest.mark.django_db
def test_german_topic_is_two_clicks_from_german_home(client):
    home = client.get("/de/").content.decode()
    topic = page_in(TopicPage, "de")

    assert f'href="{topic.get_url()}"' in home


@pytest.mark.django_db
def test_specialist_finder_counts_demo_specialists(client):
    finder = page_in(SpecialistIndexPage, "en")

    response = client.get(finder.get_url())

    assert "20 specialists found" in response.content.decode()
