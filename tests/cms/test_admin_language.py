"""The admin speaks the user's language: our labels, help texts, blocks and dates.

Each admin user picks German, French, Italian or English in their account; Wagtail's own
words come translated, ours (fields, StreamField blocks, panels, choices) must too.
"""

import datetime
import json
import re
from html import unescape

import pytest

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from wagtail.models import Site
from wagtail.users.models import UserProfile

from home.models import AccessibilityLabels, HomePage, MetaMenu, VisitorDefaults
from search.models import SearchSynonym
from specialists.models import SpecialistIndexPage, SpecialistPage, Specialty
from tests.factories import (
    ContentPageFactory,
    SpecialistIndexPageFactory,
    SpecialistPageFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)
from tests.utils import PAGE_TYPES, page_in
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from .admin_labels import (
    OUR_APPS,
    edit_form_labels,
    in_language,
    model_labels,
    our_menu_labels,
    our_models,
    our_snippet_labels,
    shown,
    translated_differently,
    visible_strings,
)

LANGUAGES = ["de", "fr", "it"]

# Words a translator checked that are written the same way as in English.
SAME_AS_ENGLISH = {
    "de": {
        "CMS",
        "Information",
        "Links",
        "Standard",
        "Text",
        "URL",
        "Video",
        "name",
        "version",
        "website",
    },
    "fr": {
        "CMS",
        "Centre",
        "Contact",
        "Image",
        "Information",
        "Options",
        "Page",
        "Question",
        "Section",
        "Service",
        "Source",
        "Standard",
        "URL",
        "date",
        "introduction",
        "latitude",
        "longitude",
        "menu",
        "page",
        "photo",
        "qualification",
        "version",
    },
    "it": {"Austria", "CMS", "Standard", "URL", "Video", "menu"},
}

# A fresh page of each type in the source language: its content cannot be mistaken for
# a label, unlike the demo's (a therapy section called "Recovery" is also a choice).
FACTORIES = {
    "home.ContentPage": (ContentPageFactory, HomePage),
    "topics.TopicIndexPage": (TopicIndexPageFactory, HomePage),
    "topics.TopicPage": (TopicPageFactory, TopicIndexPage),
    "topics.TherapyIndexPage": (TherapyIndexPageFactory, HomePage),
    "topics.TherapyPage": (TherapyPageFactory, TherapyIndexPage),
    "specialists.SpecialistIndexPage": (SpecialistIndexPageFactory, HomePage),
    "specialists.SpecialistPage": (SpecialistPageFactory, SpecialistIndexPage),
}


def _app_names():
    return [apps.get_app_config(app).verbose_name for app in OUR_APPS]


def _to_translate(labels, language):
    """The labels that must read differently in ``language`` than in English."""
    for label in labels:
        english = in_language(label, "en")
        has_words = re.search(r"[^\W\d_]", english)  # "100 %": nothing to translate
        if has_words and english not in SAME_AS_ENGLISH[language]:
            yield label


def _untranslated(labels, language):
    """Labels that read the same in ``language`` as in English, unless checked as such."""
    return sorted(
        {
            in_language(label, "en")
            for label in _to_translate(labels, language)
            if not translated_differently(label, language)
        }
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_every_label_we_declare_is_translated(model, language):
    assert _untranslated(model_labels(model), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_app_name_is_translated(language):
    assert _untranslated(_app_names(), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_menu_item_we_add_is_translated(language):
    assert _untranslated(our_menu_labels() + our_snippet_labels(), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_as_english_list_holds_only_words_we_use(language):
    """A stale entry in the list could hide a label that lost its translation."""
    labels = [label for model in our_models() for label in model_labels(model)]
    extra = _app_names() + our_menu_labels() + our_snippet_labels()
    used = {in_language(label, "en") for label in labels + extra}

    assert SAME_AS_ENGLISH[language] <= used


@pytest.fixture
def admin_in(client, demo_users):
    """``admin_in("de")``: the demo administrator, logged in, with the admin in German."""

    def login(language):
        user = demo_users["admin"]
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return login


def _fresh_page(model):
    if model is HomePage:
        return page_in(HomePage, "en")
    factory, parent_model = FACTORIES[model._meta.label]
    slug = f"labels-{model.__name__.lower()}"
    return factory(parent=page_in(parent_model, "en"), title="Label check", slug=slug)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_page_editor_shows_our_labels_in_the_users_language(admin_in, model, language):
    page = _fresh_page(model)

    response = admin_in(language).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert list(_to_translate(edit_form_labels(model), language)), "a form with our labels"
    _assert_shown_in(language, response, edit_form_labels(model))


def _assert_shown_in(language, response, labels):
    """Each of our ``labels`` appears in ``language``, none of them in English."""
    assert response.status_code == 200
    strings = visible_strings(response.content.decode())
    labels = list(_to_translate(labels, language))
    assert [
        in_language(label, "en") for label in labels if not shown(label, language, strings)
    ] == []
    assert [in_language(label, "en") for label in labels if shown(label, "en", strings)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "model",
    [MetaMenu, AccessibilityLabels, Specialty, SearchSynonym],
    ids=lambda model: model.__name__,
)
def test_snippet_editor_shows_our_labels_in_the_users_language(admin_in, model, language):
    url = reverse(model.snippet_viewset.get_url_name("add"))

    response = admin_in(language).get(url, {"locale": "en"})

    _assert_shown_in(language, response, edit_form_labels(model))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_defaults_setting_shows_our_labels_in_the_users_language(admin_in, language):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "visitordefaults", site.pk])

    response = admin_in(language).get(url)

    _assert_shown_in(language, response, edit_form_labels(VisitorDefaults))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_menu_shows_our_items_in_the_users_language(admin_in, language):
    response = admin_in(language).get(reverse("wagtailadmin_home"))

    _assert_shown_in(language, response, our_menu_labels())


def test_block_labels_reach_the_editor_in_its_json(admin_in, db):
    """StreamField blocks are drawn by JavaScript from JSON: the labels are in there."""
    page = _fresh_page(TopicPage)

    html = admin_in("de").get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    stream = re.search(rb'data-w-block-data-value="([^"]*)"', html).group(1)

    definitions = unescape(stream.decode())
    for german in ("Kennzahl", "Zahl", "Bedeutung", "Quelle", "Hinweisbox", "Häufige Fragen"):
        assert json.dumps(german)[1:-1] in definitions or german in definitions
    for english in ("Key fact", "Figure", "Callout", "FAQ"):
        assert f'"{english}"' not in definitions


def _translation_editor_labels(html):
    """Field, block and help text names in wagtail-localize's editor (its React props)."""
    props = json.loads(unescape(re.search(r'data-props="([^"]*)"', html).group(1)))
    names = set()
    for segment in props["segments"]:
        location = segment["location"]
        names |= {location["field"], location["subField"], location["fieldHelpText"]}
    return names - {None, ""}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "model", [TopicPage, TherapyPage, SpecialistPage], ids=lambda model: model.__name__
)
def test_translation_editor_shows_our_labels_in_the_translators_language(
    client, demo_users, model, language
):
    client.force_login(demo_users[f"translator_{language}"])
    page = page_in(model, language)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    names = _translation_editor_labels(response.content.decode())
    ours = list(_to_translate(model_labels(model), language))
    assert [in_language(label, "en") for label in ours if shown(label, "en", names)] == []
    assert any(shown(label, language, names) for label in ours)


@pytest.mark.django_db
def test_each_user_chooses_among_the_site_languages(admin_in):
    response = admin_in("en").get(reverse("wagtailadmin_account"))

    options = re.search(
        rb'<select name="locale-preferred_language"[^>]*>(.*?)</select>', response.content, re.S
    )
    codes = re.findall(rb'<option value="([^"]*)"', options.group(1))
    assert sorted(code.decode() for code in codes if code) == ["de", "en", "fr", "it"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_review_report_dates_follow_the_users_language(admin_in, language):
    page = page_in(TopicPage, "en")
    today = timezone.localdate()
    last, due = today - datetime.timedelta(days=800), today - datetime.timedelta(days=35)
    TopicPage.objects.filter(pk=page.pk).update(last_reviewed=last, next_review_due=due)

    html = admin_in(language).get(reverse("cms_review_due_report")).content.decode()

    with override(language):
        assert date_format(last, "DATE_FORMAT") in html
        assert date_format(due, "DATE_FORMAT") in html
    if language != "en":
        with override("en"):
            assert date_format(last, "DATE_FORMAT") not in html
