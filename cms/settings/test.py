"""Test settings: fast hashing, immediate tasks, media in a throwaway folder."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cms-test-media-"))  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="cms-test-static-"))  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Tests that exercise the limits switch them on (tests/cms/test_rate_limits.py).
RATE_LIMIT_ENABLED = False
# The test database is in-memory SQLite with a shared cache, which the browser tests'
# live-server thread reads too. Shared-cache connections lock whole tables and report a
# conflict at once ("database table is locked") instead of waiting for the timeout, and
# an IMMEDIATE transaction would hold the write lock for the whole of every test. The
# IMMEDIATE mode from base.py is for the file database of a running site; its behaviour
# there is tested on a real file (tests/cms/test_database_settings.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"].pop("transaction_mode", None)  # noqa: F405
# Rate-limit counters in a throwaway folder, shared like a real deployment's.
RATE_LIMIT_CACHE_DIR = tempfile.mkdtemp(prefix="cms-test-ratelimit-")
CACHES["ratelimit"] = {**CACHES["ratelimit"], "LOCATION": RATE_LIMIT_CACHE_DIR}  # noqa: F405
# Search statistics counters in a throwaway folder too (emptied before each test).
SEARCH_STATISTICS_CACHE_DIR = tempfile.mkdtemp(prefix="cms-test-search-statistics-")
_statistics_cache = CACHES["search_statistics"]  # noqa: F405
CACHES["search_statistics"] = {**_statistics_cache, "LOCATION": SEARCH_STATISTICS_CACHE_DIR}  # noqa: F405
