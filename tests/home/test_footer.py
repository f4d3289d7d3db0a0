"""Every page's footer: who publishes the site and the pages every visitor is owed."""

import re

import pytest

from django.utils.html import escape

from home.models import ContentPage, FooterMenu

from ..utils import PAGE_TYPES, page_in

LEGAL_SLUGS = {
    "en": ["imprint", "privacy", "accessibility", "contact", "editorial-policy"],
    "de": ["impressum", "datenschutz", "barrierefreiheit", "kontakt", "redaktionelle-grundsaetze"],
    "fr": ["mentions-legales", "confidentialite", "accessibilite", "contact", "charte-editoriale"],
    "it": ["note-legali", "privacy", "accessibilita", "contatti", "linee-guida-editoriali"],
}


def _footer(html):
    start = html.index('<footer class="site-footer">')
    return html[start : html.index("</footer>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LEGAL_SLUGS)
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_page_links_the_legal_pages_in_its_language(client, model, language):
    footer = _footer(client.get(page_in(model, language).url).content.decode())

    links = re.findall(r'<a href="([^"]+)">', footer)
    assert links == [f"/{language}/{slug}/" for slug in LEGAL_SLUGS[language]]
    publisher = FooterMenu.objects.get(locale__language_code=language).publisher
    assert escape(publisher) in footer
    assert " lang=" not in footer


@pytest.mark.django_db
@pytest.mark.parametrize("language", LEGAL_SLUGS)
def test_legal_pages_are_live_in_every_language(client, language):
    for slug in LEGAL_SLUGS[language]:
        page = page_in(ContentPage, language, slug=slug)
        assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_accessibility_statement_has_what_bitv_asks_for(client):
    html = client.get("/de/barrierefreiheit/").content.decode().replace("\u00ad", "")

    for part in [
        "Stand der Vereinbarkeit",
        "teilweise",
        "Was noch nicht barrierefrei ist",
        "Alternative:",
        "29. November 2026",
        "Selbstbewertung",
        'href="mailto:accessibility@example.org?subject=',
        "Schlichtungsstelle",
    ]:
        assert part in html, part


@pytest.mark.django_db
def test_language_without_footer_shows_the_source_footer_marked_as_english(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        FooterMenu.objects.filter(locale__language_code="it").delete()

    footer = _footer(client.get("/it/").content.decode())

    assert 'lang="en"' in footer
    assert "Privacy notice" in footer
    assert "/it/note-legali/" in footer


@pytest.mark.django_db
def test_a_legal_page_taken_offline_leaves_the_footer_at_once(
    client, django_capture_on_commit_callbacks
):
    """The menus and their targets are remembered per process; taking a linked page
    offline refreshes them (it bumps the ``menu`` tag), in the cached page too."""
    assert "/de/impressum/" in _footer(client.get("/de/").content.decode())
    imprint = page_in(ContentPage, "de", slug="impressum")

    with django_capture_on_commit_callbacks(execute=True):
        imprint.unpublish()

    footer = _footer(client.get("/de/").content.decode())
    assert "/de/impressum/" not in footer
    assert "/de/datenschutz/" in footer
