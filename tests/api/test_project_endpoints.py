"""Project endpoints: meta menu, display options, search and the finder, in each language."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_meta_menu_in_each_language(client, language):
    response = client.get(f"/api/v3/site/menu/{language}/")

    assert response.status_code == 200
    body = response.json()
    assert body["locale"] == language
    assert body["fallback"] is False
    kinds = [item["kind"] for item in body["items"]]
    assert kinds[0] == "emergencies"
    assert {"contact", "search", "accessibility", "languages"} <= set(kinds)
    emergencies = body["items"][0]
    assert emergencies["url"].startswith(f"/{language}/")


@pytest.mark.django_db
def test_unknown_locale_is_a_json_404(client):
    for url in (
        "/api/v3/site/menu/xx/",
        "/api/v3/site/display-options/xx/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "json" in response["Content-Type"]


@pytest.mark.django_db
def test_display_options_have_translated_labels(client):
    german = client.get("/api/v3/site/display-options/de/").json()

    assert german["defaults"]["text"] == "100"
    assert "200" in german["choices"]["text"]
    assert german["choices"]["contrast"] == ["default", "high", "dark"]
    assert german["labels"]["text_size"] == "Schriftgröße"
