"""A real headless Chromium against a live server that sees the session's demo content.

Why not pytest-django's ``live_server`` fixture as it is: it turns every test that uses
it into a ``transactional_db`` test, whose teardown flushes every table, so the demo
loaded once per session would be gone after the first browser test. These tests only
read, so one ``LiveServer`` (pytest-django's own helper) runs for the whole session and
each test uses plain ``db`` access: on PostgreSQL the server thread reads the committed
demo through its own connection; on in-memory SQLite it shares the test's connection.
"""

import importlib.util
import os
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "browser tests skipped: Chromium not found at /usr/bin/chromium "
    "(install it with `sudo apt-get install chromium`)"
)
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# next to one unless told it is safe. It is: the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


NOTICE = pytest.StashKey[str]()


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests; without Chromium leave them out with one notice.

    With ``CMS_REQUIRE_BROWSER=1`` (CI) they stay in and fail instead.
    """
    here = Path(__file__).parent
    browser_items = [item for item in items if here in Path(str(item.fspath)).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    problem = _missing_browser()
    if browser_items and problem and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
        items[:] = [item for item in items if item not in browser_items]
        config.hook.pytest_deselected(items=browser_items)
        config.stash[NOTICE] = (
            f"{len(browser_items)} browser tests skipped: {problem}; "
            "install it with `sudo apt-get install chromium`"
        )


def pytest_terminal_summary(terminalreporter, config):
    notice = config.stash.get(NOTICE, None)
    if notice:
        terminalreporter.write_line(notice, yellow=True)


def _missing_browser():
    if not CHROMIUM.exists():
        return "Chromium not found at /usr/bin/chromium"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (make test installs it)"
    return None


@pytest.fixture(scope="session")
def browser(live_site):
    """Depends on ``live_site`` so the browser closes its connections before the server stops."""
    problem = _missing_browser()
    if problem:
        if os.environ.get("CMS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CMS_REQUIRE_BROWSER=1 but {problem}: sudo apt-get install chromium")
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker):
    server = LiveServer("127.0.0.1")
    yield server
    server.stop()
    with django_db_blocker.unblock():
        _close_server_thread_connections()


def _close_server_thread_connections():
    """Request threads end after the server stops; their PostgreSQL sessions would keep
    the test database from being dropped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _db_for_the_server_thread(db):
    """The server thread may touch the database only while a test holds access."""


@pytest.fixture(scope="session")
def urls(django_db_setup, django_db_blocker):
    """URL of one live page of each type, per language."""
    from .pages import page_urls

    with django_db_blocker.unblock():
        return page_urls()


@pytest.fixture
def new_page(browser, live_site):
    """Open a page in a fresh context; ``cookie`` is the visitor settings cookie, if any."""
    contexts = []

    def open_page(*, cookie=None, width=1280, height=900, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            base_url=live_site.url,
        )
        if cookie:
            context.add_cookies([{"name": "a11y", "value": cookie, "url": live_site.url}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def output_dir():
    (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
    return OUTPUT
