"""Targeted invalidation: a change refreshes the cached answers that show the page, no others."""

import json
import logging

import pytest

from django.core.cache import cache
from django.test import RequestFactory

from wagtail.models import Page
from wagtail.rich_text import RichText

from cms import invalidation, page_cache
from cms.page_cache import CACHE_HEADER
from specialists.models import SpecialistIndexPage, SpecialistPage, SpecialistTherapy
from tests.factories import SpecialistPageFactory, TherapyPageFactory, TopicPageFactory
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

LANGUAGES = ["en", "de", "fr", "it"]


def state(client, url):
    return client.get(url).get(CACHE_HEADER)


def prime(client, *urls):
    for url in urls:
        client.get(url)
        assert state(client, url) == "hit", url


def publish(page, **changes):
    page = Page.objects.get(pk=page.pk).specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@pytest.fixture
def therapy():
    return TherapyPage.objects.get(slug="hifu", locale__language_code="en")


@pytest.fixture
def unrelated():
    """A page that neither shows HIFU nor is shown by it."""
    page = SpecialistPage.objects.get(slug="prof-dr-lea-brunner", locale__language_code="en")
    assert "HIFU" not in page.serve(RequestFactory().get(page.url)).render().content.decode()
    return page


@pytest.fixture
def linking_pages(therapy):
    """Topics that point at the therapy: a StreamField chooser and a rich-text link."""
    index = TopicIndexPage.objects.get(locale__language_code="en")
    chooser = TopicPageFactory(parent=index, title="Chooses HIFU")
    chooser.body = json.dumps(
        [{"type": "therapy_links", "value": {"heading": "See", "therapies": [therapy.pk]}}]
    )
    rich = TopicPageFactory(
        parent=index,
        title="Links HIFU",
        body__0__paragraph__value=RichText(
            f'<p>Read about <a linktype="page" id="{therapy.pk}">focused ultrasound</a>.</p>'
        ),
    )
    for page in (chooser, rich):
        page.save_revision().publish()
    return chooser, rich


@pytest.mark.django_db
def test_publishing_refreshes_what_shows_the_page_and_keeps_the_rest(
    client, therapy, unrelated, linking_pages
):
    translations = [therapy.get_translation(locale) for locale in _locales()]
    index = TherapyIndexPage.objects.get(locale__language_code="en")
    showing = [
        *(page.url for page in translations),
        f"/api/v3/pages/{therapy.pk}/",
        index.url,
        *(page.url for page in linking_pages),
    ]
    kept = [unrelated.url, f"/api/v3/pages/{unrelated.pk}/"]
    prime(client, *showing, *kept)

    publish(therapy, title="HIFU (focused ultrasound)")

    for url in showing:
        assert state(client, url) == "miss", url
    for url in kept:
        assert state(client, url) == "hit", url
    chooser, _rich = linking_pages
    assert "HIFU (focused ultrasound)" in client.get(chooser.url).content.decode()


@pytest.mark.django_db
def test_a_summary_change_keeps_other_listings(client, therapy):
    topic = TopicPage.objects.get(slug="liver-metastases", locale__language_code="en")
    therapies = TherapyIndexPage.objects.get(locale__language_code="en")
    prime(client, therapies.url, topic.url)

    publish(topic, summary="A new summary.")

    assert state(client, topic.url) == "miss"
    assert state(client, therapies.url) == "hit"


@pytest.mark.django_db
def test_a_new_page_appears_in_its_parents_listing_and_the_pages_it_relates_to(client):
    """A therapy lists the specialists that name it: it did not load the new one."""
    therapy = TherapyPageFactory(
        parent=TherapyIndexPage.objects.get(locale__language_code="en"), title="Proton therapy"
    )
    finder = SpecialistIndexPage.objects.get(locale__language_code="en")
    prime(client, therapy.url, finder.url)

    specialist = SpecialistPageFactory(parent=finder, title="Dr Newly Published", live=False)
    specialist.therapy_links.add(SpecialistTherapy(therapy=therapy))
    specialist.save_revision().publish()

    url = Page.objects.get(pk=specialist.pk).url
    assert url in client.get(therapy.url).content.decode()
    assert url in client.get(finder.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["v2", "v3"])
def test_a_new_page_appears_in_the_api_lists(client, version):
    """A list never loaded the new page; it still shows it after the publish."""
    index = TherapyIndexPage.objects.get(locale__language_code="en")
    url = f"/api/{version}/pages/?type=topics.TherapyPage&limit=50"
    prime(client, url)

    therapy = TherapyPageFactory(parent=index, title="Proton therapy", live=False)
    therapy.save_revision().publish()

    assert "Proton therapy" in client.get(url).content.decode()


@pytest.mark.django_db
def test_unpublish_is_immediate_even_while_another_worker_renders(client, therapy):
    prime(client, therapy.url)
    _another_worker_renders(therapy.url)

    Page.objects.get(pk=therapy.pk).unpublish()

    response = client.get(therapy.url)
    assert response.status_code == 404
    assert response.get(CACHE_HEADER) != "stale"


@pytest.mark.django_db
def test_a_publish_storm_renders_a_page_once_and_serves_the_previous_copy_meanwhile(
    client, therapy
):
    prime(client, therapy.url)
    lock = _another_worker_renders(therapy.url)

    publish(therapy, title="HIFU (storm)")

    stale = client.get(therapy.url)
    assert stale[CACHE_HEADER] == "stale"
    assert "HIFU (storm)" not in stale.content.decode()
    cache.delete(lock)  # the other worker is done (or its lock expired)
    fresh = client.get(therapy.url)
    assert fresh[CACHE_HEADER] == "miss"
    assert "HIFU (storm)" in fresh.content.decode()
    assert state(client, therapy.url) == "hit"


@pytest.mark.django_db
def test_moving_a_page_refreshes_its_old_and_new_parents(client, unrelated, therapy):
    old_parent = SpecialistIndexPage.objects.get(locale__language_code="en")
    new_parent = TherapyIndexPage.objects.get(locale__language_code="en")
    prime(client, old_parent.url, new_parent.url, therapy.url)

    Page.objects.get(pk=unrelated.pk).move(new_parent, pos="last-child")

    assert state(client, old_parent.url) == "miss"
    assert state(client, new_parent.url) == "miss"
    assert unrelated.title not in client.get(old_parent.url).content.decode()
    assert state(client, therapy.url) == "hit"


@pytest.mark.django_db
def test_when_the_affected_set_cannot_be_computed_everything_is_refreshed(
    client, therapy, unrelated, monkeypatch, caplog
):
    prime(client, unrelated.url)

    def broken(*args, **kwargs):
        raise RuntimeError("reference index unavailable")

    monkeypatch.setattr(invalidation, "affected_tags", broken)
    with caplog.at_level(logging.ERROR, logger="cms.invalidation"):
        publish(therapy, title="HIFU (fallback)")

    assert state(client, unrelated.url) == "miss"
    assert "refreshing all" in caplog.text


def _locales():
    from wagtail.models import Locale

    return Locale.objects.filter(language_code__in=LANGUAGES)


def _another_worker_renders(url):
    """Hold the render lock of ``url`` as a worker busy rendering it would."""
    lock = page_cache.render_lock(page_cache._key(RequestFactory().get(url)))
    assert cache.add(lock, 1, 30)
    return lock


@pytest.mark.django_db
def test_a_page_being_stored_keys_its_chrome_by_the_menu_version_in_the_database(settings):
    """Another worker's menu change must not be missed for the TTL while a page renders
    that will be stored as fresh (its fragments would show the old menu)."""
    from cms import cache_tags
    from cms.models import CacheTag
    from home.chrome import chrome_version

    settings.PAGE_CACHE_VERSION_TTL = 3600
    remembered = chrome_version()
    CacheTag.objects.update_or_create(tag=cache_tags.MENU, defaults={"version": 10**9})

    assert chrome_version() == remembered  # outside a stored render: the TTL applies
    with cache_tags.collecting():
        assert chrome_version() != remembered
