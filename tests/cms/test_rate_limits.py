"""Search, finder, PDF and API answer 429 with Retry-After past the per-client limit.

The client is the address the trusted proxies saw (never what the client wrote into
``X-Forwarded-For``), and every worker counts in the same store. Answers from the page
cache count like any other, every answer of a limited group says where the client
stands (``RateLimit-*``), and the API's 429 is RFC 9457 problem details.
"""

import ipaddress
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.cache import CacheHandler, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.test import RequestFactory, override_settings

from cms.page_cache import CACHE_HEADER
from cms.problems import PROBLEM_JSON
from cms.ratelimit import CACHE_ALIAS, client_ip, count_request, path_group
from specialists.models import SpecialistIndexPage
from topics.models import TopicPage

GENERATED = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
PEER = "203.0.113.9"
addresses = st.ip_addresses().map(str)
# What a client may put into the header itself: addresses, garbage, separators, ports.
spoofed_entry = (
    addresses
    | st.text(max_size=40)
    | st.sampled_from(["", " ", "unknown", "[::1]:443", "1.2.3.4:80", "999.1.1.1", "::ffff:"])
)


LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


@pytest.fixture
def limits_with_page_cache(settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {"search": "3/m", "finder": "3/m", "api": "3/m"}
    caches[CACHE_ALIAS].clear()
    # Fixed one-minute windows: a test's requests must fall into one of them. Close to
    # the end of a minute (a slow CI machine took over a second for the first request),
    # wait for the next one rather than count across two windows.
    left = 60 - time.time() % 60
    if left < 10:
        time.sleep(left + 0.05)


@pytest.fixture
def tight_limits(limits_with_page_cache, no_page_cache):
    """The limits alone: every request renders."""


def request_with(forwarded=None, remote=PEER):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/api/v3/pages/", **extra)


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
def test_api_limit_answers_problem_details_with_limit_headers(client, tight_limits):
    responses = hammer(client, "/api/v3/pages/", REMOTE_ADDR="198.51.100.4")

    limited = responses[-1]
    assert limited.status_code == 429
    assert limited["Content-Type"] == PROBLEM_JSON
    body = limited.json()
    assert body["type"] == "about:blank"
    assert (body["status"], body["title"]) == (429, "Too Many Requests")
    assert body["detail"].startswith("Too many requests.")
    seconds = int(limited["Retry-After"])
    assert 0 < seconds <= 60
    assert limited["RateLimit-Limit"] == "3"
    assert limited["RateLimit-Remaining"] == "0"
    assert limited["RateLimit-Reset"] == str(seconds)
    assert "no-store" in limited["Cache-Control"]


@pytest.mark.django_db
def test_api_problem_detail_speaks_the_readers_language(client, tight_limits):
    responses = hammer(client, "/api/v3/pages/", HTTP_ACCEPT_LANGUAGE="de")

    assert responses[-1].json()["detail"].startswith("Zu viele Anfragen.")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v3/pages/", "/en/search/?q=liver"])
def test_answers_of_a_limited_group_say_what_is_left(client, tight_limits, url):
    responses = hammer(client, url, times=3, REMOTE_ADDR="198.51.100.5")

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r["RateLimit-Remaining"] for r in responses] == ["2", "1", "0"]
    assert {r["RateLimit-Limit"] for r in responses} == {"3"}
    assert all(0 < int(r["RateLimit-Reset"]) <= 60 for r in responses)


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/api/v2/pages/", "api"),
        ("/en/search/", "search"),
        ("/de/suche/", "search"),
        ("/fr/recherche/suggestions/", "search"),
        ("/de-x-ls/suche/", "search"),
        ("/it/pdf/12/", "pdf"),
        ("/de/search/", None),  # the English route under the German prefix is a page path
        ("/en/pdf/x/", None),
        ("/en/topics/liver-metastases/", None),
        ("/search/", None),
        ("/admin/", None),
    ],
)
def test_the_group_is_known_from_the_path_in_its_language(settings, path, group):
    settings.RATE_LIMIT_ENABLED = True

    assert path_group(RequestFactory().get(path)) == group


@pytest.mark.django_db
def test_unlimited_answers_carry_no_limit_headers(client, tight_limits):
    topic = TopicPage.objects.get(locale__language_code="en")

    response = client.get(topic.url)

    assert not any(name in response for name in LIMIT_HEADERS)


@pytest.mark.django_db
def test_visitors_get_a_page_in_their_language(client, tight_limits):
    responses = hammer(client, "/de/suche/", data={"q": "Leber"}, REMOTE_ADDR="198.51.100.6")

    limited = responses[-1]
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("text/html")
    assert b'<html lang="de">' in limited.content
    assert "Zu viele Anfragen" in limited.content.decode()
    assert limited["RateLimit-Remaining"] == "0"


@pytest.mark.django_db
def test_cached_api_answers_still_count(client, limits_with_page_cache):
    responses = hammer(client, "/api/v3/pages/", REMOTE_ADDR="198.51.100.7")

    assert [r.get(CACHE_HEADER) for r in responses[:3]] == ["miss", "hit", "hit"]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1]["Content-Type"] == PROBLEM_JSON
    assert responses[1]["RateLimit-Remaining"] == "1", "each client's count, not the stored one"


@pytest.mark.django_db
def test_cached_suggestions_still_count(client, limits_with_page_cache):
    responses = hammer(client, "/en/search/suggestions/", data={"q": "liv"})

    assert [r.get(CACHE_HEADER) for r in responses[:3]] == ["miss", "hit", "hit"]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]


@pytest.mark.django_db
def test_cached_finder_pages_still_count_conditional_requests_too(client, limits_with_page_cache):
    finder = SpecialistIndexPage.objects.get(locale__language_code="de")
    url = f"{finder.url}?country=CH"
    first = client.get(url, REMOTE_ADDR="198.51.100.8")
    assert first.get(CACHE_HEADER) == "miss"
    assert first["RateLimit-Remaining"] == "2"

    second = client.get(url, REMOTE_ADDR="198.51.100.8")
    assert (second.status_code, second.get(CACHE_HEADER)) == (200, "hit")
    assert second["RateLimit-Remaining"] == "1"
    conditional = client.get(url, REMOTE_ADDR="198.51.100.8", HTTP_IF_NONE_MATCH='"x"')
    assert conditional["RateLimit-Remaining"] == "0"
    refused = client.get(url, REMOTE_ADDR="198.51.100.8")
    assert refused.status_code == 429
    assert client.get(url, REMOTE_ADDR="198.51.100.9").get(CACHE_HEADER) == "hit"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v3/pages/", "finder"])
def test_a_refusal_is_never_stored(client, limits_with_page_cache, settings, path):
    if path == "finder":
        path = SpecialistIndexPage.objects.get(locale__language_code="en").url
    settings.RATE_LIMITS = {"finder": "0/m", "api": "0/m"}
    assert client.get(path).status_code == 429

    settings.RATE_LIMIT_ENABLED = False
    after = client.get(path)

    assert (after.status_code, after.get(CACHE_HEADER)) == (200, "miss")


@pytest.mark.django_db
def test_a_stored_copy_is_not_served_to_a_client_over_the_limit(client, limits_with_page_cache):
    hammer(client, "/api/v3/pages/", times=3, REMOTE_ADDR="198.51.100.10")

    refused = client.get("/api/v3/pages/", REMOTE_ADDR="198.51.100.10")

    assert refused.status_code == 429
    assert CACHE_HEADER not in refused
    assert b'"items"' not in refused.content


@pytest.mark.django_db
def test_an_unreachable_counter_store_lets_requests_through(client, tight_limits, settings):
    settings.CACHES = {
        **settings.CACHES,
        CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    }

    responses = hammer(client, "/api/v3/pages/")

    assert {r.status_code for r in responses} == {200}
    assert not any(name in responses[-1] for name in LIMIT_HEADERS)


@GENERATED
@given(
    spoofed=st.lists(spoofed_entry, max_size=5),
    proxied=st.lists(addresses, min_size=1, max_size=3),
)
def test_the_client_is_the_entry_the_trusted_proxies_added(spoofed, proxied):
    """Whatever a client writes to the left of the proxies' entries changes nothing."""
    header = ", ".join([*(entry.replace(",", "") for entry in spoofed), *proxied])
    with override_settings(CMS_TRUSTED_PROXY_COUNT=len(proxied)):
        counted = client_ip(request_with(header))

    assert counted == str(ipaddress.ip_address(proxied[0]))


@GENERATED
@given(header=st.text(max_size=200) | st.lists(spoofed_entry, max_size=6).map(", ".join))
@pytest.mark.parametrize("trusted", [0, 1, 2])
def test_any_forwarded_header_gives_an_address_never_an_error(header, trusted):
    """Malformed or short headers fall back to the direct peer: a client cannot vary it."""
    with override_settings(CMS_TRUSTED_PROXY_COUNT=trusted):
        counted = client_ip(request_with(header))

    entries = header.split(",")
    if trusted and len(entries) >= trusted and _is_address(entries[-trusted]):
        assert counted == str(ipaddress.ip_address(entries[-trusted].strip()))
    else:
        assert counted == PEER


def test_without_proxies_the_header_is_ignored():
    with override_settings(CMS_TRUSTED_PROXY_COUNT=0):
        assert client_ip(request_with("198.51.100.77")) == PEER


@pytest.mark.django_db
def test_rotating_spoofed_addresses_does_not_escape_the_limit(client, tight_limits, settings):
    settings.CMS_TRUSTED_PROXY_COUNT = 1
    statuses = [
        client.get(
            "/api/v3/pages/",
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 198.51.100.20",
        ).status_code
        for attempt in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_workers_share_one_count():
    """Two workers are two cache clients with nothing in memory in common; with the
    deployed store they still count together, so the limit holds across N workers."""
    worker_a, worker_b = CacheHandler()[CACHE_ALIAS], CacheHandler()[CACHE_ALIAS]
    assert worker_a is not worker_b
    assert isinstance(worker_a, FileBasedCache), "without Redis the counters are files"
    key = "rl:test:198.51.100.30:shared"
    worker_a.delete(key)

    counts = [count_request(worker, key, 60) for worker in (worker_a, worker_b) * 3]

    assert counts == [1, 2, 3, 4, 5, 6]


def _is_address(text):
    try:
        ipaddress.ip_address(text.strip())
    except ValueError:
        return False
    return True
