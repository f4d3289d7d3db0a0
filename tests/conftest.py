"""Shared fixtures: one demo site per test session, rolled back after each test."""

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

from wagtail.models import APIToken, Locale, Page

from cms import page_cache
from demo.users import create_demo_users

LANGUAGES = ["en", "de", "fr", "it"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once; each test runs in a transaction on top of it.

    Transactional tests (live server) flush the database when they end; marked
    ``django_db(serialized_rollback=True)`` they get this snapshot back first. It is
    set on the connection class too: after Playwright's browser tests, test code runs
    in another context and gets another connection object for the same database.
    """
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("demo_users", stdout=open("/dev/null", "w"))  # noqa: SIM115
        default = connections[DEFAULT_DB_ALIAS]
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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages and fragments must not outlive a rolled-back test."""
    cache.clear()
    page_cache.forget_version()


@pytest.fixture
def demo_users(db):
    create_demo_users()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def token(demo_users):
    """``token("editor")`` -> a fresh plaintext API token for that demo login."""

    def make(username):
        _instance, plaintext = APIToken.create_token(user=demo_users[username], name="tests")
        return plaintext

    return make
