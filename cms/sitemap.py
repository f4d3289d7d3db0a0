"""sitemap.xml of every language, with hreflang alternates, and robots.txt.

Wagtail's sitemap lists the default site's root page and its descendants: the source
language only, at the Site record's host. This one lists every live public page of every
locale's tree, each with ``xhtml:link`` alternates to its translations, on the public
address (``cms.public_urls``).
"""

from collections import defaultdict
from contextlib import suppress
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page

from .public_urls import page_public_url, public_url


class MultilingualSitemap(Sitemap):
    def _pages(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        trees = reduce(or_, (Q(path__startswith=home.path) for home in homes), Q(pk__in=[]))
        return Page.objects.live().public().filter(trees)

    def items(self):
        return self._pages().select_related("locale").order_by("locale__language_code", "path")

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations = defaultdict(list)
        for other in (
            self._pages()
            .filter(translation_key__in={p.translation_key for p in pages})
            .select_related("locale")
            .order_by("locale__language_code")
        ):
            translations[other.translation_key].append(other)
        urls = []
        for item in pages:
            location = page_public_url(item, self.request)
            if location is None:
                continue
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": self._alternates(translations[item.translation_key]),
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def _alternates(self, versions):
        alternates = []
        for version in versions:
            url = page_public_url(version, self.request)
            if url is not None:
                alternates.append({"lang_code": version.locale.language_code, "location": url})
        source = [a for a in alternates if a["lang_code"] == settings.CMS_SOURCE_LOCALE]
        if len(alternates) < 2:
            return []
        if source:
            alternates.append({"lang_code": "x-default", "location": source[0]["location"]})
        return alternates


SITEMAPS = {"pages": MultilingualSitemap}


@require_GET
def robots_txt(request):
    """Crawl everything but the admin, the API and search results (in every language)."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code), suppress(NoReverseMatch):
            lines.append(f"Disallow: {reverse('search')}")
    lines.append(f"Sitemap: {public_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
