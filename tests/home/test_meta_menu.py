"""The meta menu: per locale, translated through wagtail-localize, cached, with a fallback."""

import re

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

from home.models import ContentPage, FooterMenu, MetaMenu
from topics.models import TopicPage

from ..utils import page_in

LABELS = {
    "en": ["Emergencies", "Contact", "Accessibility settings", "Language", "Search"],
    "de": ["Notfälle", "Kontakt", "Barrierefreiheit einstellen", "Sprache", "Suche"],
    "fr": ["Urgences", "Contact", "Réglages d&#x27;accessibilité", "Langue", "Recherche"],
    "it": ["Emergenze", "Contatti", "Impostazioni di accessibilità", "Lingua", "Cerca"],
}
EMERGENCY_SLUGS = ["emergencies", "notfaelle", "urgences", "emergenze"]


def _meta_menu(html):
    """The menu part of the header: the emergencies link, then the 'Menu' disclosure."""
    start = html.index('<div class="site-header__tools"')
    menu = html[start : html.index("</header>", start)]
    return re.sub(r'<a class="meta-menu__link meta-menu__link--variant".*?</a>', "", menu)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LABELS)
def test_every_page_shows_the_menu_of_its_language_in_order(client, language):
    topic = page_in(TopicPage, language)

    menu = _meta_menu(client.get(topic.get_url()).content.decode())

    positions = [menu.index(label) for label in LABELS[language]]
    assert positions == sorted(positions)
    assert ' lang="' not in menu.split(">", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LABELS)
def test_menu_links_lead_to_pages_in_the_visitors_language(client, language):
    emergencies = page_in(ContentPage, language, slug__in=EMERGENCY_SLUGS)
    with translation.override(language):
        search_url = reverse("search")
        settings_url = reverse("accessibility_settings")

    menu = _meta_menu(client.get(f"/{language}/").content.decode())

    assert f'meta-menu__link--emergencies" href="{emergencies.get_url()}"' in menu
    assert f'meta-menu__link--search" href="{search_url}"' in menu
    assert f'meta-menu__link--accessibility" href="{settings_url}?next=%2F{language}%2F"' in menu


@pytest.mark.django_db
def test_emergencies_item_comes_first_and_stands_out(client):
    menu = _meta_menu(client.get("/de/").content.decode())

    first_link = menu.split("<a ", 2)[1]
    assert "meta-menu__link--emergencies" in first_link
    assert "Notfälle" in first_link
    assert menu.index("Notfälle") < menu.index("<details")


@pytest.mark.django_db
def test_menus_are_wagtail_localize_translations_of_the_english_menu():
    english = MetaMenu.objects.get(locale__language_code="en")

    translations = MetaMenu.objects.filter(translation_key=english.translation_key)

    assert {menu.locale.language_code for menu in translations} == {"en", "de", "fr", "it"}


@pytest.mark.django_db
def test_language_without_menu_shows_the_source_menu_marked_as_english(
    client, django_capture_on_commit_callbacks
):
    assert "Urgences" in client.get("/fr/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        MetaMenu.objects.filter(locale__language_code="fr").delete()

    menu = _meta_menu(client.get("/fr/").content.decode())

    assert 'lang="en"' in menu.split(">", 1)[0]
    assert "Emergencies" in menu
    assert "/fr/urgences/" in menu


@pytest.mark.django_db
@pytest.mark.parametrize("menu_model", [MetaMenu, FooterMenu])
def test_a_menu_is_read_with_its_links_and_their_pages_in_one_query(
    menu_model, django_assert_num_queries
):
    german = Locale.objects.get(language_code="de")
    stored = menu_model.objects.get(locale=german)
    expected = [
        (link.label, link.link_page_id)
        for link in getattr(stored, menu_model.link_relation).order_by("sort_order")
    ]

    with django_assert_num_queries(1):
        menu = menu_model.read_for_locale(german)
        links = [
            (link.label, link.link_page and link.link_page.pk) for link in menu.links_with_pages()
        ]
        language = menu.locale.language_code

    assert (menu.pk, language, links) == (stored.pk, "de", expected)


@pytest.mark.django_db
def test_a_menu_left_without_links_is_still_the_menu_of_its_language():
    """Only code can empty a menu (the admin wants one link); it is not replaced by the
    source menu for it."""
    italian = MetaMenu.objects.get(locale__language_code="it")
    italian.items.all().delete()

    menu = MetaMenu.read_for_locale(Locale.objects.get(language_code="it"))

    assert (menu.pk, menu.links_with_pages()) == (italian.pk, [])


@pytest.mark.django_db
def test_leichte_sprache_without_a_menu_reads_the_german_one():
    german = MetaMenu.objects.get(locale__language_code="de")
    MetaMenu.objects.filter(locale__language_code="de-x-ls").delete()

    menu = MetaMenu.read_for_locale(Locale.objects.get(language_code="de-x-ls"))

    assert menu.pk == german.pk and len(menu.links_with_pages()) == german.items.count()


@pytest.mark.django_db
def test_admin_listing_says_which_languages_use_the_source_menu(admin_client):
    MetaMenu.objects.filter(locale__language_code__in=["fr", "it"]).delete()

    response = admin_client.get(reverse("wagtailsnippets_home_metamenu:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "No meta menu in French, Italian yet" in html


@pytest.mark.django_db
def test_saving_a_menu_refreshes_the_cached_menu(client, django_capture_on_commit_callbacks):
    assert "Notfälle" in client.get("/de/").content.decode()
    menu = MetaMenu.objects.get(locale__language_code="de")
    item = menu.items.get(kind="emergencies")
    item.label = "Notfall – sofort Hilfe"

    with django_capture_on_commit_callbacks(execute=True):
        item.save()

    assert "Notfall – sofort Hilfe" in client.get("/de/").content.decode()


@pytest.mark.django_db
def test_cached_menu_costs_no_menu_queries(client, django_assert_max_num_queries):
    client.get("/de/")

    with django_assert_max_num_queries(20) as captured:
        client.get("/de/")

    assert not [q for q in captured.captured_queries if "home_metamenu" in q["sql"]]


@pytest.mark.django_db
def test_chrome_rendered_again_reads_no_menu(client, no_page_cache, steady_versions):
    """After a publish a page's chrome fragments are rendered again (they show its
    translations); the menus it shows are remembered by the process and not read again."""
    client.get("/de/")
    cache.clear()

    with CaptureQueriesContext(connection) as captured:
        html = client.get(page_in(TopicPage, "de").url).content.decode()

    assert "Notfälle" in html and "Impressum" in html
    menu_reads = [q for q in captured.captured_queries if "home_" in q["sql"]]
    assert not menu_reads


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Germany", "Austria", "Switzerland", "Ambulance", "144", "145", "112"]),
        ("de", ["Deutschland", "Österreich", "Schweiz", "112", "144", "145", "030 19240"]),
    ],
)
def test_emergencies_page_lists_numbers_per_country(client, language, expected):
    page = page_in(ContentPage, language, slug__in=EMERGENCY_SLUGS)

    html = client.get(page.get_url()).content.decode()

    for text in expected:
        assert text in html
    assert 'href="tel:144"' in html
    assert 'href="tel:+4314064343"' in html
