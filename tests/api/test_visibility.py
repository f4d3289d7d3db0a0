"""Anonymous readers never see drafts, unpublished or private pages; fallbacks are marked."""

import pytest

from wagtail.models import PageViewRestriction

from topics.models import TherapyIndexPage, TherapyPage, TopicPage

from ..factories import TherapyPageFactory
from ..utils import page_in


def listed_ids(api, query=""):
    data = api.get(f"/api/v3/pages/?limit=100{query}").json()
    return {item["id"] for item in data["items"]}


def all_listed_ids(api, query=""):
    ids, offset = set(), 0
    while True:
        data = api.get(f"/api/v3/pages/?limit=100&offset={offset}{query}").json()
        ids |= {item["id"] for item in data["items"]}
        offset += 100
        if offset >= data["count"]:
            return ids


@pytest.fixture
def unpublished(db):
    index = page_in(TherapyIndexPage, "en")
    page = TherapyPageFactory(parent=index, title="Unpublished therapy", live=False)
    page.save_revision()
    return page


@pytest.fixture
def private(db):
    index = page_in(TherapyIndexPage, "en")
    page = TherapyPageFactory(parent=index, title="Private therapy")
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.mark.django_db
def test_unpublished_pages_are_invisible(api, unpublished):
    assert unpublished.pk not in all_listed_ids(api)
    assert api.get(f"/api/v3/pages/{unpublished.pk}/").status_code == 404
    assert api.get(f"/api/v3/pages/{unpublished.pk}/?version=draft").status_code == 401
    assert api.get(f"/api/v2/pages/{unpublished.pk}/").status_code == 404


@pytest.mark.django_db
def test_private_pages_and_their_subtree_are_invisible(api, private):
    assert private.pk not in all_listed_ids(api)
    assert api.get(f"/api/v3/pages/{private.pk}/").status_code == 404
    assert api.get(f"/api/v3/pages/{private.pk}/translation-status/").status_code == 404
    assert api.get("/api/v3/pages/find/", {"html_path": private.url}).status_code == 404
    assert api.get(f"/api/v2/pages/{private.pk}/").status_code == 404


@pytest.mark.django_db
def test_private_section_hides_its_children(api):
    index = page_in(TherapyIndexPage, "en")
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)

    ids = all_listed_ids(api, "&locale=en")

    assert index.pk not in ids
    assert not ids & set(TherapyPage.objects.child_of(index).values_list("pk", flat=True))


@pytest.mark.django_db
def test_draft_changes_stay_out_of_public_reads(api):
    topic = page_in(TopicPage, "en")
    draft = topic.get_latest_revision_as_object()
    draft.title = "Draft title nobody may read"
    draft.save_revision()

    detail = api.get(f"/api/v3/pages/{topic.pk}/").json()
    listing = api.get("/api/v3/pages/?type=topics.TopicPage").json()

    assert detail["title"] == "Liver metastases"
    assert "Draft title nobody may read" not in str(listing)


@pytest.mark.django_db
def test_related_pages_hide_unpublished_targets(api):
    topic = page_in(TopicPage, "en")
    therapy = TherapyPage.objects.live().filter(locale=topic.locale).first()
    therapy.unpublish()

    data = api.get(f"/api/v3/pages/{topic.pk}/").json()

    assert therapy.pk not in [link["id"] for link in data["therapies"]]
    links = next(block for block in data["body"] if block["type"] == "therapy_links")
    assert therapy.pk not in [link["id"] for link in links["value"]["therapies"]]


@pytest.fixture
def english_only(db):
    index = page_in(TherapyIndexPage, "en")
    page = TherapyPageFactory(parent=index, title="Only in English")
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_list_falls_back_to_english_where_french_is_missing(api, english_only):
    query = "/api/v3/pages/?type=topics.TherapyPage&locale=fr&limit=100"

    strict = api.get(query).json()
    with_fallback = api.get(query + "&fallback=en").json()

    assert english_only.pk not in [item["id"] for item in strict["items"]]
    assert with_fallback["count"] == strict["count"] + 1
    by_id = {item["id"]: item for item in with_fallback["items"]}
    assert by_id[english_only.pk]["meta"]["fallback"] is True
    assert by_id[english_only.pk]["meta"]["requested_locale"] == "fr"
    assert by_id[english_only.pk]["meta"]["locale"] == "en"
    french = [item for item in with_fallback["items"] if item["id"] != english_only.pk]
    assert {item["meta"]["locale"] for item in french} == {"fr"}
    assert not any(item["meta"]["fallback"] for item in french)


@pytest.mark.django_db
def test_detail_falls_back_and_says_so(api, english_only):
    missing = api.get(f"/api/v3/pages/{english_only.pk}/?locale=fr")
    fallback = api.get(f"/api/v3/pages/{english_only.pk}/?locale=fr&fallback=en").json()

    assert missing.status_code == 404
    assert fallback["id"] == english_only.pk
    assert fallback["meta"]["fallback"] is True
    assert fallback["meta"]["requested_locale"] == "fr"
    assert fallback["meta"]["parent"]["locale"] == "fr", "relations still read in French"


@pytest.mark.django_db
def test_child_of_with_fallback_includes_the_fallback_children(api, english_only):
    french_index = page_in(TherapyIndexPage, "fr")

    data = api.get(f"/api/v3/pages/?child_of={french_index.pk}&locale=fr&fallback=en").json()

    assert english_only.pk in [item["id"] for item in data["items"]]


@pytest.mark.django_db
def test_pages_of_another_site_are_not_the_readers(api, other_site):
    """``api.pages.public_pages`` scopes as Wagtail's ``get_public_pages_queryset``: the
    reader's site is its root page and the root's translations (the German tree); a tree
    of another site is answered only with ``?site=`` naming it, in the detail, the list
    and the list's search (the roots' paths, remembered: ``api.pages.site_roots``)."""
    from home.models import ContentPage

    other = other_site.page
    german = page_in(ContentPage, "de")

    assert api.get(f"/api/v3/pages/{german.pk}/").status_code == 200
    assert api.get(f"/api/v3/pages/{other.pk}/").status_code == 404
    assert api.get(f"/api/v3/pages/{other.pk}/?site=other.example").status_code == 200
    assert other.pk not in all_listed_ids(api)
    assert other.pk in listed_ids(api, "&site=other.example")
    assert german.pk in all_listed_ids(api, "&type=home.ContentPage&locale=de")
    assert other.pk not in listed_ids(api, "&search=Quokka")
    assert other.pk in listed_ids(api, "&search=Quokka&site=other.example")
    # API v2 reads the same public pages (``PagesV2.get_base_queryset``)
    assert api.get(f"/api/v2/pages/{other.pk}/").status_code == 404
    assert api.get(f"/api/v2/pages/{other.pk}/?site=other.example").status_code == 200
    assert api.get(f"/api/v2/pages/{german.pk}/").status_code == 200
    v2_search = api.get("/api/v2/pages/", {"search": "Quokka", "site": "other.example"})
    assert [item["id"] for item in v2_search.json()["items"]] == [other.pk]
    assert api.get("/api/v2/pages/", {"search": "Quokka"}).json()["items"] == []


@pytest.mark.django_db
def test_a_new_view_restriction_hides_the_page_at_once(api):
    """The view restrictions ``public_pages`` reads are remembered per content version:
    saving or deleting one bumps it, so the next read already honours the change."""
    page = page_in(TherapyPage, "en")
    assert api.get(f"/api/v3/pages/{page.pk}/").status_code == 200

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert api.get(f"/api/v3/pages/{page.pk}/").status_code == 404
    assert page.pk not in listed_ids(api, "&type=topics.TherapyPage&locale=en")

    restriction.delete()
    assert api.get(f"/api/v3/pages/{page.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_site_given_another_root_lists_that_tree_at_once(
    api, other_site, django_capture_on_commit_callbacks, steady_versions
):
    """The roots' paths are remembered per process (``api.pages.site_roots``) with the
    ``menu`` tag, which saving a site bumps: the next list reads the new tree, with
    versions reread only once an hour."""
    from wagtail.models import Site

    other_home, other = other_site.home, other_site.page
    therapy = page_in(TherapyPage, "en")
    assert therapy.pk in listed_ids(api, "&type=topics.TherapyPage")
    assert other.pk not in all_listed_ids(api)

    site = Site.objects.get(is_default_site=True)
    former_root = site.root_page
    site.root_page = other_home
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    assert other.pk in listed_ids(api)
    assert therapy.pk not in listed_ids(api, "&type=topics.TherapyPage")

    site.root_page = former_root
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    assert therapy.pk in listed_ids(api, "&type=topics.TherapyPage")
