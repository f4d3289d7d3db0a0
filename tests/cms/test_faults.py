"""Fault injection: a broken search index and a paused Redis never hurt editors or visitors.

* The search index is damaged (its table renamed away, or refusing writes the way a
  dropped FTS table behind its triggers does; SQLite and PostgreSQL alike): publishing
  still succeeds through the real publish path, the page is live, the failed update
  waits on the backlog (``/healthz`` says so), and once the index is back the backlog is
  indexed, by the next successful update or by ``reindex_backlog``.
* A real ``redis-server``, started here on a free port and stopped by its PID, is paused
  (SIGSTOP) or unreachable while a page is unpublished: after it returns, with the old
  version still in it, the page is never served again.
"""

import os
import signal
from io import StringIO

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from cms import page_cache
from cms.models import SearchIndexBacklog
from topics.models import TherapyPage

from ..utils import english_topic, free_port

INDEX_TABLE = IndexEntry._meta.db_table


def _rename_index_table(old, new):
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {connection.ops.quote_name(old)} "  # noqa: S608 - our own names
            f"RENAME TO {connection.ops.quote_name(new)}"
        )


def _refuse_index_writes():
    """A damaged index: reads work, every insert or update of an entry fails."""
    table = connection.ops.quote_name(INDEX_TABLE)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION cms_broken_index() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'search index damaged'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER cms_broken_index BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION cms_broken_index()"
            )
            return
        for event in ("INSERT", "UPDATE"):
            cursor.execute(
                f"CREATE TRIGGER cms_broken_index_{event.lower()} BEFORE {event} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'search index damaged'); END"
            )


def _accept_index_writes():
    table = connection.ops.quote_name(INDEX_TABLE)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER cms_broken_index ON {table}")
            cursor.execute("DROP FUNCTION cms_broken_index()")
            return
        for event in ("insert", "update"):
            cursor.execute(f"DROP TRIGGER cms_broken_index_{event}")


DAMAGE = {
    # The table is gone: the first read of the index fails.
    "missing": (
        lambda: _rename_index_table(INDEX_TABLE, f"{INDEX_TABLE}_broken"),
        lambda: _rename_index_table(f"{INDEX_TABLE}_broken", INDEX_TABLE),
    ),
    # The table refuses writes (as a dropped FTS table behind its triggers does).
    "refusing writes": (_refuse_index_writes, _accept_index_writes),
}


@pytest.fixture(params=sorted(DAMAGE))
def broken_index(request):
    """Damage the index; calling the fixture's value repairs it (the test rolls back anyway)."""
    damage, repair = DAMAGE[request.param]
    damage()
    state = {"broken": True}

    def restore():
        if state["broken"]:
            repair()
            state["broken"] = False

    yield restore
    restore()


def found(word):
    return [page.pk for page in get_search_backend().search(word, Page.objects.live())]


@pytest.mark.django_db
def test_publishing_with_a_broken_index_succeeds_and_is_indexed_once_it_is_back(
    client, broken_index, commit
):
    page = commit(english_topic, "Quillwort cysts", "quillwort-cysts")

    assert Page.objects.get(pk=page.pk).live
    assert client.get(page.url).status_code == 200
    backlog = SearchIndexBacklog.objects.get(object_id=str(page.pk))
    assert backlog.content_type.model_class() is type(page)
    health = client.get("/healthz").json()
    assert health["status"] == "degraded"
    assert health["search_index"]["status"] == "degraded"
    assert health["search_index"]["backlog"] >= 1

    with pytest.raises(CommandError):
        call_command("reindex_backlog", stdout=StringIO())
    assert SearchIndexBacklog.objects.filter(object_id=str(page.pk)).exists()

    broken_index()
    out = StringIO()
    call_command("reindex_backlog", stdout=out)

    assert "0 remaining" in out.getvalue()
    assert page.pk in found("Quillwort")
    assert not SearchIndexBacklog.objects.exists()
    assert client.get("/healthz").json()["search_index"] == {
        "status": "ok",
        "backlog": 0,
        "oldest_seconds": 0,
    }


@pytest.mark.django_db
def test_the_next_successful_index_update_retries_the_backlog(broken_index, commit):
    first = commit(english_topic, "Quillwort cysts", "quillwort-cysts")
    assert SearchIndexBacklog.objects.filter(object_id=str(first.pk)).exists()

    broken_index()
    second = commit(english_topic, "Bramblewort cysts", "bramblewort-cysts")

    assert not SearchIndexBacklog.objects.exists()
    assert first.pk in found("Quillwort") and second.pk in found("Bramblewort")


@pytest.mark.django_db
def test_unpublishing_with_a_broken_index_succeeds(client, broken_index, commit):
    therapy = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    url = therapy.url

    commit(therapy.unpublish)
    assert client.get(url).status_code == 404
    assert not Page.objects.get(pk=therapy.pk).live
    assert SearchIndexBacklog.objects.filter(object_id=str(therapy.pk)).exists()


@pytest.mark.django_db
def test_index_updates_wait_for_the_commit(home, django_capture_on_commit_callbacks):
    """Indexing inside the editor's transaction is what let the index fail the publish."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = english_topic("Quillwort cysts", "quillwort-cysts")
        assert page.pk not in found("Quillwort")

    for callback in callbacks:
        callback()
    assert page.pk in found("Quillwort")


# Redis -------------------------------------------------------------------------------


@pytest.fixture
def redis_cache(redis_server):
    process, port = redis_server
    with override_settings(CACHES=_cache_settings(port), DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        yield process


def _cache_settings(port):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }


def _never_served_again(client, url):
    for worker in ("this worker", "a worker that never saw the unpublish"):
        if worker != "this worker":
            page_cache.forget_version()
        for _attempt in range(3):
            response = client.get(url)
            assert response.status_code == 404, worker
            assert response.get(page_cache.CACHE_HEADER) != "hit", worker


def _cached_therapy(client):
    therapy = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    assert client.get(therapy.url).get(page_cache.CACHE_HEADER) == "miss"
    assert client.get(therapy.url).get(page_cache.CACHE_HEADER) == "hit"
    return therapy


@pytest.mark.django_db
def test_an_unpublish_while_redis_is_paused_is_never_undone_when_it_resumes(
    client, redis_cache, commit
):
    therapy = _cached_therapy(client)

    os.kill(redis_cache.pid, signal.SIGSTOP)
    try:
        commit(Page.objects.get(pk=therapy.pk).unpublish)
        assert client.get(therapy.url).status_code == 404
    finally:
        os.kill(redis_cache.pid, signal.SIGCONT)

    _never_served_again(client, therapy.url)


@pytest.mark.django_db
def test_an_unpublish_while_redis_is_unreachable_is_never_undone_when_it_returns(
    client, redis_server, commit
):
    """Unreachable, not paused: a paused server still receives the version bump late."""
    _process, port = redis_server
    with override_settings(CACHES=_cache_settings(port), DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        therapy = _cached_therapy(client)
        with override_settings(CACHES=_cache_settings(free_port())):
            commit(Page.objects.get(pk=therapy.pk).unpublish)
            assert client.get(therapy.url).status_code == 404

        _never_served_again(client, therapy.url)
