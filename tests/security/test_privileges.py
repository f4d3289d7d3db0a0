"""Nobody gets past their role: not through the admin, the API, snippets, images or documents.

Each test acts as a demo login (or its API token) and checks both the answer and that
nothing changed.
"""

import json
from io import BytesIO

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from home.menus import MetaMenu
from specialists.models import Specialty
from topics.models import TherapyIndexPage

from ..api.conftest import API
from ..cms.test_uploads import png_bytes
from ..utils import page_in


@pytest.fixture
def image(db):
    return get_image_model().objects.create(
        title="Liver scan", file=ImageFile(BytesIO(png_bytes()), name="scan.png")
    )


@pytest.fixture
def document(db):
    leaflet = get_document_model()(title="Leaflet")
    leaflet.file.save("leaflet.pdf", ContentFile(b"%PDF-1.4 leaflet"), save=True)
    return leaflet


@pytest.fixture
def as_token(client, token):
    return lambda username: API(client, token(username))


@pytest.fixture
def nobody(db):
    return get_user_model().objects.create_user("no-role", password="x")


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["translator_de", "editor"])
def test_tokens_cannot_change_sites_redirects_or_snippets(as_token, username):
    api = as_token(username)
    site = Site.objects.get(is_default_site=True)
    menu = MetaMenu.objects.get(locale__language_code="en")

    answers = {
        "create site": api.post(
            "/api/v3/sites/", {"hostname": "evil.example", "root_page_id": site.root_page_id}
        ),
        "change site": api.client.put(
            f"/api/v3/sites/{site.pk}/",
            json.dumps({"hostname": "evil.example", "root_page_id": site.root_page_id}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {api.token}",
        ),
        "create redirect": api.post(
            "/api/v3/redirects/", {"old_path": "/en/", "redirect_link": "https://evil.example"}
        ),
        "change menu": api.patch(f"/api/v3/snippets/home.MetaMenu/{menu.pk}/", {"items": []}),
        "create specialty": api.post(
            "/api/v3/snippets/specialists.Specialty/", {"name": "Quackery"}
        ),
    }

    for action, response in answers.items():
        assert response.status_code in (403, 404), (action, response.content)
        assert "json" in response["Content-Type"], action
    assert Site.objects.get(pk=site.pk).hostname != "evil.example"
    assert not Site.objects.filter(hostname="evil.example").exists()
    assert MetaMenu.objects.get(pk=menu.pk).items.exists()
    assert not Specialty.objects.filter(name="Quackery").exists()


@pytest.mark.django_db
def test_snippet_copy_for_translation_bypassing_wagtail_localize_is_not_offered(as_token):
    specialty = Specialty.objects.filter(locale__language_code="en").first()

    response = as_token("admin").post(
        f"/api/v3/snippets/specialists.Specialty/{specialty.pk}/actions/copy_for_translation/",
        {"locale": "de"},
    )

    assert response.status_code in (403, 404), response.content
    assert response["Content-Type"] == "application/problem+json"


def _media_writes(api, image, document):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api.token}"}
    return [
        api.patch(f"/api/v3/images/{image.pk}/", {"title": "Defaced"}).status_code,
        api.client.delete(f"/api/v3/images/{image.pk}/", **auth).status_code,
        api.patch(f"/api/v3/documents/{document.pk}/", {"title": "Defaced"}).status_code,
        api.client.delete(f"/api/v3/documents/{document.pk}/", **auth).status_code,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["translator_de", "reviewer"])
def test_tokens_cannot_change_or_delete_images_and_documents_of_others(
    as_token, username, image, document
):
    """Uploading (reviewers) or choosing (translators) a file is not owning every file."""
    assert _media_writes(as_token(username), image, document) == [403] * 4
    assert get_image_model().objects.get(pk=image.pk).title == "Liver scan"
    assert get_document_model().objects.get(pk=document.pk).title == "Leaflet"


@pytest.mark.django_db
def test_uploaders_change_their_own_files_and_editors_manage_the_library(
    as_token, demo_users, image, document
):
    image.uploaded_by_user = demo_users["reviewer"]
    image.save()
    reviewer = as_token("reviewer")

    own = reviewer.patch(f"/api/v3/images/{image.pk}/", {"title": "Liver scan, arterial phase"})

    assert own.status_code == 200
    assert get_image_model().objects.get(pk=image.pk).title == "Liver scan, arterial phase"
    assert _media_writes(as_token("editor"), image, document) == [200, 204, 200, 204]


@pytest.mark.django_db
def test_a_token_has_its_users_rights_and_no_more(client, token, nobody, demo_users):
    from wagtail.models import APIToken

    _instance, plaintext = APIToken.create_token(user=nobody, name="tests")
    index = page_in(TherapyIndexPage, "en")
    body = {
        "meta": {"type": "topics.TherapyPage", "parent_id": index.pk},
        "title": "Miracle cure",
        "summary": "Nothing.",
        "therapy_type": "surgery",
        "intent": "curative",
    }

    refused = API(client, plaintext).post("/api/v3/pages/", body)
    allowed = API(client, token("editor")).post("/api/v3/pages/", body)

    assert refused.status_code == 403, refused.content
    assert allowed.status_code == 201


@pytest.mark.django_db
def test_translator_cannot_escalate_in_the_admin(client, image, document):
    translator = get_user_model().objects.get(username="translator_de")
    client.force_login(translator)
    menu = MetaMenu.objects.get(locale__language_code="de")
    admins = Group.objects.get(name="Administrators")

    pages = {
        "users": reverse("wagtailusers_users:index"),
        "groups": reverse("wagtailusers_groups:edit", args=[admins.pk]),
        "locales": reverse("wagtaillocales:index"),
        "menu": reverse("wagtailsnippets_home_metamenu:edit", args=[menu.pk]),
        "image": reverse("wagtailimages:edit", args=[image.pk]),
        "document": reverse("wagtaildocs:edit", args=[document.pk]),
        "image upload": reverse("wagtailimages:add"),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (302, 403), (name, response.status_code)

    client.post(
        reverse("wagtailusers_users:edit", args=[translator.pk]),
        {"username": "translator_de", "is_superuser": "on", "groups": [admins.pk]},
    )
    translator.refresh_from_db()
    assert not translator.is_superuser
    assert not translator.groups.filter(pk=admins.pk).exists()
    assert Locale.objects.count() == len(settings.LANGUAGES)
