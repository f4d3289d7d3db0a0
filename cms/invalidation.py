"""What a change to a page refreshes: the cached answers that show it, and nothing else.

A published, unpublished, moved or deleted page affects (as ``cms.cache_tags`` tags):

* the page in every language (one ``translation_key``);
* pages that point at it and pages it points at (Wagtail's reference index, both ways:
  a therapy that links to a topic shows the topic's title; a topic lists the
  specialists that point at it);
* ``search``: any change can change what a query finds;
* when what a listing shows of it changed (it appeared or went away, or its title,
  slug or menu flag changed): its parent's listing, API lists and the finder, and the
  menus when the page is a home or section page or a menu links to it.

Answers that merely loaded the page (a listing, a linked card) are tagged with it
anyway; the reference index adds the answers that must show it *now* but did not load
it before (a topic that gains a specialist). If computing the set fails, everything
is refreshed (``page_cache.bump_version``) and the failure is logged.

The same set of pages, in every language and with their API v3 details, is purged
from a configured CDN (``WAGTAILFRONTENDCACHE``) after the commit.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from . import cache_tags
from .page_cache import bump_version

logger = logging.getLogger(__name__)

# What a listing, a menu or a finder card shows of a page besides its loaded content.
LISTING_FIELDS = ("title", "slug", "live", "show_in_menus", "url_path")
MENU_DEPTH = 3  # home pages (2) and their sections (3) are in every page's chrome


def remember_listing_state(sender, instance, update_fields=None, **kwargs):
    """Before a page is saved: note whether what listings show of it changes."""
    if update_fields is not None and not set(update_fields) & set(LISTING_FIELDS):
        return
    if instance.pk is None:
        instance._listing_changed = True
        return
    before = Page.objects.filter(pk=instance.pk).values(*LISTING_FIELDS).first()
    changed = before is None or any(
        before[name] != getattr(instance, name) for name in LISTING_FIELDS
    )
    instance._listing_changed = getattr(instance, "_listing_changed", False) or changed


def affected_tags(page, *, listing_changed):
    """The tags of every cached answer that shows ``page`` or must start or stop showing it."""
    page_type = ContentType.objects.get_for_model(Page)
    translations = list(
        Page.objects.filter(translation_key=page.translation_key).values_list("pk", "path")
    )
    ids = [str(pk) for pk, _path in translations]
    # Pages it points at may list it through a reverse relation (a topic lists the
    # specialists that name it): a new relation must show up there.
    outgoing = ReferenceIndex.objects.filter(
        base_content_type=page_type, object_id__in=ids, to_content_type=page_type
    )
    related = set(outgoing.values_list("to_object_id", flat=True))
    # Pages that point at it loaded it if they show it (``page:``); a page that appears
    # or goes away must appear or go away in them too, and in its parent's listing.
    menu = False
    tags = {cache_tags.SEARCH, cache_tags.page_tag(page.translation_key)}
    if listing_changed:
        incoming = ReferenceIndex.objects.filter(to_content_type=page_type, to_object_id__in=ids)
        for base_type, object_id in incoming.values_list("base_content_type_id", "object_id"):
            if base_type == page_type.pk:
                related.add(object_id)
            else:
                menu = True  # a snippet (menu, footer) points at it
        tags |= {cache_tags.LIST, cache_tags.FINDER}
        if menu or any(len(path) // Page.steplen <= MENU_DEPTH for _pk, path in translations):
            tags.add(cache_tags.MENU)
    keys = {page.translation_key}
    pages = Page.objects.filter(pk__in=[int(pk) for pk in related if pk.isdigit()])
    if listing_changed:
        parents = {path[: -Page.steplen] for _pk, path in translations}
        pages = pages | Page.objects.filter(path__in=parents)
    keys.update(pages.values_list("translation_key", flat=True))
    return tags | {cache_tags.answer_tag(key) for key in keys}


def refresh(page, *, listing_changed, hard):
    """Bump the tags ``page`` affects; on any failure, everything (and log why)."""
    try:
        with transaction.atomic():
            tags = affected_tags(page, listing_changed=listing_changed)
            cache_tags.bump(tags, hard=hard)
    except Exception:
        logger.exception("Targeted cache invalidation failed for page %s; refreshing all", page.pk)
        bump_version()
        return
    _purge_after_commit(tags)


def page_published(sender, instance, **kwargs):
    listing_changed = getattr(instance, "_listing_changed", True)
    instance._listing_changed = False
    refresh(instance, listing_changed=listing_changed, hard=False)


def page_unpublished(sender, instance, **kwargs):
    """Hard: no worker may serve the page, or a listing showing it, once this commits."""
    instance._listing_changed = False
    refresh(instance, listing_changed=True, hard=True)


def page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """A leaf: its old and new parents and itself. A section, or a page with a view
    restriction: everything (every URL below it changed; the restricted paths search
    excludes, ``cms.visibility.restricted_paths``, are remembered per content version)."""
    if (
        instance.get_children_count()
        or PageViewRestriction.objects.filter(page_id=instance.pk).exists()
    ):
        bump_version()
        return
    refresh(instance, listing_changed=True, hard=True)
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            cache_tags.bump({cache_tags.answer_tag(parent.translation_key)}, hard=True)


def page_deleted(sender, instance, **kwargs):
    """Before the row goes (its references are removed with it)."""
    if getattr(instance, "live", False):
        refresh(instance, listing_changed=True, hard=True)


# CDN -----------------------------------------------------------------------------------


def purge_urls(tags):
    """Public URLs of the pages behind ``tags``: every language, HTML and API v3 detail.

    Live or not: an unpublished or private page is exactly what a CDN must forget
    (purging a URL that now answers 404 is harmless).
    """
    from .public_urls import page_public_url

    keys = {tag.split(":", 1)[1] for tag in tags if tag.startswith(("page:", "at:"))}
    urls = set()
    for page in Page.objects.filter(translation_key__in=keys).specific():
        url = page_public_url(page)
        if url:
            urls.add(url)
            base = url.split("/", 3)
            urls.add(f"{base[0]}//{base[2]}/api/v3/pages/{page.pk}/")
    return sorted(urls)


def _purge_after_commit(tags):
    """Purge once the change is committed; the URLs are read now, while a deleted page's
    rows still exist."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        urls = purge_urls(tags)
    except Exception:
        logger.exception("CDN purge failed; pages stay cached there until their TTL")
        return

    def purge():
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        try:
            purge_urls_from_cache(urls)
        except Exception:
            logger.exception("CDN purge failed; pages stay cached there until their TTL")

    transaction.on_commit(purge)
