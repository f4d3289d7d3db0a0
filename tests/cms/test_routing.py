"""Routing by ``url_path`` (``cms.routing``, patched in by ``cms.compat``) finds what
Wagtail's walk finds, with Wagtail's rules, in a number of queries that does not grow
with the depth of the page."""

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Page, PageViewRestriction, Site

from home.accessibility import VisitorDefaults
from topics.models import TopicIndexPage

from ..utils import english_topic


def _route(path, language, wagtail=False):
    request = RequestFactory().get(path)
    with translation.override(language):
        route = Page.route_for_request.wagtail if wagtail else Page.route_for_request
        result = route(request, path.split("/", 2)[2] if path.count("/") > 1 else "")
    return None if result is None else (result[0].pk, type(result[0]), result[1], result[2])


@pytest.mark.django_db
def test_every_page_of_the_demo_routes_as_wagtail_routes_it():
    pages = Page.objects.filter(depth__gte=2).select_related("locale")
    assert pages.count() > 20
    for page in pages:
        language, path = page.locale.language_code, page.url
        if path is None:
            continue
        assert _route(path, language) == _route(path, language, wagtail=True), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/en/topics/no-such-topic/", "/en/no-such-section/liver-metastases/", "/de/topics/x/y/z/"],
)
def test_unknown_paths_are_404s_like_wagtails(path, client):
    assert _route(path, path.split("/")[1]) is None
    assert _route(path, path.split("/")[1], wagtail=True) is None
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_draft_is_a_404_but_its_live_children_are_served(client):
    index = TopicIndexPage.objects.get(locale__language_code="en")
    topic = english_topic()
    draft = english_topic("Draft topic", "draft-topic", publish=False)
    assert client.get(topic.url).status_code == 200
    assert client.get("/en/topics/draft-topic/").status_code == 404
    assert _route("/en/topics/draft-topic/", "en") is None
    index.unpublish()
    # Wagtail serves a live page under an unpublished parent (its URL still resolves).
    assert _route(f"/en/topics/{topic.slug}/", "en") == _route(
        f"/en/topics/{topic.slug}/", "en", wagtail=True
    )
    assert _route(f"/en/topics/{topic.slug}/", "en")[0] == topic.pk
    assert draft.pk


@pytest.mark.django_db
def test_a_page_in_a_private_section_still_asks_for_a_login(client):
    index = TopicIndexPage.objects.get(locale__language_code="en")
    topic = english_topic()
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(topic.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_routing_costs_the_same_at_every_depth():
    counts = []
    _route("/en/", "en")  # the site for the host name, remembered from now on
    for path in ("/en/topics/", "/en/topics/liver-metastases/"):
        with CaptureQueriesContext(connection) as queries:
            assert _route(path, "en") is not None
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4


@pytest.mark.django_db
def test_a_changed_site_or_visitor_default_is_read_at_once(client, no_page_cache):
    site = Site.objects.get(is_default_site=True)
    assert client.get("/en/").status_code == 200
    defaults = VisitorDefaults.for_site(site)
    defaults.contrast = "high"
    defaults.save()
    assert "a11y-contrast-high" in client.get("/en/").content.decode()
    assert Site.find_for_request(RequestFactory().get("/")).site_name == site.site_name
    site.site_name = "Renamed"
    site.save()
    assert Site.find_for_request(RequestFactory().get("/")).site_name == "Renamed"
