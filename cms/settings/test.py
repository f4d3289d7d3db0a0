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
