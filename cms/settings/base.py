"""Settings shared by every environment.

Safe by default: ``DEBUG`` is off and there is no secret here. Everything that differs
between machines is read from the environment so one code base serves a laptop, CI and
production.
"""

import os
from pathlib import Path

import dj_database_url

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "cms",
    "home",
    "topics",
    "specialists",
    "search",
    "api",
    "api.webhooks",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    # The task queue's table (TASKS_BACKEND=database); empty with the immediate backend.
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: one request id and one count per request, whatever answers it.
    "cms.metrics.RequestMetricsMiddleware",
    # Before anything that queries (the page cache reads the content version).
    "cms.db_router.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.request_size.RequestSizeMiddleware",
    # After the size check (it may read a body); before anything passes text to a query.
    "cms.null_characters.NulCharacterMiddleware",
    # Before the page cache, so cached answers are counted (and refused) too.
    "cms.ratelimit.RateLimitMiddleware",
    "cms.page_cache.PageCacheMiddleware",
    "api.middleware.APIMiddleware",
    "csp.middleware.CSPMiddleware",
    "cms.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.integrity.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Editors, translators and visitors write concurrently (revisions, search query log,
    # sessions). WAL lets reads go on while one connection writes; IMMEDIATE takes the
    # write lock when a transaction starts, so a transaction that read first cannot fail
    # with "database is locked" when it later writes (SQLite cannot upgrade its lock
    # while another writer waits); the timeout makes writers queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# PostgreSQL: parameters bound by the server, and a statement run five times on a
# connection prepared (psycopg's ``prepare_threshold``; Django turns it off unless set).
# A page's relation queries join six to eight tables: PostgreSQL spent about 1 ms
# planning each of them, more than running it, on every request.
POSTGRESQL_OPTIONS = {"server_side_binding": True, "prepare_threshold": 5}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRESQL_OPTIONS)
# A streaming replica of the primary: anonymous reads go there, everything else (writes,
# the admin, token requests, a session that just wrote) to the primary (cms.db_router).
# Unreachable or lagging, it is skipped and the primary answers.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 1)
    DATABASES["replica"]["OPTIONS"].update(POSTGRESQL_OPTIONS)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
# How stale a replica may be: it serves reads only while it has replayed what the primary
# had written this many seconds ago (checked that often per process).
DATABASE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS", "1"))
# After a write, the writer's next reads go to the primary for this long (a cookie).
DATABASE_PRIMARY_PIN_SECONDS = int(os.environ.get("DATABASE_PRIMARY_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the source; German, French and Italian serve DE, AT and CH.
# Leichte Sprache (Easy German, BITV 2.0 § 4) is a variant of German: ``de-x-ls`` is a
# private-use BCP 47 tag that screen readers read as German (``de-ls`` would mean the
# German of Lesotho). Django finds no catalogue of its own for it and falls back to the
# German one, and a browser asking for ``de-DE`` gets ``de``, never Leichte Sprache.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("de-x-ls", _("Easy German (Leichte Sprache)")),
    ("fr", _("French")),
    ("it", _("Italian")),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin speaks the site's languages; each user picks one in their account settings
# (Wagtail's UserProfile), and dates follow that language and the user's time zone.
WAGTAILADMIN_PERMITTED_LANGUAGES = [lang for lang in LANGUAGES if lang[0] != "de-x-ls"]
WAGTAIL_I18N_ENABLED = True
CMS_SOURCE_LOCALE = os.environ.get("CMS_SOURCE_LOCALE", "en")
# Languages translated from another translation instead of from the source language:
# a Leichte Sprache page is written from the live, reviewed German page (cms.i18n).
CMS_DERIVED_LANGUAGES = {"de-x-ls": "de"}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media and renditions on S3-compatible object storage (django-storages) when a bucket is
# named, so app nodes keep nothing on their disks. Credentials come from boto3's own
# environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role.
# AWS_S3_CUSTOM_DOMAIN is the public address of the bucket (a CDN, or nginx's /media/);
# without it, files are served from the endpoint with signed URLs.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL", "https:"),
            "location": os.environ.get("AWS_LOCATION", ""),
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "querystring_auth": not os.environ.get("AWS_S3_CUSTOM_DOMAIN"),
            "file_overwrite": False,
            "default_acl": None,
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Zip archives are checked against these before anything is decompressed (cms.archives):
# member count, each member's and the total uncompressed size. Translation zips hold
# PO files only; content restores (import_content) hold the database and every media file.
CMS_TRANSLATION_ARCHIVE_LIMITS = {
    "members": int(os.environ.get("CMS_TRANSLATION_ARCHIVE_MAX_MEMBERS", "200")),
    "member_bytes": int(os.environ.get("CMS_TRANSLATION_ARCHIVE_MAX_MEMBER_BYTES", 5 * 2**20)),
    "total_bytes": int(os.environ.get("CMS_TRANSLATION_ARCHIVE_MAX_TOTAL_BYTES", 20 * 2**20)),
}
CMS_RESTORE_ARCHIVE_LIMITS = {
    "members": int(os.environ.get("CMS_RESTORE_ARCHIVE_MAX_MEMBERS", "100000")),
    "member_bytes": int(os.environ.get("CMS_RESTORE_ARCHIVE_MAX_MEMBER_BYTES", 512 * 2**20)),
    "total_bytes": int(os.environ.get("CMS_RESTORE_ARCHIVE_MAX_TOTAL_BYTES", 8 * 2**30)),
}

WAGTAIL_SITE_NAME = "Liver Cancer Information Centre"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The address the public reaches the site at (behind the proxy or CDN): canonical links,
# hreflang alternates, Open Graph, JSON-LD, the sitemap and robots.txt use it.
CMS_PUBLIC_BASE_URL = os.environ.get("CMS_PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")
# Site search: the database backend (SQLite FTS5, PostgreSQL full text; see docs/search.md).
# SEARCH_OPENSEARCH_URL switches to OpenSearch for large sites.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
if os.environ.get("SEARCH_OPENSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.opensearch2",
        "URLS": env_list("SEARCH_OPENSEARCH_URL"),
        "INDEX": os.environ.get("SEARCH_OPENSEARCH_INDEX", "cms"),
    }
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "mp4",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "vtt",
    "webm",
    "xlsx",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it would send hashed staff e-mail addresses to a third party and load
# images from outside the admin's Content-Security-Policy. Avatars are uploaded or blank.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Local memory by default; Redis via REDIS_URL. A Redis outage is logged, never raised:
# the site serves uncached instead of failing.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions in the database, read through Redis: any node serves any session, and a
    # Redis outage costs a query instead of a logout.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Room for every page and API answer in every language plus the chrome fragments:
    # Django's default (300 entries) culls a third of the cache whenever it is full.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_MAX_ENTRIES", "5000"))},
        }
    }
# Rate-limit counters (cms.ratelimit) must be seen by every worker: local memory would give
# each gunicorn worker its own count (N workers = N x the limit). Without Redis they are
# files in RATE_LIMIT_CACHE_DIR, shared by the workers of one machine (machines without
# a shared Redis count alone: N machines allow N x the limit).
RATE_LIMIT_CACHE_DIR = os.environ.get("RATE_LIMIT_CACHE_DIR", str(BASE_DIR / "var" / "ratelimit"))


def _shared_counters(directory, max_entries, **extra):
    """Counters every worker (and command) must see: Redis when configured, else files."""
    if os.environ.get("REDIS_URL"):
        return CACHES["default"]
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": directory,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
        **extra,
    }


CACHES["ratelimit"] = _shared_counters(RATE_LIMIT_CACHE_DIR, 10000)

# Search statistics (search.statistics) are counted here while visitors search and
# written to the database by `manage.py flush_search_statistics` (cron): every worker and
# the command must see the same counters, so Redis when configured, otherwise files on
# the machine, kept for the days the flush reads.
SEARCH_STATISTICS_CACHE_DIR = os.environ.get(
    "SEARCH_STATISTICS_CACHE_DIR", str(BASE_DIR / "var" / "search-statistics")
)
SEARCH_STATISTICS_MAX_QUERIES_PER_DAY = int(
    os.environ.get("SEARCH_STATISTICS_MAX_QUERIES_PER_DAY", "2000")
)
CACHES["search_statistics"] = _shared_counters(
    SEARCH_STATISTICS_CACHE_DIR,
    # Four entries per query and day, for the days kept, and room to spare.
    16 * SEARCH_STATISTICS_MAX_QUERIES_PER_DAY,
    # incr() rewrites a file with the default timeout: the counters' lifetime.
    TIMEOUT=3 * 24 * 60 * 60,
)

# Tasks run at once, except search-index updates: they run after the transaction
# commits, and a failure waits on a backlog instead of failing the publish (cms.indexing).
TASKS = {"default": {"BACKEND": "cms.indexing.SearchIndexingBackend"}}
# TASKS_BACKEND=database: tasks are rows written in the enqueuing transaction (gone if it
# rolls back) and run by `manage.py db_worker` after the commit; failures are retried
# (cms.queue). Chosen over RQ/Celery because PostgreSQL is already there and a row
# written in the publish's transaction cannot be lost between the commit and the queue.
if os.environ.get("TASKS_BACKEND") == "database":
    TASKS = {"default": {"BACKEND": "cms.queue.QueueBackend"}}
# Attempts per task before it stays failed, with exponential backoff between them.
CMS_TASK_MAX_ATTEMPTS = int(os.environ.get("CMS_TASK_MAX_ATTEMPTS", "5"))
# A ready task waiting longer than this makes /healthz say "degraded" (no worker running).
CMS_TASK_BACKLOG_MAX_AGE = int(os.environ.get("CMS_TASK_BACKLOG_MAX_AGE", "300"))
# A task still "running" after this many seconds lost its worker (killed mid-task):
# `manage.py db_worker` returns it to the queue (cms.queue.requeue_stale_tasks). Tasks
# must finish well within it (search-index updates and webhook deliveries take seconds).
CMS_TASK_STALE_AFTER = int(os.environ.get("CMS_TASK_STALE_AFTER", "600"))

# Editorial workflow
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.finish.finish_workflow"
WAGTAIL_WORKFLOW_ENABLED = True
# Four eyes: nobody approves a change they made themselves (cms.integrity).
CMS_FOUR_EYES = os.environ.get("CMS_FOUR_EYES", "1") != "0"
CMS_REVIEW_INTERVAL_MONTHS = int(os.environ.get("CMS_REVIEW_INTERVAL_MONTHS", "24"))

# Machine translation: DeepL when a key is configured, otherwise wagtail-localize's
# dummy translator (demo and tests). Machine output is saved as a draft and must pass
# translation review before it can be published (cms.models.ReviewedPermissionTester).
if os.environ.get("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_API_KEY"]},
    }
else:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
    }

# A new translation starts as a draft: untranslated or machine text must never go live
# just because its source page is live.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# HTTP hardening shared by every environment (production adds TLS-only switches).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Admin login brute-force protection (django-axes): after AXES_FAILURE_LIMIT failures a
# username+IP pair is locked out for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "cms/lockout.html"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"
# Concurrent editing: Wagtail pings open editors and warns of other sessions / newer
# revisions; page locking is granted to every editing role (cms.roles).
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10_000

# Anonymous full-page cache (cms.page_cache): keyed by URL, language prefix and the
# visitor-preference cookie; a page event refreshes the answers that show the page
# (cms.invalidation), a snippet/setting/media change refreshes everything. During a
# publish storm an outdated answer is served for at most PAGE_CACHE_STALE_SECONDS while
# one worker re-renders it (never after an unpublish, move or delete).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "5"))
# How long a process trusts the content generation and tags it read (cms.page_cache): the
# most a node can serve a page after another node's publish or unpublish committed.
PAGE_CACHE_VERSION_TTL = float(os.environ.get("PAGE_CACHE_VERSION_TTL", "1.0"))
PAGE_CACHE_VARY_COOKIES = ["a11y"]
PAGE_CACHE_CONTENT_APPS = [
    "home",
    "topics",
    "specialists",
    "search",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtailsearchpromotions",
]
# Rows those apps write while serving visitors (search statistics): saving them changes
# nothing a visitor sees, and bumping on them would empty the cache on every search.
PAGE_CACHE_IGNORED_MODELS = [
    "search.SearchQueryDay",
    "wagtailsearchpromotions.Query",
    "wagtailsearchpromotions.QueryDailyHits",
    # Made while a visitor's page renders ({% image %}): must not empty the cache.
    "wagtailimages.Rendition",
    # Bookkeeping of editing; what visitors see changes only when a page is published.
    "wagtailcore.ReferenceIndex",
    "wagtailcore.TaskState",
    "wagtailcore.WorkflowState",
    "wagtailcore.PageSubscription",
    "wagtailcore.CommentReply",
]

# Content-Security-Policy for the public site: self-hosted assets only, no inline
# scripts or styles (JSON-LD blocks are data, not scripts). The admin and the API docs
# bring their own inline code and are excluded.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/v3/docs", "/api/v2/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY_DISABLED = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]

# Per-client-IP limits (cms.ratelimit): 429 with Retry-After beyond them, RateLimit-*
# headers on every answer of a limited group. Behind proxies set CMS_TRUSTED_PROXY_COUNT
# to how many of them append to X-Forwarded-For (nginx alone: 1); the client is the
# entry that many places from the right. 0 counts REMOTE_ADDR.
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
CMS_TRUSTED_PROXY_COUNT = int(os.environ.get("CMS_TRUSTED_PROXY_COUNT", "0"))
RATE_LIMITS = {
    "search": os.environ.get("RATE_LIMIT_SEARCH", "120/m"),
    "finder": os.environ.get("RATE_LIMIT_FINDER", "120/m"),
    "api": os.environ.get("RATE_LIMIT_API", "600/m"),
    # A PDF costs about a second of CPU.
    "pdf": os.environ.get("RATE_LIMIT_PDF", "20/m"),
}
RATE_LIMITED_VIEWS = {"search": "search", "search_suggest": "search", "page_pdf": "pdf"}

# CDN purge on publish (wagtail.contrib.frontend_cache), configured from the environment:
# FRONTEND_CACHE_PURGE_URL for a Varnish/HTTP cache that accepts PURGE requests, or
# CLOUDFLARE_BEARER_TOKEN + CLOUDFLARE_ZONE_ID for Cloudflare.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_BEARER_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    }
INSTALLED_APPS.append("wagtail.contrib.frontend_cache")  # purges nothing until configured

# Headless API (``api/``): v3 at /api/v3/, v2 for existing Wagtail clients at /api/v2/.
# Wagtail's own API URLs (an image's or document's ``detail_url``) on the public address,
# like every other API URL (cms.public_urls), not the admin's.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", CMS_PUBLIC_BASE_URL)
WAGTAILAPI_LIMIT_MAX = 100
# The only image renditions the API makes (api.images): every image value's srcset uses
# the widths, GET /api/v3/images/<id>/rendition/ any combination; anything else is a 400,
# so a request cannot make the server render arbitrary sizes. Heights: 16:9, 4:3 and 1:1
# of each width. AVIF is dropped at run time where Pillow cannot write it.
_API_IMAGE_WIDTHS = [320, 480, 640, 800, 1024, 1280, 1600]
CMS_API_IMAGE_RENDITIONS = {
    "widths": _API_IMAGE_WIDTHS,
    "heights": sorted(
        {w * h // v for w in _API_IMAGE_WIDTHS for h, v in [(9, 16), (3, 4), (1, 1)]}
    ),
    "formats": ["jpeg", "png", "webp", "avif"],
    "fits": ["fill", "max", "width"],
}
# Formats every srcset offers besides the original's ("avif", "webp" or both).
CMS_API_IMAGE_SRCSET_FORMATS = env_list("CMS_API_IMAGE_SRCSET_FORMATS", "avif,webp")
CMS_API_CACHE_MAX_AGE = int(os.environ.get("CMS_API_CACHE_MAX_AGE", "300"))
CMS_API_PREVIEW_MAX_AGE = int(os.environ.get("CMS_API_PREVIEW_MAX_AGE", "3600"))
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
]

# Webhooks (api.webhooks, docs/webhooks.md). A delivery is tried WEBHOOK_MAX_ATTEMPTS
# times, waiting WEBHOOK_RETRY_BASE_SECONDS x 1, 4, 16, 64 between attempts; the first
# attempt in the publishing request (immediate task backend) waits at most
# WEBHOOK_FIRST_ATTEMPT_TIMEOUT seconds, `manage.py deliver_webhooks` and workers
# WEBHOOK_TIMEOUT. Private and loopback addresses only when explicitly allowed.
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
WEBHOOK_FIRST_ATTEMPT_TIMEOUT = float(os.environ.get("WEBHOOK_FIRST_ATTEMPT_TIMEOUT", "3"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "5"))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "60"))
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
# Finished deliveries (delivered or given up) stay in the admin's log this many days;
# `manage.py deliver_webhooks` deletes older ones, so the outbox does not grow forever.
WEBHOOK_LOG_DAYS = int(os.environ.get("WEBHOOK_LOG_DAYS", "30"))
