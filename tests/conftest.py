"""Shared fixtures: one demo site per test session, rolled back after each test."""

import pytest

from django.core.management import call_command
from django.db import connection

from wagtail.models import Locale, Page

LANGUAGES = ["en", "de", "fr", "it"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once; each test runs in a transaction on top of it.

    Transactional tests (live server) flush the database when they end; marked
    ``django_db(serialized_rollback=True)`` they get this snapshot back first.
    """
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def home(db):
    return Page.objects.get(depth=2, locale__language_code="en").specific
