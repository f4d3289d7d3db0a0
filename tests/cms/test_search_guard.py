"""``search_guard``: a savepoint inside a transaction, no transaction outside one."""

import threading

import pytest

from django.db import connection

from cms.search_terms import SearchUnavailable, search_guard


def _in_a_new_thread(function):
    """Run ``function`` with a connection of its own, outside any transaction (as a
    visitor's request runs); return what it returned."""
    result = []

    def run():
        try:
            result.append(function())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


def _guarded():
    with search_guard("test"):
        return connection.in_atomic_block


@pytest.mark.django_db
def test_a_search_outside_a_transaction_opens_none():
    # On SQLite a transaction takes the write lock at BEGIN: a search waited behind
    # every publish.
    assert _in_a_new_thread(_guarded) is False


@pytest.mark.django_db
def test_a_search_inside_a_transaction_runs_in_a_savepoint_that_a_failure_leaves_usable():
    assert _guarded() is True
    with pytest.raises(SearchUnavailable), search_guard("test"), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
