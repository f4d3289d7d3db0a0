"""What a page detail reads: the same answer, fewer and narrower queries."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from specialists.models import SpecialistPage
from topics.models import TopicPage

from ..utils import page_in

pytestmark = pytest.mark.usefixtures("no_page_cache", "steady_versions")


def queries_for(api, path):
    api.get(path)  # warm caches that do not depend on the page (content types, site)
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured], response.json()


@pytest.mark.django_db
def test_a_detail_in_another_language_is_that_languages_detail(api):
    """``/pages/<English id>/?locale=de`` answers what the German page's own detail
    answers, for the cost of that detail plus the English page and its family."""
    topic = page_in(TopicPage, "de")
    english = topic.get_translation(page_in(TopicPage, "en").locale)
    own_queries, own = queries_for(api, f"/api/v3/pages/{topic.pk}/?locale=de")
    queries, answer = queries_for(api, f"/api/v3/pages/{english.pk}/?locale=de")
    assert answer == own
    assert len(queries) <= len(own_queries) + 2


@pytest.mark.django_db
def test_relations_shown_as_links_read_no_page_rows(api):
    """A specialist's topics and therapies, and a topic's references, are read without
    the linked pages' rows (a topic's body above all): links need translation keys."""
    specialist = SpecialistPage.objects.live().filter(topic_links__isnull=False).first()
    queries, answer = queries_for(api, f"/api/v3/pages/{specialist.pk}/")
    assert answer["topics"]
    assert not [sql for sql in queries if '"topics_topicpage"."body"' in sql]
    topic = TopicPage.objects.live().filter(references__isnull=False).first()
    queries, answer = queries_for(api, f"/api/v3/pages/{topic.pk}/")
    assert answer["references"]
    references = [sql for sql in queries if 'FROM "topics_reference"' in sql]
    assert references and "JOIN" not in references[0]
