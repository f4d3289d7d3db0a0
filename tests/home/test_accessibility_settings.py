"""Visitors' display settings: a cookie, applied on the server, safe against bad input."""

import pytest

from django.test import Client

from wagtail.models import Site

from home.models import AccessibilityLabels, VisitorDefaults
from topics.models import TopicPage

from ..utils import page_in

SETTINGS_URL = "/en/accessibility-settings/"


def _html_tag(html):
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "url", "title"),
    [
        ("en", "/en/accessibility-settings/", "Accessibility settings"),
        ("de", "/de/einstellungen-barrierefreiheit/", "Barrierefreiheit einstellen"),
        ("fr", "/fr/parametres-accessibilite/", "Réglages d&#x27;accessibilité"),
        ("it", "/it/impostazioni-accessibilita/", "Impostazioni di accessibilità"),
    ],
)
def test_settings_page_in_every_language(client, language, url, title):
    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in html.replace("\u00ad", "")
    assert 'name="csrfmiddlewaretoken"' in html
    for value in ["100", "125", "150", "175", "200", "default", "high", "dark"]:
        assert f'value="{value}"' in html


@pytest.mark.django_db
def test_saving_returns_to_the_page_and_applies_classes_on_every_page(client):
    topic = page_in(TopicPage, "en").get_url()

    response = client.post(
        SETTINGS_URL,
        {"text": "200", "contrast": "dark", "spacing": "on", "underline": "on", "next": topic},
    )

    assert response.status_code == 303
    assert response["Location"] == topic
    assert response.cookies["a11y"]["httponly"]
    assert response.cookies["a11y"]["samesite"] == "Lax"
    html = client.get(topic).content.decode()
    assert _html_tag(html) == (
        '<html lang="en" class="a11y-text-200 a11y-contrast-dark a11y-spacing a11y-underline">'
    )
    assert "a11y-text-200" in _html_tag(client.get("/de/").content.decode())


@pytest.mark.django_db
def test_settings_form_shows_the_saved_choice(client):
    client.post(SETTINGS_URL, {"text": "150", "contrast": "high", "motion": "on"})

    html = client.get(SETTINGS_URL).content.decode()

    assert 'value="150" id="id_text_2" checked' in html
    assert 'value="high" id="id_contrast_1" checked' in html
    assert 'name="motion" id="id_motion" value="on" checked' in html


@pytest.mark.django_db
def test_reset_removes_the_cookie(client):
    client.post(SETTINGS_URL, {"text": "200", "contrast": "dark"})

    response = client.post(SETTINGS_URL, {"reset": "1", "next": "/en/"})

    assert response.status_code == 303
    assert response["Location"] == "/en/"
    assert response.cookies["a11y"].value == ""
    assert "class=" not in _html_tag(client.get("/en/").content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"text": "999", "contrast": "dark"}, {"text": "150", "contrast": "neon"}, {}],
    ids=["unknown-size", "unknown-contrast", "empty"],
)
def test_unknown_values_are_refused_with_a_message(client, data):
    response = client.post(SETTINGS_URL, data)

    assert response.status_code == 400
    assert "Your settings could not be saved" in response.content.decode()
    assert "a11y" not in response.cookies


@pytest.mark.django_db
def test_missing_csrf_token_gets_a_clear_page_not_an_error():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/de/einstellungen-barrierefreiheit/", {"text": "200"})

    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_next", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/x"]
)
def test_foreign_return_url_is_not_followed(client, bad_next):
    data = {"text": "125", "contrast": "default", "next": bad_next}

    response = client.post(SETTINGS_URL, data, follow=True)

    assert response.redirect_chain == [(SETTINGS_URL, 303)]
    html = response.content.decode()
    assert "a11y-text-125" in _html_tag(html)
    assert "The return address led to another website" in html


@pytest.mark.django_db
def test_foreign_return_url_on_the_form_link_is_dropped(client):
    html = client.get(SETTINGS_URL, {"next": "https://evil.example/"}).content.decode()

    assert 'name="next" value=""' in html


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["text:999|contrast:<script>", "garbage", "x" * 5000])
def test_malformed_cookie_is_ignored(client, cookie):
    client.cookies["a11y"] = cookie

    response = client.get("/en/")

    assert response.status_code == 200
    assert _html_tag(response.content.decode()) == '<html lang="en">'


@pytest.mark.django_db
def test_site_defaults_apply_until_the_visitor_chooses(client):
    defaults = VisitorDefaults.for_site(Site.objects.get(is_default_site=True))
    defaults.text_size = "125"
    defaults.underline_links = True
    defaults.save()

    assert _html_tag(client.get("/en/").content.decode()) == (
        '<html lang="en" class="a11y-text-125 a11y-underline">'
    )
    client.post(SETTINGS_URL, {"text": "100", "contrast": "default"})
    assert _html_tag(client.get("/en/").content.decode()) == '<html lang="en">'


@pytest.mark.django_db
def test_editors_labels_are_used_per_language_with_built_in_fallback(client):
    labels = AccessibilityLabels.objects.get(locale__language_code="de")
    labels.text_size = "Wie groß soll die Schrift sein?"
    labels.motion = ""
    labels.save()

    html = client.get("/de/einstellungen-barrierefreiheit/").content.decode()

    assert "<legend>Wie groß soll die Schrift sein?</legend>" in html
    assert "Bewegungen und Animationen reduzieren" in html
    AccessibilityLabels.objects.filter(locale__language_code="it").delete()
    assert "Dimensione del testo" in client.get("/it/impostazioni-accessibilita/").content.decode()


@pytest.mark.django_db
def test_settings_are_reachable_from_the_meta_menu_with_a_return_address(client):
    topic = page_in(TopicPage, "de").get_url()

    html = client.get(topic).content.decode()

    assert f'href="/de/einstellungen-barrierefreiheit/?next={topic.replace("/", "%2F")}"' in html
