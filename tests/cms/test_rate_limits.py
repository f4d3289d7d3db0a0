"""Search, finder and API answer 429 with Retry-After past the per-client limit."""

import pytest

from specialists.models import SpecialistIndexPage
from topics.models import TopicPage


@pytest.fixture
def tight_limits(settings, no_page_cache):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {"search": "3/m", "finder": "3/m", "api": "3/m"}


def hammer(client, url, times=4, **extra):
    return [client.get(url, **extra) for _attempt in range(times)]


@pytest.mark.django_db
def test_search_is_limited_per_client(client, tight_limits):
    responses = hammer(client, "/en/search/", data={"q": "liver"}, REMOTE_ADDR="198.51.100.1")

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert 0 < int(responses[-1]["Retry-After"]) <= 60
    other_client = client.get("/en/search/", {"q": "liver"}, REMOTE_ADDR="198.51.100.2")
    assert other_client.status_code == 200


@pytest.mark.django_db
def test_finder_is_limited(client, tight_limits):
    finder = SpecialistIndexPage.objects.get(locale__language_code="de")

    responses = hammer(client, finder.url, data={"country": "CH"}, REMOTE_ADDR="198.51.100.3")

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert "Retry-After" in responses[-1]


@pytest.mark.django_db
def test_ordinary_pages_are_not_limited(client, tight_limits):
    topic = TopicPage.objects.get(locale__language_code="en")

    assert {r.status_code for r in hammer(client, topic.url, times=6)} == {200}


@pytest.mark.django_db
def test_limits_can_be_switched_off(client, tight_limits, settings):
    settings.RATE_LIMIT_ENABLED = False

    assert {r.status_code for r in hammer(client, "/en/search/", data={"q": "x"})} == {200}


@pytest.mark.django_db
def test_api_limit_answers_json(client, tight_limits):
    responses = hammer(client, "/api/v3/pages/", REMOTE_ADDR="198.51.100.4")

    limited = responses[-1]
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("application/json")
    assert "Retry-After" in limited
