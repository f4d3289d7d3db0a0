"""/healthz reports database and cache; a dead Redis degrades, never breaks, the site."""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone

from cms.models import SearchIndexBacklog
from topics.models import TopicPage

_DEAD = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.2,
        "SOCKET_TIMEOUT": 0.2,
    },
}
# As in production with REDIS_URL: every cache alias is the one Redis.
DEAD_REDIS = {"default": _DEAD, "ratelimit": _DEAD, "search_statistics": _DEAD}


@pytest.fixture
def dead_redis():
    with override_settings(CACHES=DEAD_REDIS, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        yield


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "search_index": {"status": "ok", "backlog": 0, "oldest_seconds": 0},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_unreachable_redis_degrades_health_but_pages_still_serve(client, dead_redis):
    topic = TopicPage.objects.get(locale__language_code="de")
    health = client.get("/healthz")
    page = client.get(topic.get_url())
    search = client.get("/de/suche/", {"q": "Leber"})
    api_detail = client.get(f"/api/v3/pages/{topic.pk}/")
    api_search = client.get("/api/v3/search/", {"q": "Leber", "locale": "de"})

    assert health.status_code == 200
    assert health.json()["cache"] == "unavailable"
    assert health.json()["status"] == "degraded"
    assert page.status_code == 200
    assert search.status_code == 200 and 'data-count="0"' not in search.content.decode()
    assert api_detail.status_code == 200 and api_detail.json()["title"] == "Lebermetastasen"
    assert api_search.status_code == 200 and api_search.json()["count"] > 0


@pytest.mark.django_db
def test_a_search_index_backlog_degrades_health_but_keeps_the_instance_in_service(client):
    """Failed index updates wait on the backlog (cms.indexing); visitors are still served."""
    topic = TopicPage.objects.get(locale__language_code="en")
    SearchIndexBacklog.objects.create(
        content_type=ContentType.objects.get_for_model(TopicPage),
        object_id=str(topic.pk),
        first_failed_at=timezone.now() - timezone.timedelta(minutes=5),
    )

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["database"] == "ok"
    assert response.json()["search_index"]["status"] == "degraded"
    assert response.json()["search_index"]["backlog"] == 1
    assert 300 <= response.json()["search_index"]["oldest_seconds"] < 400
