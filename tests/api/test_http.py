"""HTTP caching and CORS: public reads are cacheable, authenticated ones never."""

import pytest

from django.utils.http import http_date

from topics.models import TopicPage

from ..utils import page_in


@pytest.mark.django_db
def test_public_reads_are_cacheable_with_validators(api, settings):
    settings.CMS_API_CACHE_MAX_AGE = 120
    topic = page_in(TopicPage, "de")

    response = api.get(f"/api/v3/pages/{topic.pk}/")

    assert response["Cache-Control"] == "public, max-age=120"
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"] == http_date(topic.last_published_at.timestamp())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v3/pages/?locale=de", "/api/v3/locales/"])
def test_conditional_get_with_etag_is_304(api, path):
    etag = api.get(path)["ETag"]

    response = api.get(path, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.django_db
def test_conditional_get_with_last_modified_is_304_until_the_page_changes(api):
    topic = page_in(TopicPage, "de")
    last_modified = api.get(f"/api/v3/pages/{topic.pk}/")["Last-Modified"]

    unchanged = api.get(f"/api/v3/pages/{topic.pk}/", HTTP_IF_MODIFIED_SINCE=last_modified)
    topic.save_revision().publish()
    changed = api.get(f"/api/v3/pages/{topic.pk}/", HTTP_IF_MODIFIED_SINCE=last_modified)

    assert unchanged.status_code == 304
    assert changed.status_code == 200


@pytest.mark.django_db
def test_authenticated_reads_are_private(api, token):
    editor = api.as_user(token("editor"))

    response = editor.get("/api/v3/pages/")

    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


@pytest.mark.django_db
def test_errors_are_not_cached(api):
    assert api.get("/api/v3/pages/999999/")["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_cors_allows_configured_origins_only(api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]

    allowed = api.get("/api/v3/locales/", HTTP_ORIGIN="https://app.example.org")
    refused = api.get("/api/v3/locales/", HTTP_ORIGIN="https://evil.example.com")
    preflight = api.client.options(
        "/api/v3/pages/",
        HTTP_ORIGIN="https://app.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    site = api.client.get("/en/", HTTP_ORIGIN="https://app.example.org")

    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in refused
    assert preflight.status_code == 200
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in site


def test_cors_origins_come_from_the_environment(monkeypatch):
    from cms.settings.base import env_list

    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", "https://a.example.org, https://b.example.org")

    assert env_list("CORS_ALLOWED_ORIGINS") == ["https://a.example.org", "https://b.example.org"]
