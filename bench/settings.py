"""Production settings for a benchmark on loopback: ``cms.settings.production`` plus only
what plain HTTP on 127.0.0.1 needs.

What it changes, and why:

* the environment production requires (secret, allowed hosts) gets throwaway defaults;
* TLS switches are turned off through the variables ``production.py`` honours
  (``DJANGO_SECURE_SSL_REDIRECT``, ``DJANGO_SECURE_COOKIES``, HSTS): wrk speaks HTTP;
* the per-IP rate limits are off (``RATE_LIMIT_ENABLED``): every load client is 127.0.0.1;
* ``ROOT_URLCONF`` is ``bench.urls``: the site plus two hello-world baselines.

Everything else (DEBUG off, middleware, page cache, manifest static files, database
options) is production's.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(60))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("RATE_LIMIT_ENABLED", "0")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("DJANGO_ALLOW_LOOPBACK_BASE_URL", "1")

from cms.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
