"""Dependency tags: what a cached answer shows, so a change refreshes only those answers.

Every cached answer (``cms.page_cache``) records the tags it depends on while it is
rendered: ``page:<translation_key>`` for every page loaded to build it (the page
itself, listing items, related and linked pages, in any language), ``at:<key>`` for
the page the answer is about (its HTML page or API detail, in any language), and a few
named tags for answers that show a whole family of pages: ``menu`` (site chrome),
``finder``, ``search`` and ``list`` (API lists). A change bumps only the tags it
affects (``cms.invalidation`` decides which): ``page:`` refreshes everything that shows
a page, ``at:`` only a page's own answers (a listing that gains a child, a topic that
gains a specialist), without refreshing every page that shows that listing or topic.

Why tags are collected from loaded pages instead of declared per view: every output
(templates, API, JSON-LD, menus, finder cards) loads the pages it shows, so a new
output cannot forget to declare one.

Versions live in the database (``cms.models.CacheTag``), never only in the cache, so a
cache that was unreachable during an unpublish cannot bring the page back. A bump takes
the next value of one sequence row; an answer remembers the sequence value read before
it was rendered and is fresh while none of its tags has a newer version. The sequence
row is locked by the bumping transaction until it commits, so a render that started
before the commit reads the older value and is refreshed afterwards. Each process
rereads a tag's version at most every ``PAGE_CACHE_VERSION_TTL`` seconds (as it does
the global ``ContentVersion``), so after a change no worker serves an answer that shows
it for longer than that.
"""

import functools
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_init

SEQUENCE = "*"
MENU, FINDER, SEARCH, LIST = "menu", "finder", "search", "list"

_collector = ContextVar("cms_cache_tags", default=None)
_known = {}  # tag -> (version, hard_version, checked at)


def page_tag(translation_key):
    """Answers that show the page (any language)."""
    return f"page:{translation_key}"


def answer_tag(translation_key):
    """The page's own answers (its HTML page and API detail, any language)."""
    return f"at:{translation_key}"


def about(page):
    """The answer being rendered is ``page``'s own page or API detail."""
    depends_on(answer_tag(page.translation_key), page_tag(page.translation_key))


class collecting:  # noqa: N801 - used as a context manager, like a function
    """Record the tags of everything shown while the block runs (``.tags``)."""

    def __enter__(self):
        self.tags = set()
        self._token = _collector.set(self.tags)
        return self

    def __exit__(self, *exc):
        _collector.reset(self._token)
        return False


def collecting_now():
    """Whether an answer that will be stored is being rendered."""
    return _collector.get() is not None


def depends_on(*tags):
    """The answer being rendered shows ``tags`` (no-op outside ``collecting``)."""
    collected = _collector.get()
    if collected is not None:
        collected.update(tags)


class shown_as:  # noqa: N801 - used as a context manager and decorator, like a function
    """Pages loaded inside count as ``tag`` only (the site chrome loads every home and
    section page on every page; those answers depend on ``menu``, not on each page)."""

    def __init__(self, tag):
        self.tag = tag

    def __enter__(self):
        depends_on(self.tag)
        self._token = _collector.set(None)

    def __exit__(self, *exc):
        _collector.reset(self._token)
        return False

    def __call__(self, function):
        # A fresh instance per call: the decorating instance is shared by every thread
        # of a worker, and a token kept on it would be reset by another request.
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with shown_as(self.tag):
                return function(*args, **kwargs)

        return wrapper


def _page_loaded(sender, instance, **kwargs):
    collected = _collector.get()
    if collected is not None:
        key = instance.__dict__.get("translation_key")
        if key is not None:
            collected.add(page_tag(key))


def connect():
    """Every page instance created while an answer renders tags that answer."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        post_init.connect(
            _page_loaded, sender=model, dispatch_uid=f"cache-tags-{model._meta.label}"
        )


def _ttl():
    return getattr(settings, "PAGE_CACHE_VERSION_TTL", 1.0)


def sequence():
    """The sequence value now, from the database: read before an answer is rendered."""
    from .models import CacheTag

    return CacheTag.objects.filter(tag=SEQUENCE).values_list("version", flat=True).first() or 0


def versions(tags, *, fresh=False):
    """``{tag: (version, hard_version)}``; rereads tags not checked for the TTL (all of them
    when ``fresh``), in one query."""
    from .models import CacheTag

    now = time.monotonic()
    stale = [tag for tag in tags if fresh or tag not in _known or now - _known[tag][2] > _ttl()]
    if stale:
        found = {
            tag: (version, hard)
            for tag, version, hard in CacheTag.objects.filter(tag__in=stale).values_list(
                "tag", "version", "hard_version"
            )
        }
        for tag in stale:
            _known[tag] = (*found.get(tag, (0, 0)), now)
    return {tag: _known[tag][:2] for tag in tags}


def freshness(tags, rendered_at):
    """``"fresh"``, ``"soft"`` (changed, may be served stale briefly) or ``"hard"``."""
    state = "fresh"
    for version, hard in versions(tags).values():
        if hard > rendered_at:
            return "hard"
        if version > rendered_at:
            state = "soft"
    return state


def forget():
    """Drop the remembered versions so the next check reads the database."""
    _known.clear()


def _bump_now(tags, hard):
    from .models import CacheTag

    tags = set(tags)
    with transaction.atomic():
        # Locks the sequence row until commit: bumps are serialized, and a render that
        # reads the sequence meanwhile gets the older value.
        if not CacheTag.objects.filter(tag=SEQUENCE).update(version=F("version") + 1):
            CacheTag.objects.get_or_create(tag=SEQUENCE, defaults={"version": 1})
        value = sequence()
        existing = set(CacheTag.objects.filter(tag__in=tags).values_list("tag", flat=True))
        CacheTag.objects.filter(tag__in=existing).update(
            version=value, hard_version=value if hard else F("hard_version")
        )
        CacheTag.objects.bulk_create(
            [
                CacheTag(tag=tag, version=value, hard_version=value if hard else 0)
                for tag in sorted(tags - existing)
            ]
        )
    now = time.monotonic()
    for tag in tags:
        previous_hard = _known.get(tag, (0, 0, 0))[1]
        _known[tag] = (value, value if hard else previous_hard, now)


def bump(tags, *, hard=False):
    """Refresh every answer that depends on ``tags``; ``hard``: never serve them stale.

    Called inside the transaction that changes the content, so the new versions become
    visible with the content: a render that read the sequence before the commit is
    refreshed, one that read it after sees the new content.
    """
    tags = frozenset(tags)
    if tags:
        _bump_now(tags, hard)
