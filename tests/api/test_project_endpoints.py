"""Project endpoints: meta menu, display options, search and the finder, in each language."""

import re

import pytest

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from specialists.models import SpecialistPage


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_meta_menu_in_each_language(client, language):
    response = client.get(f"/api/v3/site/menu/{language}/")

    assert response.status_code == 200
    body = response.json()
    assert body["locale"] == language
    assert body["fallback"] is False
    kinds = [item["kind"] for item in body["items"]]
    assert kinds[0] == "emergencies"
    assert {"contact", "search", "accessibility", "languages"} <= set(kinds)
    emergencies = body["items"][0]
    assert emergencies["url"].startswith(f"{settings.CMS_PUBLIC_BASE_URL}/{language}/")
    urls = {item["kind"]: item["url"] for item in body["items"]}
    with translation.override(language):
        assert urls["search"] == settings.CMS_PUBLIC_BASE_URL + reverse("search")
        assert urls["accessibility"] == (
            settings.CMS_PUBLIC_BASE_URL + reverse("accessibility_settings")
        )
    assert urls["languages"] is None
    # German and Leichte Sprache link to each other, as in the header.
    assert ("variant" in urls) == (language == "de")


@pytest.mark.django_db
def test_leichte_sprache_menu_links_back_to_german(client):
    items = client.get("/api/v3/site/menu/de-x-ls/").json()["items"]

    variant = next(item for item in items if item["kind"] == "variant")
    assert variant["url"] == f"{settings.CMS_PUBLIC_BASE_URL}/de/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_meta_menu_answers_what_the_header_shows(client, language):
    """The API and the HTML header read one resolver: the same links, in the same order."""
    html = client.get(f"/{language}/").content.decode()
    header = html[html.index('<div class="site-header__tools"') : html.index("</header>")]
    shown = re.findall(r'meta-menu__link--(\w+)" href="([^"]+)"', header)

    items = client.get(f"/api/v3/site/menu/{language}/").json()["items"]
    answered = [(item["kind"], item["url"]) for item in items if item["url"]]

    assert len(shown) == len(answered) >= 3
    for (kind, href), (api_kind, url) in zip(shown, answered, strict=True):
        assert kind == api_kind
        # The header's accessibility link returns the visitor to the page they came from.
        assert url == settings.CMS_PUBLIC_BASE_URL + href.split("?next=")[0].replace("&amp;", "&")


@pytest.mark.django_db
def test_unknown_locale_is_a_json_404(client):
    for url in (
        "/api/v3/site/menu/xx/",
        "/api/v3/site/display-options/xx/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "json" in response["Content-Type"]


@pytest.mark.django_db
def test_display_options_have_translated_labels(client):
    german = client.get("/api/v3/site/display-options/de/").json()

    assert german["defaults"]["text"] == "100"
    assert "200" in german["choices"]["text"]
    assert german["choices"]["contrast"] == ["default", "high", "dark"]
    assert german["labels"]["text_size"] == "Schriftgröße"


@pytest.mark.django_db
def test_search_in_german_finds_the_topic_with_facets_and_marked_excerpts(client):
    response = client.get("/api/v3/search/", {"q": "Lebermetastasen", "locale": "de"})

    assert response.status_code == 200
    body = response.json()
    assert body["locale"] == "de"
    assert body["count"] >= 1
    assert {hit["page"]["meta"]["locale"] for hit in body["results"]} == {"de"}
    top = body["results"][0]["page"]
    assert top["meta"]["url"].startswith(f"{settings.CMS_PUBLIC_BASE_URL}/de/")
    assert "<mark>" in "".join(hit["excerpt_html"] for hit in body["results"])
    facets = {facet["key"]: facet["count"] for facet in body["facets"]}
    assert set(facets) == {"topics", "therapies", "specialists", "other"}
    assert sum(facets.values()) == body["count"]
    assert facets["topics"] >= 1


@pytest.mark.django_db
def test_search_type_filter_and_all_languages(client):
    therapies = client.get(
        "/api/v3/search/", {"q": "chemotherapy", "locale": "en", "type": "therapies"}
    ).json()
    assert therapies["count"] >= 1
    assert {hit["type"] for hit in therapies["results"]} == {"therapies"}

    everywhere = client.get("/api/v3/search/", {"q": "TACE", "lang": "all"}).json()
    assert everywhere["all_languages"] is True
    assert len({hit["page"]["meta"]["locale"] for hit in everywhere["results"]}) > 1
    assert not any(hit["page"]["meta"]["fallback"] for hit in everywhere["results"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "liver", "type": "recipes"}, "type"),
        ({"q": "liver", "lang": "klingon"}, "lang"),
        ({"q": "liver", "page": "-3"}, "page"),
        ({"q": "liver", "page": "999"}, "page"),
        ({"q": "%%%"}, "q"),
    ],
)
def test_search_bad_parameters_are_a_422_naming_the_parameter(client, params, parameter):
    response = client.get("/api/v3/search/", params)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [error["loc"][-1] for error in errors] == [parameter]
    assert errors[0]["msg"]


@pytest.mark.django_db
def test_search_and_finder_unknown_locale_is_a_json_404(client):
    for url in ("/api/v3/search/?q=liver&locale=xx", "/api/v3/specialists/find/?locale=xx"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_finder_with_distance_lists_nearest_first_in_french(client):
    response = client.get(
        "/api/v3/specialists/find/",
        {"locale": "fr", "near": "Zürich", "radius": "500", "sort": "distance"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["near"]["country"] == "CH"
    distances = [hit["distance_km"] for hit in body["results"]]
    assert distances and distances == sorted(distances)
    assert all(distance <= 500 for distance in distances)
    cards = [hit["specialist"] for hit in body["results"]]
    assert {card["meta"]["locale"] for card in cards} == {"fr"}
    assert all(
        card["meta"]["url"].startswith(f"{settings.CMS_PUBLIC_BASE_URL}/fr/") for card in cards
    )


@pytest.mark.django_db
def test_finder_facets_count_under_the_other_filters(client):
    everyone = client.get("/api/v3/specialists/find/", {"locale": "de"}).json()
    countries = {option["value"]: option["count"] for option in everyone["facets"]["country"]}
    german = SpecialistPage.objects.live().filter(locale__language_code="de")
    without_country = german.filter(country="").count()  # the seed's real specialists
    assert sum(countries.values()) == everyone["count"] - without_country

    swiss = client.get("/api/v3/specialists/find/", {"locale": "de", "country": "CH"}).json()
    assert swiss["count"] == countries["CH"]
    assert {hit["specialist"]["country"] for hit in swiss["results"]} == {"CH"}
    selected = [option for option in swiss["facets"]["country"] if option["selected"]]
    assert [option["value"] for option in selected] == ["CH"]
    assert swiss["facets"]["specialty"], "specialties are offered with counts"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"radius": "far"}, "radius"),
        ({"country": "FR"}, "country"),
        ({"topic": "999999"}, "topic"),
        ({"sort": "price"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"kind": "hospital"}, "kind"),
        ({"language": "klingon"}, "language"),
        ({"radius": "0"}, "radius"),
        ({"country": ""}, "country"),
        ({"page": "0"}, "page"),
    ],
)
def test_finder_bad_parameters_are_a_422_naming_the_parameter(client, params, parameter):
    response = client.get("/api/v3/specialists/find/", params)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert parameter in [error["loc"][-1] for error in response.json()["errors"]]


@pytest.mark.django_db
def test_project_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]

    for path in (
        "/api/v3/search/",
        "/api/v3/specialists/find/",
        "/api/v3/site/menu/{locale}/",
        "/api/v3/site/display-options/{locale}/",
        "/api/v3/locales/",
        "/api/v3/pages/{page_id}/translation-status/",
    ):
        assert path in paths, path


@pytest.mark.django_db
def test_a_finder_result_is_the_specialists_summary_card(client):
    found = client.get("/api/v3/specialists/find/", {"locale": "de", "country": "CH"}).json()
    card = found["results"][0]["specialist"]

    listed = client.get("/api/v3/pages/", {"id": card["id"], "locale": "de"}).json()["items"]

    assert [item["id"] for item in listed] == [card["id"]]
    for name, value in card.items():
        assert listed[0][name] == value, name
    assert set(listed[0]) == set(card)
    assert {"display_name", "specialties", "languages", "city", "photo"} <= set(card)


@pytest.mark.django_db
def test_a_search_hit_carries_the_pages_summary_card(client):
    found = client.get("/api/v3/search/", {"q": "specialist", "locale": "en"}).json()
    for hit in found["results"]:
        card = hit["page"]
        listed = client.get("/api/v3/pages/", {"id": card["id"], "locale": "en"}).json()
        assert listed["items"] == [card]
