"""Nothing hidden reaches an anonymous visitor or a token without permission.

Every content state × every surface: the rendered site, its search and finder, the
finder's topic and therapy options (and ``?topic=`` / ``?therapy=`` with a hidden id),
rich-text links to hidden pages (HTML, API v2, API v3 as HTML and Markdown), redirects
left behind by hidden pages' slug changes, the sitemap, language links, related content,
JSON-LD, API v2, API v3 (list, detail, find, drafts) and every project API endpoint
(search, finder, menu, display options, locales, specialties, translation status).

A cell passes when none of the state's markers (title, slug, body words) appears in
anything the surface returns.
"""

import re
from urllib.parse import quote

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from wagtail.models import APIToken, Locale, Page

from specialists.models import SpecialistIndexPage, SpecialistPage
from topics.models import TherapyIndexPage, TherapyPage, TopicPage

from .leaks import STATES, VISIBLE_TOPIC_SLUG, build, expose, markers

JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, response.status_code)
    return response.content.decode()


def _search_url(language):
    with translation.override(language):
        return reverse("search")


COUNT = re.compile(r'class="result-count"[^>]*data-count="(\d+)"')


def _without(text, *reflected):
    """The response minus what the visitor sent (their own URL or query)."""
    for value in reflected:
        for form in (value, quote(value, safe=""), quote(value)):
            text = re.sub(re.escape(form), "", text, flags=re.I)
    return text


def site(client, hidden, m):
    return [_without(_get(client, page.url), page.url) for page in hidden if page.url]


def _searched(client, url, query, **params):
    html = _get(client, url, q=query, **params)
    found = COUNT.search(html)
    assert found and found.group(1) == "0", f"search for {query} found something"
    return _without(html, query)


def search(client, hidden, m):
    texts = []
    for language in ("en", "de"):
        for word in (m["title"], m["body"], m["slug"]):
            texts.append(_searched(client, _search_url(language), word))
            texts.append(_searched(client, _search_url(language), word, lang="all"))
        with translation.override(language):
            suggest = reverse("search_suggest")
        suggestions = client.get(suggest, {"q": m["title"][:5], "format": "json"}).json()
        texts.append(str(suggestions))
    return texts


def finder(client, hidden, m):
    texts = []
    for page in SpecialistIndexPage.objects.all():
        texts.append(_get(client, page.url))
        texts.append(_searched(client, page.url, m["title"]))
        texts.append(_get(client, page.url, near="Zürich", sort="distance"))
    return texts


def sitemap(client, hidden, m):
    return [_get(client, "/sitemap.xml")]


def _visible_topic(language):
    english = TopicPage.objects.get(locale__language_code="en", slug=VISIBLE_TOPIC_SLUG)
    return TopicPage.objects.get(
        locale__language_code=language, translation_key=english.translation_key
    )


def _visible_pages():
    pages = []
    for language in ("en", "de"):
        pages += [
            _visible_topic(language),
            TherapyIndexPage.objects.get(locale__language_code=language),
            TherapyPage.objects.live().filter(locale__language_code=language).first(),
        ]
    english = Locale.objects.get(language_code="en")
    pages += list(
        TherapyPage.objects.live().public().filter(locale=english, slug__in=["hifu", "sirt"])
    )
    return pages


def language_links(client, hidden, m):
    return [
        "\n".join(re.findall(r"<(?:a|link)\b[^>]*(?:hreflang|lang)=[^>]*>", _get(client, p.url)))
        for p in _visible_pages()
    ]


def related_content(client, hidden, m):
    return [_get(client, page.url) for page in _visible_pages()]


def json_ld(client, hidden, m):
    return ["\n".join(JSON_LD.findall(_get(client, page.url))) for page in _visible_pages()]


def _api(client, url, token=None, follow=False, **params):
    """The body, minus what the reader sent as free text (the path, ``q``, ``html_path``,
    ``slug``); ``follow`` reads where a redirect (v3 ``find``) leads."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.get(url, params, follow=follow, **headers)
    assert response.status_code < 500, (url, params, response.status_code)
    sent = [params.get(name) for name in ("q", "search", "html_path", "slug") if params.get(name)]
    return _without(response.content.decode(), url, *sent)


def _all_items(client, url, **params):
    texts, offset = [], 0
    while True:
        body = client.get(url, {**params, "limit": 100, "offset": offset}).json()
        texts.append(str(body))
        offset += 100
        if offset >= body.get("count", body.get("meta", {}).get("total_count", 0)):
            return texts


def _readers():
    """Anonymous, and tokens whose users may not see these pages' drafts."""
    users = get_user_model().objects
    nobody, _created = users.get_or_create(username="leak-reader")
    translator = users.get(username="translator_fr")
    tokens = [APIToken.create_token(user=user, name="leak")[1] for user in (nobody, translator)]
    return [None, *tokens]


def api_v3(client, hidden, m):
    texts = _all_items(client, "/api/v3/pages/")
    for token in _readers():
        for page in hidden + _visible_pages():
            texts.append(_api(client, f"/api/v3/pages/{page.pk}/", token))
            texts.append(_api(client, f"/api/v3/pages/{page.pk}/", token, version="draft"))
            texts.append(_api(client, f"/api/v3/pages/{page.pk}/", token, locale="de"))
        for page in hidden:
            find = "/api/v3/pages/find/"
            texts.append(_api(client, find, token, follow=True, html_path=page.url or ""))
            texts.append(_api(client, find, token, follow=True, id=page.pk, locale="de"))
            texts.append(_api(client, "/api/v3/pages/", token, slug=page.slug, limit=100))
        for model in (TherapyPage, SpecialistPage):
            texts.append(_api(client, "/api/v3/pages/", token, type=model._meta.label, limit=100))
        texts.append(_api(client, "/api/v3/pages/", token, search=m["title"], limit=100))
        texts.append(
            _api(client, "/api/v3/pages/", token, search=m["body"], order="title", limit=100)
        )
        texts += _wagtail_v3_relations(client, token, hidden)
    return texts


def _wagtail_v3_relations(client, token, hidden):
    """Wagtail's v3 list parameters, relative to hidden and to visible pages."""
    texts = []
    for page in hidden + _visible_pages():
        for name in ("child_of", "descendant_of", "ancestor_of", "translation_of"):
            texts.append(_api(client, "/api/v3/pages/", token, limit=100, **{name: page.pk}))
    for name in ("child_of", "translation_of"):
        texts.append(_api(client, "/api/v3/pages/", token, limit=100, **{name: "root"}))
    return texts


def api_v2(client, hidden, m):
    texts = _all_items(client, "/api/v2/pages/")
    for page in hidden + _visible_pages():
        texts.append(_api(client, f"/api/v2/pages/{page.pk}/", fields="*"))
    for page in hidden:
        texts.append(_api(client, "/api/v2/pages/find/", html_path=page.url or ""))
    texts.append(_api(client, "/api/v2/pages/", search=m["title"]))
    return texts


def api_project(client, hidden, m):
    """Search, finder, menus, locales, specialties and translation status, read by apps."""
    texts = []
    for token in _readers():
        for language in ("en", "de"):
            for word in (m["title"], m["body"], m["slug"]):
                for extra in ({}, {"lang": "all"}):
                    texts.append(
                        _api(client, "/api/v3/search/", token, q=word, locale=language, **extra)
                    )
                texts.append(
                    _api(client, "/api/v3/specialists/find/", token, q=word, locale=language)
                )
            texts.append(
                _api(client, "/api/v3/specialists/find/", token, locale=language, near="Zürich")
            )
            texts.append(_api(client, f"/api/v3/site/menu/{language}/", token))
            texts.append(_api(client, f"/api/v3/site/display-options/{language}/", token))
            texts.append(_api(client, "/api/v3/specialties/", token, locale=language))
        texts.append(_api(client, "/api/v3/locales/", token))
        for page in hidden + _visible_pages():
            texts.append(_api(client, f"/api/v3/pages/{page.pk}/translation-status/", token))
            texts.append(_api(client, f"/api/v3/pages/{page.pk}/translations/", token))
    return texts


def finder_options(client, hidden, m):
    """Topic and therapy options, and the finder asked for a hidden topic or therapy."""
    texts = []
    for page in SpecialistIndexPage.objects.all():
        texts.append(_get(client, page.url))
        for target in hidden:
            for name in ("topic", "therapy"):
                texts.append(_get(client, page.url, **{name: target.pk}))
    for token in _readers()[:1]:
        for language in ("en", "de"):
            find = "/api/v3/specialists/find/"
            texts.append(_api(client, find, token, locale=language))
            for target in hidden:
                for name in ("topic", "therapy"):
                    texts.append(_api(client, find, token, locale=language, **{name: target.pk}))
    return texts


def rich_text_links(client, hidden, m):
    """The visible topic's body links to every hidden page: no URL of theirs shows."""
    topic = _visible_topic("en")
    texts = [_get(client, topic.url)]
    for rich_text_format in ("html", "markdown"):
        texts.append(_api(client, f"/api/v3/pages/{topic.pk}/", rich_text_format=rich_text_format))
    texts.append(_api(client, f"/api/v2/pages/{topic.pk}/", fields="*"))
    assert "further reading" in texts[0], "the links' text stays, as plain text"
    return texts


def redirects(client, hidden, m):
    """Redirects from hidden pages' old slugs: never created for pages never live, and
    never listed for pages visitors may not see."""
    texts = _all_items(client, "/api/v3/redirects/")
    for page in hidden:
        url = Page.objects.get(pk=page.pk).url or ""
        for path in (url.replace("-moved/", "/"), url):
            response = client.get("/api/v3/redirects/find/", {"html_path": path}, follow=True)
            assert response.status_code < 500, (path, response.status_code)
            texts.append(_without(response.content.decode(), path))
    return texts


SURFACES = {
    "site": site,
    "search": search,
    "finder": finder,
    "sitemap": sitemap,
    "language_links": language_links,
    "related_content": related_content,
    "json_ld": json_ld,
    "api_v3": api_v3,
    "api_v2": api_v2,
    "api_project": api_project,
    "finder_options": finder_options,
    "rich_text_links": rich_text_links,
    "redirects": redirects,
}


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("state", STATES)
def test_hidden_content_never_reaches_anonymous_visitors(
    client, state, surface, django_capture_on_commit_callbacks, commit, no_page_cache
):
    # Built as in a committed request, so the hidden pages are in the search index
    # (cms.indexing updates it after the commit) and search has to filter them out.
    with django_capture_on_commit_callbacks(execute=True):
        hidden = build(state, lambda func, *args, **kwargs: func(*args, **kwargs))
    expose(state, hidden, commit)
    m = markers(state)

    texts = SURFACES[surface](client, hidden, m)

    assert texts, "the surface returned nothing to check"
    for text in texts:
        lowered = text.lower()
        for kind, marker in m.items():
            assert marker.lower() not in lowered, f"{state} {kind} leaked through {surface}"
