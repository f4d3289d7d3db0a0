"""Language links: the translation when live, else that language's home; the choice sticks."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from django.conf import settings

from topics.models import TopicPage

from ..utils import page_in


def _switcher(html):
    start = html.index('<ul class="language-switcher"')
    return html[start : html.index("</ul>", start)]


def _targets(html):
    """Language code -> (where the link finally leads, is it marked as the home page)."""
    result = {}
    for item in re.findall(r"<li>(.*?)</li>", _switcher(html), re.S):
        href = re.search(r'href="([^"]+)"', item).group(1).replace("&amp;", "&")
        code = re.search(r'hreflang="([\w-]+)"', item).group(1)
        result[code] = (
            parse_qs(urlsplit(href).query)["next"][0],
            "language-switcher__note" in item,
        )
    return result


@pytest.mark.django_db
def test_every_language_links_to_the_translation_of_the_page(client):
    pages = {code: page_in(TopicPage, code) for code, _name in settings.LANGUAGES}

    targets = _targets(client.get(pages["de"].get_url()).content.decode())

    assert targets == {code: (page.get_url(), False) for code, page in pages.items()}


@pytest.mark.django_db
def test_untranslated_page_links_to_that_languages_home_and_says_so(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page_in(TopicPage, "fr").unpublish()

    html = client.get(page_in(TopicPage, "de").get_url()).content.decode()

    assert _targets(html)["fr"] == ("/fr/", True)
    assert "(Startseite)" in _switcher(html)
    assert 'hreflang="fr"' not in html.split("</head>")[0]


@pytest.mark.django_db
def test_head_lists_hreflang_alternates_and_x_default_on_the_public_host(client, settings):
    settings.CMS_PUBLIC_BASE_URL = "https://liver.example.org"
    english = page_in(TopicPage, "en")

    head = client.get(page_in(TopicPage, "it").get_url()).content.decode().split("</head>")[0]

    for code in ["en", "de", "fr", "it"]:
        url = page_in(TopicPage, code).get_url()
        expected = f'<link rel="alternate" hreflang="{code}" href="https://liver.example.org{url}">'
        assert expected in head
    assert f'hreflang="x-default" href="https://liver.example.org{english.get_url()}"' in head


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_html_lang_is_the_page_language(client, language):
    html = client.get(page_in(TopicPage, language).get_url()).content.decode()

    assert f'<html lang="{language}"' in html


@pytest.mark.django_db
def test_search_page_links_to_search_in_other_languages(client):
    targets = _targets(client.get("/de/suche/?q=leber").content.decode())

    assert targets["fr"] == ("/fr/recherche/", False)
    assert targets["it"] == ("/it/cerca/", False)


@pytest.mark.django_db
def test_choosing_a_language_is_remembered_for_the_root_url(client):
    german = page_in(TopicPage, "de").get_url()

    response = client.get(f"/de/sprache/?next={german}")

    assert response.status_code == 302
    assert response["Location"] == german
    assert response.cookies["django_language"].value == "de"
    root = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert root["Location"] == "/de/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_next", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_choosing_a_language_never_redirects_off_site(client, bad_next):
    response = client.get("/it/lingua/", {"next": bad_next})

    assert response.status_code == 302
    assert response["Location"] == "/it/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "skip_link"),
    [
        ("en", "Skip to main content"),
        ("de", "Zum Hauptinhalt springen"),
        ("fr", "Aller au contenu principal"),
        ("it", "Vai al contenuto principale"),
    ],
)
def test_ui_text_is_in_the_page_language(client, language, skip_link):
    html = client.get(page_in(TopicPage, language).get_url()).content.decode()

    assert f'<a class="skip-link" href="#main">{skip_link}</a>' in html
