"""Search, finder and API answer 429 with Retry-After past the per-client limit.

The client is the address the trusted proxies saw (never what the client wrote into
``X-Forwarded-For``), and every worker counts in the same store.
"""

import ipaddress

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.cache import CacheHandler, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.test import RequestFactory, override_settings

from cms.ratelimit import CACHE_ALIAS, client_ip, count_request
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


@pytest.fixture
def tight_limits(settings, no_page_cache):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {"search": "3/m", "finder": "3/m", "api": "3/m"}
    caches[CACHE_ALIAS].clear()


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
def test_api_limit_answers_json(client, tight_limits):
    responses = hammer(client, "/api/v3/pages/", REMOTE_ADDR="198.51.100.4")

    limited = responses[-1]
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("application/json")
    assert "Retry-After" in limited


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
