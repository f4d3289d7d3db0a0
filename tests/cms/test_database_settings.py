"""SQLite is set up for concurrent editors and visitors; PostgreSQL binds parameters on the
server and prepares repeated statements."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_settings(database_url):
    environment = {**os.environ, "DATABASE_URL": database_url}
    code = (
        "import json; from cms.settings import base; "
        "print(json.dumps(base.DATABASES['default'], default=str))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_gets_wal_immediate_transactions_and_a_lock_timeout(tmp_path):
    options = database_settings(f"sqlite:///{tmp_path / 'db.sqlite3'}")["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]


def test_postgres_gets_server_side_binding_and_prepared_statements_only():
    settings = database_settings("postgres://user@127.0.0.1:5432/cms")

    assert settings["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_statement_run_five_times_is_prepared_on_postgresql():
    """Planned once per connection, not on every request (a page's relation queries took
    about 1 ms each to plan)."""
    from topics.models import TopicPage

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    for _time in range(6):
        list(TopicPage.objects.filter(slug__startswith="liver").values_list("pk", flat=True))

    assert any('"topics_topicpage"' in statement and "$1" in statement for statement in prepared())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_concurrent_writers_on_a_sqlite_file_wait_instead_of_failing(tmp_path):
    """Two threads that read, then write, in one transaction each: both commit.

    Under SQLite's default deferred transactions the second writer fails at once with
    "database is locked" (its read lock cannot be upgraded while the first writes).
    """
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings = database_settings(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    settings.update(NAME=str(tmp_path / "db.sqlite3"), TIME_ZONE=None, CONN_HEALTH_CHECKS=False)
    settings.update(AUTOCOMMIT=True, ATOMIC_REQUESTS=False, CONN_MAX_AGE=0, TEST={})

    def wrapper():
        return DatabaseWrapper(settings, alias="concurrency")

    setup = wrapper()
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (0)")
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    setup.close()
    errors = []
    barrier = threading.Barrier(2)

    def work():
        db = wrapper()
        try:
            for _ in range(20):
                barrier.wait(timeout=30)
                db.ensure_connection()
                # What ``transaction.atomic()`` does on SQLite: BEGIN <transaction_mode>.
                db._start_transaction_under_autocommit()
                with db.cursor() as cursor:
                    n = cursor.execute("SELECT n FROM counter").fetchone()[0]
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
                db.connection.commit()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()
        finally:
            db.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    check = wrapper()
    with check.cursor() as cursor:
        assert cursor.execute("SELECT n FROM counter").fetchone()[0] == 40
    check.close()
