"""What search engines and shared links see: sitemap, robots.txt, canonical, description."""

import re
import xml.etree.ElementTree as ET

import pytest

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from wagtail.models import Page

from home.models import HomePage
from specialists.models import SpecialistIndexPage
from topics.models import TherapyPage, TopicPage

from ..utils import page_in

PUBLIC = "https://liver.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def public_host(settings):
    settings.CMS_PUBLIC_BASE_URL = PUBLIC


def _head(client, url):
    return client.get(url).content.decode().split("</head>")[0]


@pytest.mark.django_db
def test_sitemap_lists_every_language_with_alternates_on_the_public_host(client, public_host):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall("s:url", NS)  # noqa: S314 (our own output)
    locations = [url.find("s:loc", NS).text for url in urls]
    live = Page.objects.live().public().filter(depth__gte=2)
    assert len(locations) == len(set(locations)) == live.count()
    assert all(location.startswith(f"{PUBLIC}/") for location in locations)
    assert {location.split("/")[3] for location in locations} == {
        code for code, _name in settings.LANGUAGES
    }
    topic = page_in(TopicPage, "de")
    entry = next(url for url in urls if url.find("s:loc", NS).text == PUBLIC + topic.url)
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
    assert alternates == {
        **{code: PUBLIC + page_in(TopicPage, code).url for code, _name in settings.LANGUAGES},
        "x-default": PUBLIC + page_in(TopicPage, "en").url,
    }


@pytest.mark.django_db
def test_sitemap_leaves_out_drafts(client, django_capture_on_commit_callbacks):
    therapy = page_in(TherapyPage, "fr")
    with django_capture_on_commit_callbacks(execute=True):
        therapy.unpublish()

    assert therapy.url not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_search_results_out(client, public_host):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in text
    for language in ["en", "de", "fr", "it"]:
        with translation.override(language):
            assert f"Disallow: {reverse('search')}" in text
    assert "Disallow: /admin/" in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
@pytest.mark.parametrize("model", [HomePage, TopicPage, TherapyPage, SpecialistIndexPage])
def test_pages_have_canonical_description_and_open_graph(client, public_host, model, language):
    page = page_in(model, language)

    head = _head(client, page.url)

    assert f'<link rel="canonical" href="{PUBLIC}{page.url}">' in head
    description = re.search(r'<meta name="description" content="([^"]+)">', head).group(1)
    assert len(description) > 40
    assert f'<meta property="og:description" content="{description}">' in head
    assert f'<meta property="og:url" content="{PUBLIC}{page.url}">' in head
    assert '<meta property="og:title"' in head
    assert f'<meta property="og:locale" content="{language}_' in head
    assert "noindex" not in head


@pytest.mark.django_db
def test_description_is_the_topic_summary(client):
    topic = page_in(TopicPage, "it")

    head = _head(client, topic.url)

    assert f'<meta name="description" content="{escape(topic.summary)}">' in head


@pytest.mark.django_db
def test_finder_with_filters_is_canonical_to_the_finder(client, public_host):
    finder = page_in(SpecialistIndexPage, "de")

    head = _head(client, f"{finder.url}?country=CH&sort=name")

    assert f'<link rel="canonical" href="{PUBLIC}{finder.url}">' in head


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_search_results_are_not_indexed(client, language):
    with translation.override(language):
        url = reverse("search")

    head = _head(client, f"{url}?q=liver")

    assert '<meta name="robots" content="noindex, follow">' in head
    assert '<link rel="canonical"' in head
