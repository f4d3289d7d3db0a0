"""Leichte Sprache (``de-x-ls``): a language of its own, translated from the German pages."""

import pytest

from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from cms import exchange, integrity
from cms.translation_status import Status, page_translation_statuses
from home.models import HomePage
from topics.models import TopicPage

from ..utils import english_topic, page_in, translate

EASY = "de-x-ls"


@pytest.fixture
def easy_site(users, commit):
    """A live English topic, its live German translation and its Leichte Sprache page."""
    english = english_topic(user=users["editor"])
    german = translate(english, "de", commit)
    easy = translate(german, EASY, commit)
    return {"en": english, "de": german, EASY: easy}


def publish_changed(page, user, **fields):
    latest = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(latest, name, value)
    latest.save_revision(user=user).publish(user=user)
    return type(page).objects.get(pk=page.pk)


@pytest.mark.django_db
def test_easy_german_is_translated_from_the_live_german_page(easy_site):
    made_from = Translation.objects.get(
        target_locale__language_code=EASY, source__object_id=easy_site["en"].translation_key
    ).source

    assert made_from.locale.language_code == "de"
    assert easy_site[EASY].title.endswith(f"[{EASY}]")
    assert page_translation_statuses(easy_site["en"])[EASY] == Status.UP_TO_DATE


@pytest.mark.django_db
def test_english_pages_are_never_translated_straight_into_easy_german(easy_site):
    other = english_topic("Gallstones", "gallstones")
    source, _created = TranslationSource.get_or_create_from_instance(other)

    with pytest.raises(integrity.IntegrityViolation, match="German"):
        Translation.objects.create(
            source=source, target_locale=Locale.objects.get(language_code=EASY)
        )


@pytest.mark.django_db
def test_a_german_draft_is_not_translated_into_easy_german(users, commit):
    english = english_topic("Gallstones", "gallstones")
    german = translate(english, "de", commit, publish=False)

    with pytest.raises(exchange.ExchangeError):
        exchange.start_translation(english, Locale.objects.get(language_code=EASY))
    with pytest.raises(integrity.IntegrityViolation):
        TranslationSource.get_or_create_from_instance(german)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changed", "fields", "german", "easy"),
    [
        # Leichte Sprache follows its German source ...
        ("de", {"summary": "Neue Zusammenfassung."}, Status.UP_TO_DATE, Status.OUTDATED),
        # ... whose review stamp is not text ...
        ("de", {"translation_reviewed_by": "Someone"}, Status.UP_TO_DATE, Status.UP_TO_DATE),
        # ... and is outdated while German is (English changed, German not yet updated).
        ("en", {"summary": "New evidence."}, Status.OUTDATED, Status.OUTDATED),
    ],
    ids=["german-text", "german-review-stamp", "english-text"],
)
def test_easy_german_is_outdated_when_its_sources_change(
    easy_site, users, changed, fields, german, easy
):
    publish_changed(easy_site[changed], users["admin"], **fields)

    statuses = page_translation_statuses(easy_site["en"])
    assert (statuses["de"], statuses[EASY]) == (german, easy)


@pytest.mark.django_db
def test_the_outdated_notice_points_easy_german_readers_at_the_german_page(
    client, easy_site, users
):
    german = publish_changed(easy_site["de"], users["admin"], summary="Neue Zusammenfassung.")

    html = client.get(easy_site[EASY].url).content.decode()

    assert f'href="{german.url}" hreflang="de"' in html


@pytest.mark.django_db
def test_easy_german_has_its_own_url_prefix_and_language(client, easy_site):
    response = client.get(easy_site[EASY].url)

    assert easy_site[EASY].url.startswith(f"/{EASY}/")
    assert response.status_code == 200
    assert f'<html lang="{EASY}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["de-DE", "de-AT,de;q=0.9", "de-CH", "de"])
def test_browsers_asking_for_german_get_standard_german(client, header):
    response = client.get("/", headers={"accept-language": header})

    assert response.status_code == 302
    assert response["Location"].startswith("/de/")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/de-x-xx/", "/de-ls/", "/de-x-ls2/"])
def test_unknown_variants_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_interface_strings_fall_back_to_the_german_catalogue():
    with translation.override(EASY):
        assert translation.gettext("Search") == "Suche"
        assert translation.get_language() == EASY


def _variant_link(html):
    marker = 'class="meta-menu__link meta-menu__link--variant" href="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@pytest.mark.django_db
def test_german_pages_link_to_their_easy_german_version_and_back(client, easy_site):
    german_html = client.get(easy_site["de"].url).content.decode()
    easy_html = client.get(easy_site[EASY].url).content.decode()

    assert _variant_link(german_html) == easy_site[EASY].url
    assert _variant_link(easy_html) == easy_site["de"].url
    assert 'lang="de-x-ls">Leichte Sprache</a>' in german_html


@pytest.mark.django_db
def test_german_pages_without_easy_german_link_to_its_home_page(client, easy_site, commit):
    other = english_topic("Gallstones", "gallstones")
    german = translate(other, "de", commit)
    html = client.get(german.url).content.decode()

    assert _variant_link(html) == page_in(HomePage, EASY).url


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_other_languages_have_no_variant_link(client, easy_site, language):
    html = client.get(page_in(HomePage, language).url).content.decode()

    assert "meta-menu__link--variant" not in html


@pytest.mark.django_db
def test_the_api_lists_easy_german_as_a_locale(client):
    data = client.get("/api/v3/locales/").json()

    easy = next(item for item in data if item["code"] == EASY)
    assert easy["native_name"] == "Leichte Sprache"
    assert easy["home_page_id"] == page_in(HomePage, EASY).pk
    assert not easy["is_source"]


@pytest.mark.django_db
def test_the_api_reads_easy_german_pages_with_german_as_fallback(client, easy_site):
    strict = client.get(f"/api/v3/pages/?type=topics.TopicPage&locale={EASY}").json()
    filled = client.get(f"/api/v3/pages/?type=topics.TopicPage&locale={EASY}&fallback=de").json()

    strict_ids = {item["id"] for item in strict["items"]}
    assert easy_site[EASY].pk in strict_ids
    assert TopicPage.objects.live().filter(locale__language_code=EASY).count() == strict["count"]
    assert filled["count"] == TopicPage.objects.live().filter(locale__language_code="de").count()
    v2 = client.get(f"/api/v2/pages/?type=topics.TopicPage&locale={EASY}").json()
    assert easy_site[EASY].pk in {item["id"] for item in v2["items"]}


@pytest.mark.django_db
def test_the_easy_german_status_is_in_the_api(client, easy_site):
    data = client.get(f"/api/v3/pages/{easy_site['en'].pk}/").json()

    assert data["meta"]["alternates"][EASY]["id"] == easy_site[EASY].pk


@pytest.mark.django_db
def test_easy_german_has_its_own_reviewers(users):
    reviewer_groups = {group.name for group in users["reviewer_ls"].groups.all()}
    german_reviewer_groups = {group.name for group in users["translation_reviewer_de"].groups.all()}

    assert reviewer_groups == {"Leichte Sprache reviewers"}
    assert reviewer_groups.isdisjoint(german_reviewer_groups)
    workflow = page_in(HomePage, EASY).get_workflow()
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Leichte Sprache reviewers"]


@pytest.mark.django_db
def test_translator_ls_starts_easy_german_from_the_report(client, easy_site, users, commit):
    other = english_topic("Gallstones", "gallstones")
    translate(other, "de", commit)
    client.force_login(users["translator_ls"])

    commit(client.post, reverse("cms_start_translation", args=[other.pk, EASY]))

    easy = Page.objects.get(translation_key=other.translation_key, locale__language_code=EASY)
    assert not easy.live


@pytest.mark.django_db
def test_leichte_sprache_pages_fall_back_to_the_german_menus(client):
    from home.menus import FooterMenu, MetaMenu

    html = client.get(page_in(HomePage, EASY).url).content.decode()

    emergencies = MetaMenu.objects.get(locale__language_code="de").items.first()
    footer_link = FooterMenu.objects.get(locale__language_code="de").links.first()
    assert f">{emergencies.label}</a>" in html
    assert footer_link.label in html
    assert '<div class="site-header__tools" lang="de">' in html


@pytest.mark.django_db
def test_apps_start_easy_german_from_the_german_page(client, easy_site, token, commit):
    other = english_topic("Gallstones", "gallstones")
    translate(other, "de", commit)
    headers = {"authorization": f"Bearer {token('translator_ls')}"}

    response = commit(
        client.post,
        f"/api/v3/pages/{other.pk}/translations/",
        {"locale": EASY},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 201, response.content
    assert response.json()["source_locale"] == "de"
    detail = client.get(f"/api/v3/pages/{other.pk}/translations/{EASY}/", headers=headers)
    assert "Gallstones [de]" in {segment["source"] for segment in detail.json()["segments"]}


@pytest.mark.django_db
def test_the_leichte_sprache_zip_holds_its_outdated_pages_only(easy_site, users):
    from cms.translation_status import source_locale

    easy_locale = Locale.objects.get(language_code=EASY)
    translations = Translation.objects.filter(target_locale=easy_locale).count()
    assert exchange.pages_needing_translation(source_locale(), easy_locale) == []

    publish_changed(easy_site["de"], users["admin"], summary="Neue Zusammenfassung.")
    _content, count = exchange.export_archive(source_locale(), easy_locale)

    needing = exchange.pages_needing_translation(source_locale(), easy_locale)
    assert [page.pk for page in needing] == [easy_site["en"].pk]
    assert count == 1
    assert Translation.objects.filter(target_locale=easy_locale).count() == translations


@pytest.mark.django_db
def test_leichte_sprache_translators_hear_of_german_changes_not_english_ones(
    easy_site, users, commit
):
    from django.core import mail

    def recipients():
        return {address for message in mail.outbox for address in message.to}

    german = easy_site["de"].get_latest_revision_as_object()
    german.summary = "Neue Zusammenfassung."
    mail.outbox.clear()
    commit(german.save_revision(user=users["admin"]).publish, user=users["admin"])

    assert users["translator_ls"].email in recipients()
    assert users["translator_fr"].email not in recipients()
    assert any(f"?locale={EASY}" in message.body for message in mail.outbox)

    english = easy_site["en"].get_latest_revision_as_object()
    english.summary = "New evidence changed the advice."
    mail.outbox.clear()
    commit(english.save_revision(user=users["admin"]).publish, user=users["admin"])

    assert users["translator_de"].email in recipients()
    assert users["translator_ls"].email not in recipients()
