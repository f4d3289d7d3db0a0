"""What invalidates the page cache: any change a visitor could see."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from .page_cache import bump_version

PAGE_EVENTS = (page_published, page_unpublished, post_page_move)


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
    from wagtail.models import Page

    name = model._meta.model_name
    return issubclass(model, Page) or "log" in name or name in {"revision", "contentversion"}


def _content_saved(sender, instance, created=False, **kwargs):
    """Bump on edits; a settings row created with its defaults on first read changes nothing."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    if created and issubclass(sender, BaseGenericSetting | BaseSiteSetting):
        return
    bump_version()


def _page_deleted(sender, instance, **kwargs):
    if getattr(instance, "live", False):
        bump_version()


def connect():
    from wagtail.models import Page

    for signal in PAGE_EVENTS:
        signal.connect(bump_version, dispatch_uid=f"page-cache-{id(signal)}")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="page-cache-page-delete")
    for model in _content_models():
        label = model._meta.label
        post_save.connect(_content_saved, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"page-cache-del-{label}")
