"""Search statistics counted in a shared cache during the request, written to the database later.

Why: a search is a GET, and a GET writes nothing. Before, every search read and
updated two statistics rows (``SearchQueryDay`` and Wagtail's ``QueryDailyHits``)
inside the request: five queries, a write lock on SQLite, and a row contended by every
worker searching for the same words. Now a search only adds to counters in the
``search_statistics`` cache (Redis when configured, shared by every worker; files on
the machine otherwise), and ``manage.py flush_search_statistics`` (cron, every few
minutes) adds them to the editors' reports and to Wagtail's promotion statistics.

Layout, per day (the site's time zone) and per language and normalised query:

* ``<day>:slots``: how many queries have a slot today (at most ``MAX_QUERIES_PER_DAY``,
  so random queries cannot grow the cache without bound; searches of new queries beyond
  that are counted only in ``<day>:dropped``, which the flush logs);
* ``<day>:slot:<digest>``: the slot of one language and query; ``<day>:query:<n>`` what
  it is; ``<day>:searches:<n>`` and ``<day>:zero:<n>`` its counts.

Counts are added with the cache's ``incr`` (atomic on Redis and in local memory) and
the flush subtracts what it wrote with ``decr``, so searches made while it runs are
kept for the next one. The flush writes first and subtracts after the commit: a crash
between the two counts a batch twice rather than losing it. The file cache (no Redis)
is shared by the workers of one machine, but its ``incr`` is a read and a write: two
workers counting the same query at the same instant can count it once.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Locale
from wagtail.search.utils import normalise_query_string

from .models import SearchQueryDay

logger = logging.getLogger(__name__)

CACHE_ALIAS = "search_statistics"
PREFIX = "search-stats"
KEEP_DAYS = 3  # counters outlive a few missed flushes; the flush reads this many days
FLUSH_LOCK_SECONDS = 600
BATCH = 500
COUNT = "search.count"  # the name answers served from the page cache count under


def max_queries_per_day():
    return getattr(settings, "SEARCH_STATISTICS_MAX_QUERIES_PER_DAY", 2000)


def _store():
    return caches[CACHE_ALIAS]


def _key(day, *parts):
    return ":".join([PREFIX, day.isoformat(), *map(str, parts)])


def _ttl():
    return KEEP_DAYS * 24 * 60 * 60


def _add(store, key, delta):
    """Add ``delta`` to the counter ``key``, creating it with the statistics' lifetime."""
    if store.add(key, delta, _ttl()):
        return delta
    try:
        return store.incr(key, delta)
    except ValueError:  # expired between the two calls
        store.add(key, delta, _ttl())
        return delta


def _slot(store, day, language_code, query_string):
    """The slot of this language and query today, or ``None`` when today's slots are used up."""
    digest = hashlib.sha256(f"{language_code}\0{query_string}".encode()).hexdigest()[:32]
    slot_key = _key(day, "slot", digest)
    slot = store.get(slot_key)
    if slot is not None:
        return slot
    if (store.get(_key(day, "slots")) or 0) >= max_queries_per_day():
        return None
    new = _add(store, _key(day, "slots"), 1)
    if new > max_queries_per_day():
        return None
    store.set(_key(day, "query", new), (language_code, query_string), _ttl())
    if store.add(slot_key, new, _ttl()):
        return new
    return store.get(slot_key)  # another worker gave this query a slot meanwhile


def count_search(language_code, query_string, result_count):
    """Count one search (no database access). A cache failure loses the count, never the search.

    Registered with the page cache (``SearchConfig.ready``): a search answered from a
    stored copy is counted too.
    """
    query_string = normalise_query_string(query_string)
    if not query_string:
        return
    day = timezone.localdate()
    try:
        store = _store()
        slot = _slot(store, day, language_code, query_string)
        if slot is None:
            _add(store, _key(day, "dropped"), 1)
            return
        _add(store, _key(day, "searches", slot), 1)
        if not result_count:
            _add(store, _key(day, "zero", slot), 1)
    except Exception:  # noqa: BLE001 - statistics must never fail a search
        logger.warning("Search statistics could not be counted", exc_info=True)


def flush(today=None):
    """Write the counted searches to ``SearchQueryDay`` and Wagtail's ``QueryDailyHits``.

    Returns the number of searches written. Runs once at a time (a lock in the cache).
    """
    store = _store()
    lock = f"{PREFIX}:flush-lock"
    if not store.add(lock, 1, FLUSH_LOCK_SECONDS):
        logger.info("Search statistics: another flush is running")
        return 0
    try:
        today = today or timezone.localdate()
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        written = 0
        for back in range(KEEP_DAYS - 1, -1, -1):
            written += _flush_day(store, today - datetime.timedelta(days=back), locales)
        return written
    finally:
        store.delete(lock)


def _flush_day(store, day, locales):
    slots = store.get(_key(day, "slots")) or 0
    dropped = store.get(_key(day, "dropped")) or 0
    if dropped:
        logger.warning(
            "Search statistics: %d searches on %s were not counted (more than %d queries)",
            dropped,
            day,
            max_queries_per_day(),
        )
        store.decr(_key(day, "dropped"), dropped)
    written = 0
    for first in range(1, slots + 1, BATCH):
        numbers = range(first, min(first + BATCH, slots + 1))
        keys = [_key(day, kind, n) for n in numbers for kind in ("query", "searches", "zero")]
        values = store.get_many(keys)
        counts = []
        for n in numbers:
            searches = values.get(_key(day, "searches", n)) or 0
            zero = values.get(_key(day, "zero", n)) or 0
            query = values.get(_key(day, "query", n))
            if query and (searches or zero):
                counts.append((n, query, searches, zero))
        with transaction.atomic():
            for _n, (language_code, query_string), searches, zero in counts:
                _write(day, locales.get(language_code), query_string, searches, zero)
        for n, _query, searches, zero in counts:
            if searches:
                store.decr(_key(day, "searches", n), searches)
            if zero:
                store.decr(_key(day, "zero", n), zero)
            written += searches
    return written


def _write(day, locale, query_string, searches, zero):
    if locale is not None:
        row, _created = SearchQueryDay.objects.get_or_create(
            locale=locale, query_string=query_string, date=day
        )
        SearchQueryDay.objects.filter(pk=row.pk).update(
            searches=F("searches") + searches, zero_results=F("zero_results") + zero
        )
    if searches:
        hits, _created = QueryDailyHits.objects.get_or_create(
            query=Query.get(query_string), date=day
        )
        QueryDailyHits.objects.filter(pk=hits.pk).update(hits=F("hits") + searches)
