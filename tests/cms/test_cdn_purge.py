"""Publishing purges the page from a configured CDN/HTTP cache (wagtail.contrib.frontend_cache)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from topics.models import TherapyPage


@pytest.fixture
def purge_server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            received.append((self.headers.get("Host"), self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()


@pytest.fixture
def purged(settings, purge_server):
    """The paths a configured HTTP purge backend receives."""
    location, received = purge_server
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    }
    return received


@pytest.mark.django_db
def test_publishing_purges_the_page_url(purged):
    therapy = TherapyPage.objects.get(slug="hifu", locale__language_code="en")

    therapy.save_revision().publish()

    assert (("localhost", "/en/therapies/hifu/")) in purged


@pytest.mark.django_db
def test_publishing_purges_every_answer_that_shows_the_page(
    purged, django_capture_on_commit_callbacks
):
    """Every language, the parent listing and the API v3 details, not only the page."""
    therapy = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    german = TherapyPage.objects.get(
        translation_key=therapy.translation_key, locale__language_code="de"
    )
    therapy.title = "HIFU (focused ultrasound)"

    with django_capture_on_commit_callbacks(execute=True):
        therapy.save_revision().publish()

    paths = {path for _host, path in purged}
    assert german.url in paths
    assert therapy.get_parent().url in paths
    assert f"/api/v3/pages/{therapy.pk}/" in paths
    assert f"/api/v3/pages/{german.pk}/" in paths


@pytest.mark.django_db
def test_unpublishing_purges_the_page_and_its_api_detail(
    purged, django_capture_on_commit_callbacks
):
    """The page a CDN must forget most is the one that just went offline."""
    therapy = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    url = therapy.url

    with django_capture_on_commit_callbacks(execute=True):
        therapy.unpublish()

    paths = {path for _host, path in purged}
    assert url in paths
    assert f"/api/v3/pages/{therapy.pk}/" in paths
