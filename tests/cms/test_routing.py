"""Routing by ``url_path`` (``cms.routing``, patched in by ``cms.compat``) finds what
Wagtail's walk finds, with Wagtail's rules, in a number of queries that does not grow
with the depth of the page."""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Page, PageViewRestriction, Site

from cms.visibility import restricted_paths, searchable
from home.accessibility import VisitorDefaults
from home.models import HomePage
from topics.models import TopicIndexPage

from ..factories import ContentPageFactory
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


def _fields(page):
    return {
        field.attname: field.get_prep_value(field.value_from_object(page))
        for field in type(page)._meta.concrete_fields
    }


@pytest.mark.django_db
def test_the_routed_page_is_read_in_full_with_its_language_and_parent():
    """The way and the page are read by SQL compiled once (``cms.compiled``): the page
    served has every field Wagtail's has, its locale, and its parent for the trail."""
    pages = Page.objects.filter(depth__gte=3).select_related("locale")
    for page in pages:
        language, path = page.locale.language_code, page.url
        if path is None or not page.live:
            continue
        request = RequestFactory().get(path)
        with translation.override(language):
            for _attempt in range(2):  # compiled on the first, reused on the second
                routed = Page.route_for_request(request, path.split("/", 2)[2])[0]
                wagtails = Page.route_for_request.wagtail(request, path.split("/", 2)[2])[0]
                assert _fields(routed) == _fields(wagtails), path
                with CaptureQueriesContext(connection) as queries:
                    assert routed.locale == page.locale
                    assert routed.get_parent().pk == wagtails.get_parent().pk
                    assert routed.get_parent().title == wagtails.get_parent().title
                assert len(queries) == 0, path


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


@pytest.mark.django_db
def test_an_emptied_cache_costs_no_site_reads(client, no_page_cache):
    """The site and its root paths are remembered by the process, not the shared cache."""
    topic = english_topic()
    client.get(topic.url)
    cache.clear()

    with CaptureQueriesContext(connection) as captured:
        assert client.get(topic.url).status_code == 200

    assert not [q for q in captured.captured_queries if "wagtailcore_site" in q["sql"]]


@pytest.mark.django_db
def test_a_home_page_saved_under_a_new_slug_is_a_site_root_at_once():
    """Wagtail clears its root paths when a site root is saved; the remembered ones follow
    (``cms.compat.site_root_paths_remembered``): the page URLs below it change at once."""
    german = HomePage.objects.get(locale__language_code="de")
    before = german.url_path
    assert ("de", before) in {(p.language_code, p.root_path) for p in Site.get_site_root_paths()}

    german.slug = "deutsch"
    german.save()

    roots = {(p.language_code, p.root_path) for p in Site.get_site_root_paths()}
    assert ("de", "/deutsch/") in roots and ("de", before) not in roots


# Without restrictions or aliases on the way, the router tells the page so and its own
# check costs no query (remembered per content version; cms.visibility.restricted_pages).
# These prove the shortcut never skips a restriction that exists.


def _asks_for_a_login(response):
    return response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_a_restriction_added_to_a_page_applies_at_once(client, no_page_cache, kind):
    topic = english_topic()
    assert client.get(topic.url).status_code == 200  # "no restrictions" is now remembered
    PageViewRestriction.objects.create(page=topic, restriction_type=kind, password="secret")

    response = client.get(topic.url)
    if kind == PageViewRestriction.LOGIN:
        assert _asks_for_a_login(response)
    else:
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
        assert topic.summary not in response.content.decode()


@pytest.mark.django_db
def test_a_removed_restriction_serves_the_page_again(client, no_page_cache):
    topic = english_topic()
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.LOGIN
    )
    assert _asks_for_a_login(client.get(topic.url))
    restriction.delete()
    assert client.get(topic.url).status_code == 200


@pytest.mark.django_db
def test_a_moved_private_section_stays_private(client, no_page_cache):
    """Restrictions are remembered by page id: a move changes paths, not the version."""
    home = HomePage.objects.get(locale__language_code="en")
    section = ContentPageFactory(parent=home, title="Private", slug="private")
    inside = ContentPageFactory(parent=section, title="Inside", slug="inside")
    elsewhere = ContentPageFactory(parent=home, title="Elsewhere", slug="elsewhere")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert _asks_for_a_login(client.get(inside.url))

    section.move(elsewhere, pos="last-child")
    inside.refresh_from_db()

    assert inside.url == "/en/elsewhere/private/inside/"
    assert _asks_for_a_login(client.get(inside.url))
    assert client.get(elsewhere.url).status_code == 200


@pytest.mark.django_db
def test_a_moved_private_page_is_left_out_of_search_at_its_new_path():
    """Search excludes restricted sections by path (remembered per content version): a
    move of a restricted page, even without children, reads them again."""
    home = HomePage.objects.get(locale__language_code="en")
    private = ContentPageFactory(parent=home, title="Private", slug="private")
    elsewhere = ContentPageFactory(parent=home, title="Elsewhere", slug="elsewhere")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert private.path in restricted_paths()

    private.move(elsewhere, pos="last-child")
    private.refresh_from_db()

    assert restricted_paths() == [private.path]
    assert not searchable(Page.objects.filter(pk=private.pk)).exists()


@pytest.mark.django_db
def test_an_alias_is_served_and_takes_its_sources_restrictions(client, no_page_cache):
    topic = english_topic()
    alias = topic.create_alias(parent=topic.get_parent(), update_slug="bone-metastases-alias")
    path = "/en/topics/bone-metastases-alias/"
    assert _route(path, "en") == _route(path, "en", wagtail=True)
    response = client.get(path)
    assert response.status_code == 200
    assert topic.title in response.content.decode()

    PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)

    assert _asks_for_a_login(client.get(path))
    assert alias.alias_of_id == topic.pk
