"""Images in the API: srcset in every image value, renditions from the allowed list only."""

import io
import subprocess
import sys

import hypothesis
import pytest
import wagtail_factories
from hypothesis import strategies as st
from PIL import Image as PILImage

from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from api.images import allowed, can_write
from home.models import ContentPage
from specialists.models import SpecialistIndexPage, SpecialistPage

from ..factories import PhotoFactory, SpecialistPageFactory
from ..utils import page_in

PUBLIC = "https://patients.example.org"
AVIF = can_write("avif")
Rendition = get_image_model().get_rendition_model()

pytestmark = pytest.mark.usefixtures("no_page_cache", "steady_versions")


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.CMS_PUBLIC_BASE_URL = PUBLIC
    settings.WAGTAILAPI_BASE_URL = PUBLIC


def two_colour_image(width=1200, height=600):
    """Red on the left half, green on the right: where a crop was taken is visible."""
    picture = PILImage.new("RGB", (width, height), "red")
    picture.paste("green", (width // 2, 0, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Two colours", file=ImageFile(buffer, name="two-colours.png")
    )


def specialist_with_photo(**photo):
    specialist = page_in(SpecialistPage, "en")
    specialist.photo = PhotoFactory(description="A doctor", **photo)
    specialist.save_revision().publish()
    return specialist


def give_photos(count, **size):
    """The first ``count`` English specialists of the list, each with its own photo."""
    index = page_in(SpecialistIndexPage, "en")
    while SpecialistPage.objects.live().filter(locale=index.locale).count() < count:
        SpecialistPageFactory(parent=index)
    listed = SpecialistPage.objects.live().filter(locale=index.locale).order_by("path")
    for page in listed[:count]:
        photo = PhotoFactory(file__width=size["width"], file__height=size["height"])
        SpecialistPage.objects.filter(pk=page.pk).update(photo=photo)


def rendition(api, image, query):
    return api.get(f"/api/v3/images/{image.pk}/rendition/?{query}")


def assert_names(response, name, statuses=(400,)):
    assert response.status_code in statuses, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert name in response.json()["detail"]


# srcset in image values


@pytest.mark.django_db
def test_an_image_field_has_a_srcset_per_format_in_the_allowed_widths(api):
    specialist = specialist_with_photo()

    photo = api.get(f"/api/v3/pages/{specialist.pk}/").json()["photo"]

    srcset = photo["srcset"]
    assert srcset["original"]["format"] == "jpeg"
    assert srcset["original"]["type"] == "image/jpeg"
    assert srcset["webp"]["format"] == "webp"
    assert (srcset["avif"] is not None) is AVIF
    for source in filter(None, srcset.values()):
        widths = [candidate["width"] for candidate in source["candidates"]]
        assert widths == [320, 480, 640, 800]  # not the 1024-1600 wider than the original
        assert all(c["url"].startswith(f"{PUBLIC}/media/") for c in source["candidates"])
        assert source["srcset"] == ", ".join(
            f"{c['url']} {c['width']}w" for c in source["candidates"]
        )
        assert source["candidates"][0]["height"] == 240  # proportions kept
    assert all(r["url"].startswith(f"{PUBLIC}/media/") for r in photo["renditions"].values())


@pytest.mark.django_db
def test_renditions_made_for_image_values_are_from_the_allowed_list(api):
    specialist = specialist_with_photo()
    api.get(f"/api/v3/pages/{specialist.pk}/")

    specs = set(
        Rendition.objects.filter(image=specialist.photo).values_list("filter_spec", flat=True)
    )

    formats = ["", "|format-webp"] + (["|format-avif"] if AVIF else [])
    widths = {f"width-{w}{fmt}" for w in (320, 480, 640, 800) for fmt in formats}
    assert specs == widths | {"fill-200x200", "max-800x800", "max-1600x1600"}


@pytest.mark.django_db
def test_a_block_image_has_the_same_shape_as_an_image_field(api):
    page = page_in(ContentPage, "en")
    image = PhotoFactory()
    page.body = [("image", {"image": image, "alt_text": "A scan", "caption": ""})]
    page.save_revision().publish()

    body = api.get(f"/api/v3/pages/{page.pk}/").json()["body"]

    value = next(block["value"]["image"] for block in body if block["type"] == "image")
    assert value["id"] == image.pk
    assert [c["width"] for c in value["srcset"]["webp"]["candidates"]] == [320, 480, 640, 800]


@pytest.mark.django_db
def test_srcset_formats_follow_the_setting(api, settings):
    settings.CMS_API_IMAGE_SRCSET_FORMATS = ["webp"]
    specialist = specialist_with_photo()

    srcset = api.get(f"/api/v3/pages/{specialist.pk}/").json()["photo"]["srcset"]

    assert srcset["avif"] is None
    assert srcset["webp"]["candidates"]


@pytest.mark.django_db
def test_an_image_narrower_than_every_allowed_width_has_empty_sources(api):
    specialist = specialist_with_photo(file__width=200, file__height=100)

    srcset = api.get(f"/api/v3/pages/{specialist.pk}/").json()["photo"]["srcset"]

    assert srcset["original"] == {
        "format": "jpeg",
        "type": "image/jpeg",
        "srcset": "",
        "candidates": [],
    }


@pytest.mark.django_db
def test_a_list_of_photos_costs_the_same_queries_for_more_items(api):
    """Renditions come with the images (one prefetch), however many items are listed
    (``tests/api/test_query_counts.py`` holds the whole list's count)."""
    give_photos(6, width=700, height=500)
    path = "/api/v3/pages/?type=specialists.SpecialistPage&locale=en&limit="

    counts = {}
    for limit in (2, 6):
        api.get(path + str(limit))  # the first read makes the renditions (once)
        with CaptureQueriesContext(connection) as captured:
            items = api.get(path + str(limit)).json()["items"]
        assert all(item["photo"]["srcset"]["webp"]["candidates"] for item in items)
        counts[limit] = [q["sql"] for q in captured if '"wagtailimages_' in q["sql"]]

    assert len(counts[2]) == len(counts[6]) == 2, counts  # the images, their renditions


@pytest.mark.django_db
def test_a_first_read_makes_each_images_renditions_in_one_batch(api):
    give_photos(3, width=500, height=400)
    path = "/api/v3/pages/?type=specialists.SpecialistPage&locale=en&limit=3"

    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200

    inserts = [q["sql"] for q in captured if 'INTO "wagtailimages_rendition"' in q["sql"]]
    assert len(inserts) == 3  # one bulk insert per new image, not one per rendition


@pytest.mark.django_db
def test_a_new_image_gets_its_renditions_after_the_commit_not_on_the_first_read(
    api, django_capture_on_commit_callbacks
):
    specialist = page_in(SpecialistPage, "en")
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory()
    made = Rendition.objects.filter(image=photo).count()
    SpecialistPage.objects.filter(pk=specialist.pk).update(photo=photo)

    with CaptureQueriesContext(connection) as captured:
        api.get(f"/api/v3/pages/{specialist.pk}/")

    assert made == 3 + 4 * (3 if AVIF else 2)  # fixed, and 320-800 in each format
    assert not [q for q in captured if 'INTO "wagtailimages_rendition"' in q["sql"]]


# GET /api/v3/images/{id}/rendition/


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("width=800", {"width": 800, "height": 600, "format": "jpeg"}),
        ("width=640&format=webp", {"width": 640, "height": 480, "format": "webp"}),
        (
            "width=800&height=600&fit=fill&format=png",
            {"width": 800, "height": 600, "format": "png"},
        ),
        ("width=320&height=320&fit=fill", {"width": 320, "height": 320, "format": "jpeg"}),
        ("width=480&height=480", {"width": 480, "height": 360, "format": "jpeg"}),  # max
        ("width=1600", {"width": 1000, "height": 750, "format": "jpeg"}),  # never enlarged
    ],
)
def test_a_rendition_in_an_allowed_size_and_format(api, query, expected):
    image = PhotoFactory()

    response = rendition(api, image, query)

    assert response.status_code == 200, response.content
    data = response.json()
    assert {key: data[key] for key in expected} == expected
    assert data["url"].startswith(f"{PUBLIC}/media/images/")


@pytest.mark.django_db
@pytest.mark.skipif(not AVIF, reason="this machine's Pillow cannot write AVIF")
def test_avif_where_pillow_writes_it(api):
    data = rendition(api, PhotoFactory(), "width=320&format=avif").json()

    assert (data["format"], data["width"]) == ("avif", 320)
    assert data["url"].endswith(".avif")


@pytest.mark.django_db
def test_avif_is_refused_where_pillow_cannot_write_it(api, monkeypatch):
    monkeypatch.setattr("api.images.can_write", lambda image_format: image_format != "avif")

    assert_names(rendition(api, PhotoFactory(), "width=320&format=avif"), "format")


@pytest.mark.django_db
def test_fill_crops_around_the_focal_point(api):
    """Wagtail's ``fill`` honours the focal point editors set; the API adds nothing."""
    image = two_colour_image()
    image.focal_point_x, image.focal_point_y = 1100, 300  # in the green half
    image.focal_point_width = image.focal_point_height = 50
    image.save()

    data = rendition(api, image, "width=320&height=320&fit=fill&format=png").json()

    made = Rendition.objects.get(image=image, filter_spec="fill-320x320|format-png")
    with made.file.open() as file:
        assert PILImage.open(file).convert("RGB").getpixel((160, 160)) == (0, 128, 0)
    assert (data["width"], data["height"]) == (320, 320)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("width=333", "width"),
        ("width=800&height=601&fit=fill", "height"),
        ("width=800&fit=fill", "height"),
        ("width=800&fit=max", "height"),
        ("width=800&height=600&fit=width", "height"),
        ("width=800&fit=crop", "fit"),
        ("width=800&format=tiff", "format"),
        ("width=800&format=WEBP", "format"),
        ("width=800&width=640", "width"),
        ("width=800&quality=10", "quality"),
    ],
)
def test_anything_outside_the_allowed_list_is_a_400_naming_it(api, query, name):
    image = PhotoFactory()

    assert_names(rendition(api, image, query), name)
    assert not Rendition.objects.filter(image=image).exists()


@pytest.mark.django_db
def test_a_rendition_without_a_width_is_the_api_wide_422_naming_it(api):
    """``width`` is required in the document, so a missing one is the same validation
    answer as any other missing parameter."""
    image = PhotoFactory()
    response = rendition(api, image, "height=600&fit=fill")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [error["loc"] for error in response.json()["errors"]] == [["query", "width"]]
    assert not Rendition.objects.filter(image=image).exists()


@pytest.mark.django_db
@hypothesis.settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    name=st.sampled_from(["width", "height", "format", "fit"]),
    value=st.one_of(
        st.text(max_size=12),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(["٨٠٠", "８００", "800.0", "+800", "-800", "0", "1e3", "8OO", "avif "]),
        st.sampled_from(["٣٢٠", "३२०", "⁸⁰⁰", "½", "Ⅻ", "9" * 5000, "800\x00", "webp\n"]),
    ),
)
def test_bad_values_are_named_client_errors_never_500s(api, name, value):
    """Foreign digits and numbers beyond 64 bits are the API-wide 422 (``api.middleware``),
    everything else outside the allowed list the rendition endpoint's 400."""
    image = get_image_model().objects.first() or PhotoFactory()
    limits = allowed()
    valid = {
        "width": {str(w) for w in limits["widths"]},
        "height": {str(h) for h in limits["heights"]},
        "format": set(limits["formats"]),
        "fit": set(limits["fits"]),
    }
    hypothesis.assume(value.strip() not in valid[name])
    base = {"width": "800", "height": "600", "fit": "fill"}
    query = {**base, name: value}

    response = api.get(f"/api/v3/images/{image.pk}/rendition/", query)

    assert_names(response, name, statuses=(400, 422))


@pytest.mark.django_db
def test_unknown_and_restricted_images_are_not_found(api):
    restricted = Collection.get_first_root_node().add_child(name="Private scans")
    image = PhotoFactory(collection=restricted)
    assert rendition(api, image, "width=320").status_code == 200

    CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.LOGIN
    )

    assert rendition(api, image, "width=320").status_code == 404
    assert api.get("/api/v3/images/999999/rendition/?width=320").status_code == 404


# Absolute URLs on the public address


@pytest.mark.django_db
def test_wagtails_image_list_links_details_on_the_public_address(api):
    image = wagtail_factories.ImageFactory()

    items = api.get("/api/v3/images/").json()["items"]

    item = next(item for item in items if item["id"] == image.pk)
    assert item["meta"]["detail_url"] == f"{PUBLIC}/api/v3/images/{image.pk}/"


def test_wagtails_api_base_url_defaults_to_the_public_address():
    """Set only ``CMS_PUBLIC_BASE_URL`` (as operators do): Wagtail's ``detail_url``s
    follow it, not ``WAGTAILADMIN_BASE_URL`` (the admin's, the dev server's by default)."""
    script = "from django.conf import settings; print(settings.WAGTAILAPI_BASE_URL)"
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.base",
        "CMS_PUBLIC_BASE_URL": PUBLIC,
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000",
        "PATH": "",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == PUBLIC


# The contract


@pytest.mark.django_db
def test_openapi_documents_srcset_and_the_rendition_endpoint(api):
    document = api.get("/api/v3/openapi.json").json()
    schemas = document["components"]["schemas"]

    assert {"original", "webp", "avif"} <= set(schemas["ImageSrcset"]["properties"])
    assert "srcset" in schemas["Image"]["properties"]
    operation = document["paths"]["/api/v3/images/{image_id}/rendition/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) >= {"width", "height", "fit", "format"}
    assert "400" in operation["responses"]
    # The allowed list is the enum a typed client gets: a value outside it is a request
    # the document already calls invalid (schemathesis's positive cases stay inside).
    assert parameters["width"]["required"] is True
    assert parameters["width"]["schema"]["enum"][:2] == ["320", "480"]
    assert set(parameters["fit"]["schema"]["enum"]) == {"width", "max", "fill"}
    assert "webp" in parameters["format"]["schema"]["enum"]


@pytest.mark.django_db
def test_graphql_reads_the_srcset(api):
    specialist = specialist_with_photo()
    query = """query($id: Int!) { page(id: $id) { ... on SpecialistPage {
        photo { srcset { webp { srcset candidates { width } } } } } } }"""

    data = api.post("/api/graphql/", {"query": query, "variables": {"id": specialist.pk}}).json()

    webp = data["data"]["page"]["photo"]["srcset"]["webp"]
    assert [c["width"] for c in webp["candidates"]] == [320, 480, 640, 800]
    assert webp["srcset"].startswith(f"{PUBLIC}/media/")
