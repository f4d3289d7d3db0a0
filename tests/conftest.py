"""Shared fixtures: one demo site per test session, rolled back after each test."""

import pytest

from django.core.cache import cache
from django.core.management import call_command

from wagtail.models import Locale, Page

from cms import page_cache

LANGUAGES = ["en", "de", "fr", "it"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once; each test runs in a transaction on top of it."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("demo_users", stdout=open("/dev/null", "w"))  # noqa: SIM115


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
