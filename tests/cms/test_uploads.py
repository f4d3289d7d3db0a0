"""Uploads: only real raster images and allow-listed documents; a bad file is a form error."""

import io

import pytest
from PIL import Image as PILImage

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection


def png_bytes(size=(20, 20)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Test image",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.django_db
def test_real_png_is_accepted(editor):
    response = upload_image(editor, "liver.png", png_bytes())

    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Test image").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("diagram.svg", SVG),
        ("broken.png", png_bytes()[:40]),
        ("fake.png", b"MZ\x90\x00 this is an executable"),
    ],
    ids=["svg", "truncated-png", "not-an-image"],
)
def test_bad_images_are_form_errors(editor, name, content):
    before = get_image_model().objects.count()

    response = upload_image(editor, name, content)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert get_image_model().objects.count() == before


@pytest.mark.django_db
@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000)
def test_oversized_image_is_a_form_error(editor):
    response = upload_image(editor, "large.png", png_bytes((400, 400)) + b"\0" * 2000)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["virus.exe", "page.html", "script.js", "image.svg"])
def test_documents_outside_allow_list_are_refused(editor, name):
    before = get_document_model().objects.count()

    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Leaflet",
            "file": SimpleUploadedFile(name, b"content"),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert get_document_model().objects.count() == before


@pytest.mark.django_db
def test_pdf_document_is_accepted(editor):
    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Leaflet",
            "file": SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4 demo"),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 302
