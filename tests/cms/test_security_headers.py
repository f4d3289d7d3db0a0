"""Public pages carry a strict CSP and privacy headers and load nothing from other hosts."""

import re
from urllib.parse import urlparse

import pytest

from wagtail.models import Page

EXTERNAL_ATTRS = re.compile(r'(?:src|href|action|srcset|poster|data)="([^"]+)"')


@pytest.mark.django_db
def test_public_page_headers(client):
    response = client.get("/de/")

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_no_page_loads_resources_from_other_hosts(client, language):
    pages = Page.objects.live().filter(locale__language_code=language, depth__gte=2)
    for page in pages.specific():
        html = client.get(page.url).content.decode()
        for tag in re.findall(
            r"<(?:script|link|img|iframe|source|video|audio|object)\b[^>]*>", html
        ):
            if re.search(r'rel="(canonical|alternate)"', tag):
                continue  # names the public address (CMS_PUBLIC_BASE_URL); loads nothing
            for url in EXTERNAL_ATTRS.findall(tag):
                host = urlparse(url).netloc
                assert host in ("", "testserver"), (page.url, tag)


@pytest.mark.django_db
def test_no_admin_page_references_gravatar(client, home):
    """Gravatar would receive hashed staff e-mail addresses and break the admin's CSP."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser(
        "avatar-check", "staff.member@example.org", "pw"
    )
    client.force_login(admin)
    pages = [
        "/admin/",
        "/admin/account/",
        "/admin/users/",
        reverse("wagtailusers_users:edit", args=[admin.pk]),
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{home.pk}/history/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "gravatar" not in response.content.decode().lower(), url
