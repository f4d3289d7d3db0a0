"""Shared fixtures: one demo site per test session, rolled back after each test."""

import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import override_settings
from django.utils import translation

from wagtail.models import APIToken, Locale, Page

from cms import integrity, page_cache
from demo.users import create_demo_users

from .utils import free_port

LANGUAGES = ["en", "de", "fr", "it"]
ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = ROOT / ".pytest_cache" / "demo-db"
SNAPSHOT_SOURCES = ("*.py", "*.json", "*.html", "*.po", "*.txt", "*.svg", "*.css")


def _demo_snapshot():
    """Where the migrated demo database of this exact code is kept, for SQLite runs.

    Migrating and loading the demo takes about 90 s; the snapshot is keyed on every
    source file outside ``tests/`` (and the requirements), so any change to the code
    that builds the demo builds it again. ``CMS_TEST_DEMO_CACHE=0`` turns it off.
    """
    from django.conf import settings

    if os.environ.get("CMS_TEST_DEMO_CACHE", "1") == "0":
        return None
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return None
    digest = hashlib.sha256()
    skip = {"tests", ".venv", ".git", ".pytest_cache", "media", "static_collected", "bench"}
    for pattern in SNAPSHOT_SOURCES:
        for path in sorted(ROOT.rglob(pattern)):
            relative = path.relative_to(ROOT)
            if relative.parts[0] in skip:
                continue
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    return SNAPSHOT_DIR / f"{digest.hexdigest()[:24]}.sqlite3"


@pytest.fixture(scope="session")
def django_db_use_migrations(request):
    """Skip migrations when a snapshot will replace the whole database anyway."""
    snapshot = _demo_snapshot()
    if snapshot is not None and snapshot.exists():
        return False
    return not request.config.getvalue("nomigrations")


def _load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo_users", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once; each test runs in a transaction on top of it.

    Transactional tests (live server) flush the database when they end; marked
    ``django_db(serialized_rollback=True)`` they get this snapshot back first. It is
    set on the connection class too: after Playwright's browser tests, test code runs
    in another context and gets another connection object for the same database.
    """
    with django_db_blocker.unblock():
        default = connections[DEFAULT_DB_ALIAS]
        snapshot = _demo_snapshot()
        if snapshot is not None and snapshot.exists():
            default.ensure_connection()
            with sqlite3.connect(snapshot) as stored:
                stored.backup(default.connection)
            ContentType.objects.clear_cache()
        else:
            _load_demo()
            if snapshot is not None:
                snapshot.parent.mkdir(parents=True, exist_ok=True)
                for old in snapshot.parent.glob("*.sqlite3"):
                    old.unlink(missing_ok=True)
                partial = snapshot.with_suffix(f".{os.getpid()}.tmp")
                with sqlite3.connect(partial) as stored:
                    default.connection.backup(stored)
                partial.replace(snapshot)
        # Django serialises only apps the migration loader knows as migrated; a run
        # from the snapshot has migrations switched off (``django_db_use_migrations``),
        # which would make the snapshot for transactional tests empty.
        with override_settings(MIGRATION_MODULES={}):
            default._test_serialized_contents = default.creation.serialize_db_to_string()
        type(default)._test_serialized_contents = default._test_serialized_contents


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def home(db):
    return Page.objects.get(depth=2, locale__language_code="en").specific


@pytest.fixture
def no_page_cache(settings):
    """Render every request: for tests that measure the work of rendering a page."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def steady_versions(settings):
    """Read the content version once per test, not once a second: a query count must not
    depend on whether a loaded machine took more than ``PAGE_CACHE_VERSION_TTL`` between
    two requests (an extra version read made CI's counts differ by one)."""
    settings.PAGE_CACHE_VERSION_TTL = 3600


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language(settings):
    """A request through the test client leaves its language active in the thread; the
    next test must not read French messages because the previous one asked in French."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _test_code_sets_up_as_administrator():
    """Test code arranges content as an operator would (``load_demo`` does the same).

    Requests made through the test client act for their own user (``ActorMiddleware``);
    tests of the gate use ``integrity.acting_as`` or ``integrity.as_system`` explicitly.
    """
    with integrity.administration("tests"):
        yield


@pytest.fixture(scope="session", autouse=True)
def _snapshot_restores_are_operator_restores():
    """Transactional tests (``serialized_rollback``) get the demo back through raw saves:
    an operator's restore, which ``cms.integrity`` allows only inside ``administration``.
    pytest-django restores it before any function fixture, so the restore says so itself.
    """
    from django.db.backends.base.creation import BaseDatabaseCreation

    restore = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_db_from_string(self, data):
        with integrity.administration("tests: demo snapshot"):
            return restore(self, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            BaseDatabaseCreation, "deserialize_db_from_string", deserialize_db_from_string
        )
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages, fragments and counted searches must not outlive a rolled-back test."""
    cache.clear()
    caches["search_statistics"].clear()
    page_cache.forget_version()


@pytest.fixture
def demo_users(db):
    create_demo_users()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def users(demo_users):
    return demo_users


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a call and its on-commit callbacks (wagtail-localize publishes in on_commit)."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


@pytest.fixture
def token(demo_users):
    """``token("editor")`` -> a fresh plaintext API token for that demo login."""

    def make(username):
        _instance, plaintext = APIToken.create_token(user=demo_users[username], name="tests")
        return plaintext

    return make


@pytest.fixture
def redis_server():
    """A throwaway redis-server on a free port, stopped by its PID whatever happens."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(binary):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed binary with our own arguments
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield process, port
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
