"""One version number for every cached piece of site chrome.

The meta menu, the language links and the main navigation are cached as template
fragments whose keys include this version. Saving or deleting a menu, and publishing,
unpublishing, moving or deleting a page (which changes which translations are live),
replaces the version once the transaction commits, so no stale fragment is served.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

VERSION_KEY = "site-chrome:version"
FRAGMENT_TIMEOUT = 24 * 60 * 60


def chrome_version():
    return cache.get_or_set(VERSION_KEY, _new_version, None)


def _new_version():
    return uuid.uuid4().hex[:12]


def invalidate_chrome(**kwargs):
    transaction.on_commit(lambda: cache.set(VERSION_KEY, _new_version(), None))


def _on_menu_saved(sender, instance, **kwargs):
    from .menus import MetaMenu, MetaMenuItem

    if isinstance(instance, MetaMenu | MetaMenuItem):
        invalidate_chrome()


def _on_deleted(sender, instance, **kwargs):
    from .menus import MetaMenu, MetaMenuItem

    if isinstance(instance, Page | MetaMenu | MetaMenuItem):
        invalidate_chrome()


def connect():
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(invalidate_chrome, dispatch_uid=f"chrome-{id(signal)}")
    post_save.connect(_on_menu_saved, dispatch_uid="chrome-post-save")
    post_delete.connect(_on_deleted, dispatch_uid="chrome-post-delete")
