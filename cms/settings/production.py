"""Production: everything sensitive comes from the environment, and must.

Passes ``manage.py check --deploy`` without warnings; the TLS-related switches can be
relaxed from the environment for a server that sits behind a TLS-terminating proxy on
loopback (the benchmark does that).
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")  # noqa: F405
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names.")

# Links in e-mails, the API and JSON-LD point here: never a developer's loopback address.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").rstrip("/")
_base_host = urlparse(WAGTAILADMIN_BASE_URL).hostname or ""
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://")) or not _base_host:
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the site's public address, e.g. https://patients.example.org"
    )
if _base_host in {"localhost", "127.0.0.1", "::1"} and not env_bool(  # noqa: F405
    "DJANGO_ALLOW_LOOPBACK_BASE_URL", False
):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL points at this machine; e-mails and apps need the public address."
    )
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", CMS_PUBLIC_BASE_URL)  # noqa: F405

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)  # noqa: F405
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")  # noqa: F405

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

# Errors and warnings go to stderr, where gunicorn and the service manager collect them.
# Django's default sends a 500's traceback only to ADMINS by e-mail (none are set), so
# without this a server error left no trace at all. LOG_FORMAT=json writes one JSON
# object a line with the request id (cms.metrics) for a log collector.
_log_format = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.metrics.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s [%(request_id)s] %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _log_format == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The worker's "task started/finished" lines, under the enqueuing request's id.
    "loggers": {
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "INFO")},
        "cms.queue": {"level": os.environ.get("TASKS_LOG_LEVEL", "INFO")},
        # One line per request with its id (cms.metrics); REQUEST_LOG_LEVEL=WARNING hides it.
        "cms.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
    },
}
# Errors to Sentry or similar: an operator installs the SDK (e.g. sentry-sdk) and
# initialises it here from SENTRY_DSN; off by default, nothing leaves the machine.
