"""Language prefixes: every language prefixed, unknown ones 404, `/` by Accept-Language."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_root_redirects_by_accept_language(client, language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"


@pytest.mark.django_db
def test_root_falls_back_to_english_for_other_languages(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")

    assert response["Location"] == "/en/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/xx/", "/es/", "/pt-br/topics/"])
def test_unknown_language_prefix_is_404(client, path):
    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.django_db
def test_unknown_page_in_known_language_is_404(client):
    assert client.get("/de/does-not-exist/").status_code == 404


@pytest.mark.django_db
def test_admin_is_not_language_prefixed(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
