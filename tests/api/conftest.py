"""Fixtures for API tests: demo logins with tokens and a small JSON client."""

import json

import pytest


class API:
    """The Django test client, speaking JSON with an optional bearer token."""

    def __init__(self, client, token=None):
        self.client = client
        self.token = token

    def as_user(self, token):
        return API(self.client, token)

    def _headers(self, headers):
        if self.token:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token}")
        return headers

    def get(self, path, data=None, **headers):
        return self.client.get(path, data, **self._headers(headers))

    def post(self, path, data=None, **headers):
        body = json.dumps(data if data is not None else {})
        return self.client.post(
            path, body, content_type="application/json", **self._headers(headers)
        )

    def patch(self, path, data, **headers):
        return self.client.patch(
            path, json.dumps(data), content_type="application/json", **self._headers(headers)
        )


@pytest.fixture
def api(client):
    return API(client)


@pytest.fixture
def other_site(db):
    """A second site, ``other.example``, with one live page, "Quokka care", indexed for
    search: its pages are never the default site's readers' (``api.pages.public_pages``)."""
    from types import SimpleNamespace

    from wagtail.models import Page, Site
    from wagtail.search.backends import get_search_backend

    from ..factories import ContentPageFactory, HomePageFactory

    home = HomePageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")
    page = ContentPageFactory(parent=home, title="Quokka care", slug="quokka")
    for each in (home, page):
        each.save_revision().publish()
    site = Site.objects.create(hostname="other.example", root_page=home)
    get_search_backend().add(page)
    return SimpleNamespace(site=site, home=home, page=page)
