"""Anonymous page cache: hits, what it varies on, what it never stores, every invalidation."""

import pytest
import wagtail_factories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from wagtail.models import Locale, Page

from cms import page_cache
from cms.page_cache import CACHE_HEADER
from specialists.models import SpecialistIndexPage, SpecialistPage, Specialty
from topics.models import TherapyIndexPage, TherapyPage, TopicPage


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get(CACHE_HEADER)


@pytest.fixture
def therapy():
    return TherapyPage.objects.get(slug="hifu", locale__language_code="en")


@pytest.mark.django_db
def test_second_anonymous_request_is_a_hit_without_queries(
    client, therapy, django_assert_max_num_queries
):
    first, state = get(client, therapy.url)
    assert state == "miss"

    with django_assert_max_num_queries(1):
        second, state = get(client, therapy.url)

    assert state == "hit"
    assert second.content == first.content


@pytest.mark.django_db
def test_language_and_display_preferences_get_their_own_copies(client, therapy):
    german = therapy.get_translation(Locale.objects.get(language_code="de"))
    get(client, therapy.url)

    assert get(client, german.url)[1] == "miss"
    client.cookies["a11y"] = "contrast:dark"
    assert get(client, therapy.url)[1] == "miss"
    assert get(client, therapy.url)[1] == "hit"
    client.cookies["a11y"] = ""
    assert get(client, therapy.url)[1] == "hit"


@pytest.mark.django_db
def test_signed_in_users_and_previews_are_never_cached(client, therapy):
    get(client, therapy.url)
    client.force_login(get_user_model().objects.get(username="editor"))

    for _attempt in range(2):
        response, state = get(client, therapy.url)
        assert state is None
        assert response.status_code == 200


@pytest.mark.django_db
def test_publish_invalidates_the_page_and_pages_listing_it(client, therapy):
    index = TherapyIndexPage.objects.get(locale__language_code="en")
    get(client, therapy.url)
    get(client, index.url)

    therapy.title = "HIFU (focused ultrasound)"
    therapy.save_revision().publish()

    page, state = get(client, therapy.url)
    listing, listing_state = get(client, index.url)
    assert state == listing_state == "miss"
    assert "HIFU (focused ultrasound)" in page.content.decode()
    # Headings carry soft hyphens in long words (home.typography).
    assert "HIFU (focused ultrasound)" in listing.content.decode().replace("\u00ad", "")


@pytest.mark.django_db
def test_unpublish_and_delete_take_the_page_away(client, therapy):
    other = TherapyPage.objects.get(slug="sirt", locale__language_code="en")
    get(client, therapy.url)
    get(client, other.url)

    therapy.unpublish()
    Page.objects.get(pk=other.pk).delete()

    assert client.get(therapy.url).status_code == 404
    assert client.get(other.url).status_code == 404


@pytest.mark.django_db
def test_move_invalidates_old_url(client):
    specialist = SpecialistPage.objects.get(slug="prof-dr-lea-brunner", locale__language_code="en")
    old_url = specialist.url
    finder = SpecialistIndexPage.objects.get(locale__language_code="en")
    get(client, old_url)
    get(client, finder.url)
    target = TopicPage.objects.get(locale__language_code="en").get_parent()

    Page.objects.get(pk=specialist.pk).move(target.get_parent(), pos="last-child")

    moved = client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == Page.objects.get(pk=specialist.pk).url
    assert specialist.title not in client.get(finder.url).content.decode()


@pytest.mark.django_db
def test_publishing_a_translation_updates_language_links_of_the_source(client, therapy):
    german = therapy.get_translation(Locale.objects.get(language_code="de"))
    german.unpublish()
    english_page = get(client, therapy.url)[0].content.decode()
    assert german.url not in english_page

    Page.objects.get(pk=german.pk).get_latest_revision().publish()

    assert german.url in get(client, therapy.url)[0].content.decode()


@pytest.mark.django_db
def test_snippet_change_invalidates_pages_showing_it(client):
    specialist = SpecialistPage.objects.get(
        organisation_name="Aare Radiotherapy Clinic", locale__language_code="en"
    )
    get(client, specialist.url)
    specialty = Specialty.objects.get(name="Radiotherapy", locale__language_code="en")

    specialty.name = "Radiation oncology"
    specialty.save()

    page, state = get(client, specialist.url)
    assert state == "miss"
    assert "Radiation oncology" in page.content.decode()


@pytest.mark.django_db
def test_public_api_reads_are_cached_and_invalidated_on_publish(
    client, therapy, django_assert_max_num_queries
):
    detail = f"/api/v3/pages/{therapy.pk}/"
    listing = f"/api/v3/pages/?type=topics.TherapyPage&locale=en&child_of={therapy.get_parent().pk}"
    assert get(client, detail)[1] == get(client, listing)[1] == "miss"

    with django_assert_max_num_queries(1):
        cached, state = get(client, detail)
    assert state == "hit"
    assert cached["ETag"] and cached["Cache-Control"].startswith("public")
    revalidated = client.get(detail, HTTP_IF_NONE_MATCH=cached["ETag"])
    assert revalidated.status_code == 304
    assert get(client, f"{detail}?locale=de")[1] == "miss", "each language is its own copy"

    therapy.title = "HIFU (focused ultrasound)"
    therapy.save_revision().publish()

    fresh, state = get(client, detail)
    fresh_list, list_state = get(client, listing)
    assert state == list_state == "miss"
    assert fresh.json()["title"] == "HIFU (focused ultrasound)"
    assert "HIFU (focused ultrasound)" in [item["title"] for item in fresh_list.json()["items"]]
    assert client.get(detail, HTTP_IF_NONE_MATCH=cached["ETag"]).status_code == 200


@pytest.mark.django_db
def test_api_reads_with_a_token_are_never_cached(client, therapy, token):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token('editor')}"}
    detail = f"/api/v3/pages/{therapy.pk}/"
    get(client, detail)

    for _attempt in range(2):
        response, state = get(client, detail, **headers)
        assert state is None
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_searching_does_not_empty_the_cache(client, therapy):
    """A search writes statistics rows; visitors' searches must not invalidate pages."""
    get(client, therapy.url)
    get(client, "/api/v3/search/?q=liver&locale=en")

    client.get("/en/search/", {"q": "ablation"})
    client.get("/api/v3/search/", {"q": "resection", "locale": "en"})

    assert get(client, therapy.url)[1] == "hit"
    assert get(client, "/api/v3/search/?q=liver&locale=en")[1] == "hit"


@pytest.mark.django_db
def test_a_rendition_made_while_a_page_renders_does_not_empty_the_cache(client, therapy):
    """Wagtail creates renditions during a visitor's GET; that is not a content change."""
    image = wagtail_factories.ImageFactory()
    page_cache.forget_version()
    get(client, therapy.url)
    before = page_cache.current_version()

    image.get_rendition("width-100")

    page_cache.forget_version()
    assert page_cache.current_version() == before
    assert get(client, therapy.url)[1] == "hit"


@pytest.fixture
def specialist_detail():
    """An API read whose body names languages in the reader's language."""
    specialist = SpecialistPage.objects.get(slug="prof-dr-lea-brunner", locale__language_code="en")
    return f"/api/v3/pages/{specialist.pk}/"


# What each reader calls German.
LANGUAGE_NAMES = {"en": "German", "de": "Deutsch", "fr": "Allemand", "it": "Tedesco"}
ACCEPT_FORMS = ["{code}", "{code}-CH", "{code};q=0.9", "{code}-AT,{code};q=0.8,en;q=0.1"]


def _names(response):
    return {item["code"]: item["name"] for item in response.json()["languages"]}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.sampled_from(sorted(LANGUAGE_NAMES)),
    second=st.sampled_from(sorted(LANGUAGE_NAMES)),
    form=st.sampled_from(ACCEPT_FORMS),
    by_cookie=st.booleans(),
)
@pytest.mark.django_db
def test_api_copies_follow_the_readers_resolved_language(
    client, specialist_detail, first, second, form, by_cookie
):
    """One reader's language never reaches another; equal languages share one copy."""
    cache.clear()
    client.cookies.pop(django_settings.LANGUAGE_COOKIE_NAME, None)

    def read(code):
        if by_cookie:
            client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = code
            return client.get(specialist_detail)
        return client.get(specialist_detail, HTTP_ACCEPT_LANGUAGE=form.format(code=code))

    earlier = read(first)
    later = read(second)

    assert _names(earlier)["de"].lower() == LANGUAGE_NAMES[first].lower()
    assert _names(later)["de"].lower() == LANGUAGE_NAMES[second].lower()
    assert later[CACHE_HEADER] == ("hit" if first == second else "miss")
    assert "Accept-Language" in later["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v3/pages/?type=topics.TherapyPage&locale=en", "{url}"])
def test_another_host_never_gets_the_first_hosts_links(client, therapy, path):
    path = path.format(url=therapy.url)
    first = client.get(path, HTTP_HOST="one.example").content.decode()
    second = client.get(path, HTTP_HOST="two.example")

    assert second[CACHE_HEADER] == "miss"
    assert "one.example" not in second.content.decode()
    if path.startswith("/api/"):
        # The API's links are on the public address whichever host asked (url and
        # meta.detail_url alike), so no host can leak into another's copy.
        public = django_settings.CMS_PUBLIC_BASE_URL.rstrip("/")
        assert public in first and "//one.example/" not in first
    assert client.get(path, HTTP_HOST="one.example")[CACHE_HEADER] == "hit"


@pytest.mark.django_db
def test_what_an_answer_repeats_runs_for_every_copy_and_never_fails_it(monkeypatch):
    """``repeat_on_hits``: a side duty of the view (counting a search) runs on hits too; a
    failing one is logged and the copy is still served."""
    monkeypatch.setattr(page_cache, "_REPEATABLE", {})  # this test's names only
    calls = []
    page_cache.repeatable("test.count", lambda *args: calls.append(args))
    page_cache.repeatable("test.broken", lambda: 1 / 0)
    page_cache.repeat_on_hits("test.count", "outside a render")  # nothing is being stored

    def view(request):
        page_cache.repeat_on_hits("test.count", request.path, 3)
        page_cache.repeat_on_hits("test.broken")
        return HttpResponse("counted")

    middleware = page_cache.PageCacheMiddleware(view)
    request = RequestFactory().get("/en/counted/")
    request.user = None
    first = middleware(request)
    second = middleware(RequestFactory().get("/en/counted/"))

    assert (first[CACHE_HEADER], second[CACHE_HEADER]) == ("miss", "hit")
    assert second.content == b"counted"
    assert calls == [("/en/counted/", 3)]
