"""/healthz reports database and cache; a dead Redis degrades, never breaks, the site."""

import pytest

from django.test import override_settings

from topics.models import TopicPage

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
}


@pytest.fixture
def dead_redis():
    with override_settings(CACHES=DEAD_REDIS, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        yield


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_unreachable_redis_degrades_health_but_pages_still_serve(client, dead_redis):
    health = client.get("/healthz")
    page = client.get(TopicPage.objects.get(locale__language_code="de").get_url())

    assert health.status_code == 200
    assert health.json()["cache"] == "unavailable"
    assert health.json()["status"] == "degraded"
    assert page.status_code == 200
