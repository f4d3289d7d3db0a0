"""Reads: every page type with every field, relations in the reader's language."""

import pytest
import wagtail_factories

from django.conf import settings

from wagtail.api import APIField

from home.models import ContentPage, HomePage
from specialists.models import SpecialistPage, Specialty
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from ..utils import PAGE_TYPES, page_in

REVIEW_FIELDS = {"reviewed_by", "last_reviewed", "next_review_due"}


def detail(api, page, query=""):
    response = api.get(f"/api/v3/pages/{page.pk}/{query}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_detail_has_every_api_field_of_every_page_type(api, model, language):
    page = page_in(model, language)

    data = detail(api, page)

    assert data["id"] == page.pk
    assert data["type"] == model._meta.label
    assert data["meta"]["locale"] == language
    for field in APIField.get_fields_for_model(model):
        if field.name in REVIEW_FIELDS:
            assert data["medical_review"][field.name.replace("_at", "")] is not None
        elif field.name != "topic_links":
            assert field.name in data, field.name
    assert list(data["meta"]["alternates"]) == [code for code, _name in settings.LANGUAGES]


@pytest.mark.django_db
def test_german_topic_reads_in_german_with_german_relations(api):
    topic = page_in(TopicPage, "de")

    data = detail(api, topic)

    assert data["title"] == "Lebermetastasen"
    assert data["therapies"], "a topic lists its therapies"
    assert {link["locale"] for link in data["therapies"]} == {"de"}
    assert "Leberresektion" in [link["title"] for link in data["therapies"]]
    assert data["specialists"]
    assert {link["locale"] for link in data["specialists"]} == {"de"}
    assert all(
        link["url"].startswith(f"{settings.CMS_PUBLIC_BASE_URL}/de/")
        for link in data["specialists"]
    )
    assert data["medical_review"]["last_reviewed"] == "2026-10-01"
    assert data["medical_review"]["overdue"] is False


@pytest.mark.django_db
def test_streamfield_is_structured_and_its_page_links_are_localized(api):
    data = detail(api, page_in(TopicPage, "fr"))

    types = [block["type"] for block in data["body"]]
    assert {"heading", "paragraph", "list", "callout", "faq", "therapy_links"} <= set(types)
    heading = next(block for block in data["body"] if block["type"] == "heading")
    assert set(heading["value"]) == {"text", "level"} and heading["id"]
    links = next(block for block in data["body"] if block["type"] == "therapy_links")
    therapies = links["value"]["therapies"]
    assert therapies and {therapy["locale"] for therapy in therapies} == {"fr"}
    assert set(therapies[0]) == {"id", "title", "url", "locale"}
    cta = next(block for block in data["body"] if block["type"] == "call_to_action")
    assert cta["value"]["page"]["locale"] == "fr"
    faq = next(block for block in data["body"] if block["type"] == "faq")
    assert faq["value"]["items"][0]["answer"].startswith("<p>")


@pytest.mark.django_db
def test_therapy_reads_its_topics_and_specialists_in_its_language(api):
    therapy = page_in(TherapyPage, "it", slug__isnull=False)

    data = detail(api, therapy)

    assert data["therapy_type"] in dict(TherapyPage.TherapyType.choices)
    assert data["topics"] and {link["locale"] for link in data["topics"]} == {"it"}
    sections = [block for block in data["body"] if block["type"] == "section"]
    assert sections and sections[0]["value"]["kind"] == "how_it_works"


@pytest.mark.django_db
def test_specialist_reads_localized_specialties_topics_and_therapies(api):
    english = SpecialistPage.objects.get(locale__language_code="en", family_name="Brunner")
    german = english.get_translation(page_in(HomePage, "de").locale).specific

    data = detail(api, german)

    assert data["display_name"] == german.display_name
    assert data["city"] == english.city
    specialties = {specialty["name"] for specialty in data["specialties"]}
    assert {specialty["locale"] for specialty in data["specialties"]} == {"de"}
    german_names = set(
        Specialty.objects.filter(locale=german.locale).values_list("name", flat=True)
    )
    assert specialties <= german_names
    assert {link["locale"] for link in data["topics"] + data["therapies"]} == {"de"}
    assert data["languages"][0]["code"]


@pytest.mark.django_db
def test_breadcrumbs_parent_and_alternates(api):
    topic = page_in(TopicPage, "de")

    meta = detail(api, topic)["meta"]

    assert [crumb["title"] for crumb in meta["breadcrumbs"]][-1] == "Themen"
    assert meta["parent"] == meta["breadcrumbs"][-1]
    alternates = meta["alternates"]
    assert alternates["en"]["status"] == "source"
    assert alternates["de"]["id"] == topic.pk and alternates["de"]["status"] == "up_to_date"
    assert alternates["fr"]["url"].startswith(f"{settings.CMS_PUBLIC_BASE_URL}/fr/")


@pytest.mark.django_db
def test_detail_of_an_id_in_another_language(api):
    english = page_in(TopicPage, "en")

    data = detail(api, english, "?locale=it")

    assert data["meta"]["locale"] == "it"
    assert data["meta"]["fallback"] is False
    assert data["meta"]["requested_locale"] == "it"


@pytest.mark.django_db
def test_specialist_photo_is_renditions_with_alt_text(api):
    specialist = page_in(SpecialistPage, "en")
    specialist.photo = wagtail_factories.ImageFactory(
        title="Portrait", description="A doctor", file__width=1000, file__height=800
    )
    specialist.save_revision().publish()

    data = detail(api, specialist)
    listed = api.get("/api/v3/pages/?type=specialists.SpecialistPage&locale=en").json()

    photo = data["photo"]
    assert photo["alt"] == "A doctor"
    assert set(photo["renditions"]) == {"thumbnail", "medium", "large"}
    public_media = f"{settings.CMS_PUBLIC_BASE_URL}/media/"  # not the request's host
    assert photo["renditions"]["thumbnail"]["url"].startswith(public_media)
    assert photo["renditions"]["thumbnail"]["width"] == 200
    assert next(item for item in listed["items"] if item["id"] == specialist.pk)["photo"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (TopicPage, {"summary", "medical_review"}),
        (TherapyPage, {"therapy_type", "intent", "summary", "medical_review"}),
        (SpecialistPage, {"display_name", "kind", "focus", "city", "country", "specialties"}),
        (ContentPage, {"summary"}),
        (TopicIndexPage, {"introduction"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_lists_carry_each_types_summary_fields(api, model, fields):
    data = api.get(f"/api/v3/pages/?type={model._meta.label}&locale=de").json()

    assert data["count"] == model.objects.live().filter(locale__language_code="de").count()
    for item in data["items"]:
        assert fields <= set(item)
        assert "body" not in item
        assert item["meta"]["locale"] == "de"


@pytest.mark.django_db
def test_list_filters_by_parent_and_orders(api):
    index = page_in(TherapyIndexPage, "de")

    data = api.get(f"/api/v3/pages/?child_of={index.pk}&order=-title&limit=3").json()

    assert data["count"] == TherapyPage.objects.live().child_of(index).count()
    titles = [item["title"] for item in data["items"]]
    assert titles == sorted(titles, reverse=True) and len(titles) == 3


@pytest.mark.django_db
def test_locales_with_home_pages(api):
    data = api.get("/api/v3/locales/").json()

    assert [item["code"] for item in data] == [code for code, _name in settings.LANGUAGES]
    german = data[1]
    assert german["native_name"] == "Deutsch"
    assert german["home_page_id"] == page_in(HomePage, "de").pk
    assert data[0]["is_source"] and not german["is_source"]


@pytest.mark.django_db
def test_translation_status_of_a_page(api):
    topic = page_in(TopicPage, "en")

    data = api.get(f"/api/v3/pages/{topic.pk}/translation-status/").json()

    assert data == {
        "page_id": topic.pk,
        "locale": "en",
        "statuses": {
            "en": "source",
            "de": "up_to_date",
            "de-x-ls": "up_to_date",
            "fr": "up_to_date",
            "it": "up_to_date",
        },
    }


@pytest.mark.django_db
def test_specialties_in_one_language(api):
    data = api.get("/api/v3/specialties/?locale=fr").json()

    assert data and {item["locale"] for item in data} == {"fr"}


@pytest.mark.django_db
def test_v2_pages_with_fields_locale_and_translations(api):
    topic = page_in(TopicPage, "en")

    listing = api.get("/api/v2/pages/?type=topics.TopicPage&locale=de&fields=summary").json()
    translations = api.get(f"/api/v2/pages/?translation_of={topic.pk}").json()
    one = api.get(f"/api/v2/pages/{topic.pk}/").json()

    assert listing["meta"]["total_count"] == 1
    assert listing["items"][0]["summary"].startswith("Lebermetastasen")
    assert {item["meta"]["locale"] for item in translations["items"]} == {
        "de",
        "de-x-ls",
        "fr",
        "it",
    }
    assert one["body"][0]["type"] == "heading"
    assert api.get("/api/v2/images/").status_code == 200
    assert api.get("/api/v2/documents/").status_code == 200


@pytest.mark.django_db
def test_rich_text_can_be_read_as_markdown(api):
    data = detail(api, page_in(TopicPage, "en"), "?rich_text_format=markdown")

    paragraph = next(block for block in data["body"] if block["type"] == "paragraph")
    assert not paragraph["value"].startswith("<p>")
    assert api.get(f"/api/v3/pages/{data['id']}/?rich_text_format=docx").status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("model", [TopicPage, TherapyPage, SpecialistPage, HomePage, ContentPage])
def test_detail_costs_a_bounded_number_of_queries(
    api, model, django_assert_max_num_queries, no_page_cache
):
    page = page_in(model, "de")
    api.get(f"/api/v3/pages/{page.pk}/")

    with django_assert_max_num_queries(25):
        assert api.get(f"/api/v3/pages/{page.pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("html_path", "title"),
    [
        ("/de/themen/lebermetastasen/", "Lebermetastasen"),
        ("http://localhost/en/topics/liver-metastases/", "Liver metastases"),
        ("/fr/themes/metastases-hepatiques", "Métastases hépatiques"),
    ],
)
def test_find_a_page_by_its_site_url(api, html_path, title):
    response = api.get("/api/v3/pages/find/", data={"html_path": html_path})

    assert response.status_code == 302  # Wagtail's v3 contract: a redirect to the detail
    assert api.get(response["Location"]).json()["title"] == title


@pytest.mark.django_db
@pytest.mark.parametrize("html_path", ["/de/nicht-da/", "/xx/", "/", "/admin/", "/de/suche/"])
def test_find_without_a_page_is_404(api, html_path):
    response = api.get("/api/v3/pages/find/", data={"html_path": html_path})

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.django_db
def test_detail_urls_are_on_the_public_address_not_the_requests_host(api, settings):
    """``meta.detail_url`` is an address an app stores and follows later: like ``url``
    (``CMS_PUBLIC_BASE_URL``) and Wagtail's image and document ``detail_url``s
    (``WAGTAILAPI_BASE_URL``, which defaults to it), never ``http://testserver``."""
    public = "https://patients.example.org"
    settings.CMS_PUBLIC_BASE_URL = settings.WAGTAILAPI_BASE_URL = public
    topic = page_in(TopicPage, "en")
    expected = f"{public}/api/v3/pages/{topic.pk}/"

    listed = api.get(f"/api/v3/pages/?type=topics.TopicPage&locale=en&id={topic.pk}").json()
    found = api.get("/api/v3/search/", {"q": topic.title, "locale": "en"}).json()
    v2 = api.get(f"/api/v2/pages/{topic.pk}/").json()

    assert detail(api, topic)["meta"]["detail_url"] == expected
    assert [item["meta"]["detail_url"] for item in listed["items"]] == [expected]
    assert expected in [hit["page"]["meta"]["detail_url"] for hit in found["results"]]
    assert detail(api, topic)["meta"]["url"].startswith(f"{public}/en/")
    assert v2["meta"]["detail_url"] == f"{public}/api/v2/pages/{topic.pk}/"
