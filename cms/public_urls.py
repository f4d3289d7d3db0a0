"""Absolute URLs as the public sees them, from one configured address.

Wagtail builds absolute URLs from the Site record's hostname and port (``http://localhost/``
in the demo), not from the address the public uses behind a proxy or CDN. Canonical
links, hreflang alternates, Open Graph, JSON-LD, the sitemap and robots.txt all take
``CMS_PUBLIC_BASE_URL`` instead, so search engines and shared links see one host.
"""

from django.conf import settings


def public_url(path):
    """``path`` (absolute, e.g. ``/de/suche/``) on the public address."""
    return f"{settings.CMS_PUBLIC_BASE_URL}{path}"


def page_public_url(page, request=None):
    """The public URL of ``page``, or ``None`` if it is not routable."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    return public_url(parts[2])


def absolute(url):
    """``url`` on the public address when it is a path; an absolute URL stays as it is.

    Apps get absolute URLs in every answer (a path means nothing outside the site); a
    page URL is already absolute when the project serves several sites.
    """
    return public_url(url) if url.startswith("/") else url
