"""The public redirects API lists only redirects a visitor may follow to a visible page."""

import pytest

from django.contrib.auth.models import Group

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from ..utils import english_topic


@pytest.fixture
def redirects(db):
    live = english_topic("Gallstones", "gallstones")
    draft = english_topic("Kidney stones", "kidney-stones", publish=False)
    private = english_topic("Bile duct", "bile-duct")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    return {
        "live": Redirect.objects.create(old_path="/old-live", redirect_page=live),
        "draft": Redirect.objects.create(old_path="/old-draft", redirect_page=draft),
        "private": Redirect.objects.create(old_path="/old-private", redirect_page=private),
        "external": Redirect.objects.create(
            old_path="/old-external", redirect_link="https://example.org/"
        ),
    }


def _listed(client):
    body = client.get("/api/v3/redirects/", {"limit": 100}).json()
    return {item["old_path"] for item in body["items"]}


@pytest.mark.django_db
def test_list_hides_redirects_to_hidden_pages(client, redirects):
    listed = _listed(client)

    assert {"/old-live", "/old-external"} <= listed
    assert not {"/old-draft", "/old-private"} & listed


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["draft", "private"])
def test_detail_and_find_answer_404_for_hidden_pages(client, redirects, name):
    redirect = redirects[name]

    assert client.get(f"/api/v3/redirects/{redirect.pk}/").status_code == 404
    assert client.get("/api/v3/redirects/find/", {"id": redirect.pk}).status_code == 404
    found = client.get("/api/v3/redirects/find/", {"html_path": redirect.old_path})
    assert found.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["live", "external"])
def test_visible_redirects_are_still_served(client, redirects, name):
    redirect = redirects[name]

    detail = client.get(f"/api/v3/redirects/{redirect.pk}/")
    found = client.get("/api/v3/redirects/find/", {"html_path": redirect.old_path}, follow=True)

    assert detail.status_code == 200
    assert detail.json()["old_path"] == redirect.old_path
    assert found.json()["id"] == redirect.pk


@pytest.mark.django_db
def test_writes_are_still_wagtails_and_need_a_token(client, redirects):
    response = client.post(
        "/api/v3/redirects/",
        {"old_path": "/x", "redirect_link": "https://example.org/"},
        content_type="application/json",
    )

    assert response.status_code in (401, 403)
    assert not Redirect.objects.filter(old_path="/x").exists()
