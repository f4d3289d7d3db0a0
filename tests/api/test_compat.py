"""Each patch in ``api.compat`` does what it says (one test per seam, see docs/upgrading.md)."""

from types import SimpleNamespace

import pytest
import wagtail_factories

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.redirects.models import Redirect
from wagtail.search.backends import get_search_backend

from api.schemas import PageLink
from topics.models import TopicPage

from ..utils import english_topic, page_in


@pytest.mark.django_db
def test_api_v3_search_gets_cleaned_words(client):
    """``v3_search_cleans_queries``: FTS syntax in ``?search=`` is words, never a 500."""
    get_search_backend().add(wagtail_factories.ImageFactory(title="Quokka portrait"))

    found = client.get("/api/v3/images/", {"search": '"quokka (portrait*'})
    nothing = client.get("/api/v3/documents/", {"search": '"*()'})

    assert found.status_code == 200
    assert [item["title"] for item in found.json()["items"]] == ["Quokka portrait"]
    assert nothing.status_code == 200 and nothing.json()["items"] == []


@pytest.mark.django_db
def test_wagtails_pages_snippets_and_redirects_routers_are_unmounted(client):
    """``unmount_wagtail_routers``: only our routers answer under their prefixes."""
    page = page_in(TopicPage, "en")
    draft = english_topic("Kidney stones", "kidney-stones", publish=False)
    Redirect.objects.create(old_path="/old-draft", redirect_page=draft)

    paths = client.get("/api/v3/openapi.json").json()["paths"]
    listed = client.get("/api/v3/redirects/", {"limit": 100}).json()["items"]

    # Wagtail's pages router (revisions and unpublish are ours, on its paths: api.revisions)
    assert "/api/v3/pages/{page_id}/actions/copy/" not in paths
    assert "/api/v3/pages/{page_id}/actions/move/" not in paths
    assert client.post(f"/api/v3/pages/{page.pk}/actions/copy/").status_code == 404
    assert not [path for path in paths if path.startswith("/api/v3/snippets/")]
    assert "/old-draft" not in {item["old_path"] for item in listed}


@pytest.mark.django_db
def test_unwritable_fields_are_named_in_the_problem(api, token):
    """``name_unwritable_fields``: the 422's detail names the field Wagtail rejected."""
    topic = page_in(TopicPage, "en")

    response = api.as_user(token("editor")).patch(f"/api/v3/pages/{topic.pk}/", {"colour": "red"})

    assert response.status_code == 422
    assert response.json()["detail"] == "These fields cannot be written: colour."


@pytest.mark.django_db
def test_media_lists_read_collections_in_the_same_query(client):
    """``media_lists_select_collections``: listing more images costs no more queries."""

    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v3/images/", {"limit": 20}).status_code == 200
        return len(queries)

    wagtail_factories.ImageFactory()
    one = queries_for_list()
    for _ in range(3):
        wagtail_factories.ImageFactory(collection=wagtail_factories.CollectionFactory())

    assert queries_for_list() == one


@pytest.mark.django_db
def test_openapi_document_lists_problem_responses_and_optional_auth(client):
    """``document_problem_responses``: every operation documents its problem statuses."""
    schema = client.get("/api/v3/openapi.json").json()

    operation = schema["paths"]["/api/v3/search/"]["get"]
    problem = operation["responses"]["422"]["content"]
    assert list(problem) == ["application/problem+json"]
    assert operation["security"] == [{}, {"BearerTokenAuth": []}]
    assert "ProblemDetail" in schema["components"]["schemas"]


@pytest.mark.django_db
def test_page_choosers_read_the_pages_the_api_read():
    """``page_choosers_read_chosen``: inside ``chosen_pages`` a chooser answers from the
    pages given, without a query, as Wagtail's own method does from the database: the
    page, ``None`` for one of another type or gone, a copy per value."""
    from wagtail import blocks
    from wagtail.models import Page

    from api.compat import chosen_pages
    from home.models import ContentPage
    from topics.models import TherapyPage

    therapy, other = page_in(TherapyPage, "en"), page_in(ContentPage, "en")
    values = [therapy.pk, other.pk, 999999, therapy.pk]
    block = blocks.PageChooserBlock(page_type="topics.TherapyPage")
    wagtails = block.bulk_to_python(values)
    given = Page.objects.only("translation_key", "content_type_id").in_bulk(values)

    for page in given.values():
        assert page.specific_class  # content types are cached per process: not counted
    with CaptureQueriesContext(connection) as queries, chosen_pages(given):
        ours = block.bulk_to_python(values)

    assert len(queries) == 0
    assert [page and page.pk for page in ours] == [page and page.pk for page in wagtails]
    assert [page and page.pk for page in ours] == [therapy.pk, None, None, therapy.pk]
    assert ours[0] is not ours[3]


@pytest.mark.django_db
def test_api_choosers_link_as_before(client):
    """The API's chooser links with ``page_choosers_read_chosen``: in the reader's
    language; a chosen page of another type, or deleted, is ``null`` as Wagtail reads it."""
    from wagtail.models import Page

    from home.models import ContentPage
    from topics.models import TherapyPage

    topic = page_in(TopicPage, "de").specific
    therapies = list(TherapyPage.objects.filter(locale__language_code="en").order_by("path")[:2])
    not_a_therapy = page_in(ContentPage, "en")
    topic.body = [
        ("call_to_action", {"text": "Mehr", "page": therapies[0], "label": "Lesen"}),
        ("therapy_links", {"heading": "", "therapies": [therapies[1], not_a_therapy]}),
    ]
    topic.save()
    german = [therapy.get_translation(topic.locale) for therapy in therapies]

    call_to_action, links = client.get(f"/api/v3/pages/{topic.pk}/").json()["body"]
    assert call_to_action["value"]["page"]["id"] == german[0].pk
    chosen = links["value"]["therapies"]
    assert [link and link["id"] for link in chosen] == [german[1].pk, None]

    Page.objects.filter(pk=therapies[1].pk).delete()
    _call_to_action, links = client.get(f"/api/v3/pages/{topic.pk}/").json()["body"]
    assert links["value"]["therapies"] == [None, None]


def test_answer_schemas_read_dicts_as_ninja_reads_objects():
    """``AnswerSchema``: a dict validates to what ninja makes of the same values on an
    object (through its ``DjangoGetter``)."""
    values = {"id": 3, "title": "Leber", "url": None, "locale": "de"}
    assert PageLink.model_validate(values) == PageLink.model_validate(SimpleNamespace(**values))
