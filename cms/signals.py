"""What invalidates the page cache, and where page events are announced.

Page events refresh only the answers that show the page (``cms.invalidation``);
snippets, settings, media and sites, which are saved directly and shown anywhere,
refresh everything. The same Wagtail signals, and the gate's "source text changed",
become ``cms.page_events.page_event`` for the layers above (webhooks).
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache_tags, integrity, invalidation, page_events
from .page_cache import bump_version


def _content_models():
    """Snippets, settings, media and sites: saved directly, not through publishing."""
    labels = set(getattr(settings, "PAGE_CACHE_CONTENT_APPS", []))
    ignored = set(getattr(settings, "PAGE_CACHE_IGNORED_MODELS", []))
    for model in apps.get_models():
        if model._meta.label in ignored:
            continue
        if model._meta.app_label in labels and not _is_page_or_log(model):
            yield model


def _is_page_or_log(model):
    """Pages and their inline children (published with the page: a page event covers
    them), logs and revisions."""
    from modelcluster.fields import ParentalKey
    from wagtail.models import Page

    name = model._meta.model_name
    if issubclass(model, Page) or "log" in name or name in {"revision", "contentversion"}:
        return True
    return any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        for field in model._meta.get_fields()
    )


def _content_saved(sender, instance, created=False, **kwargs):
    """Bump on edits; a settings row created with its defaults on first read changes nothing."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    if created and issubclass(sender, BaseGenericSetting | BaseSiteSetting):
        return
    bump_version()


def connect():
    from wagtail.models import Page, get_page_models

    page_published.connect(invalidation.page_published, dispatch_uid="page-cache-published")
    page_unpublished.connect(invalidation.page_unpublished, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(invalidation.page_moved, dispatch_uid="page-cache-moved")
    pre_delete.connect(invalidation.page_deleted, sender=Page, dispatch_uid="page-cache-delete")
    for model in get_page_models():
        pre_save.connect(
            invalidation.remember_listing_state,
            sender=model,
            dispatch_uid=f"page-cache-listing-{model._meta.label}",
        )
    cache_tags.connect()
    page_published.connect(page_events.page_published, dispatch_uid="page-events-published")
    page_unpublished.connect(page_events.page_unpublished, dispatch_uid="page-events-unpublished")
    pre_delete.connect(page_events.page_deleted, sender=Page, dispatch_uid="page-events-delete")
    integrity.source_text_changed.connect(
        page_events.source_text_changed, dispatch_uid="page-events-outdated"
    )
    for model in _content_models():
        label = model._meta.label
        post_save.connect(_content_saved, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"page-cache-del-{label}")
