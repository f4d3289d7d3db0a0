"""Our index on Wagtail's page table (``cms/migrations/0008_page_locale_type_index.py``):
it exists, and the API list of one type reads its page through it, in tree order."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

INDEX = "cms_page_locale_type_path"


@pytest.mark.django_db
def test_the_index_exists_with_its_columns():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")

    assert constraints[INDEX]["columns"] == ["locale_id", "content_type_id", "path", "live"]
    assert constraints[INDEX]["index"] and not constraints[INDEX]["unique"]


@pytest.mark.django_db
def test_a_list_of_one_type_reads_its_page_in_tree_order_through_it(client, no_page_cache):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v3/pages/?type=topics.TopicPage&locale=de&limit=1")
    ids = [item["id"] for item in response.json()["items"]]
    listed = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].endswith("LIMIT 1") and "wagtailcore_page" in query["sql"]
    ]

    assert response.status_code == 200 and len(ids) == 1 and len(listed) == 1
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + listed[0].replace("%", "%%"))
        plan = [row[-1] for row in cursor.fetchall()]
    assert any(INDEX in step for step in plan), plan
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan), plan
