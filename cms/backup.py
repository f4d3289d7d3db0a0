"""Export the whole content to one archive and restore it into an empty database.

The archive holds ``content.json`` (Django's serialisation, with natural keys for
content types, users, groups and permissions so it loads into any database) and the
original image and document files under ``media/``. Logs, sessions, search index rows,
renditions and workflow history are left out; they are rebuilt or not needed.
"""

import io
import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import transaction

from wagtail.models import Page, Revision, Site

SKIPPED_APPS = {"admin", "axes", "contenttypes", "sessions", "wagtailadmin", "wagtailsearch"}
SKIPPED_MODELS = {
    "auth.permission",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.revision",
    "wagtailcore.taskstate",
    "wagtailcore.uploadedfile",
    "wagtailcore.workflowstate",
    "wagtailimages.rendition",
    "wagtail_localize.translationlog",
    "wagtailusers.userprofile",
    "cms.revisionprovenance",
    "cms.sourcesnapshot",
}
FORMAT_VERSION = 1
PORTABLE_KEYS = (ContentType, Permission)


class Serializer(JSONSerializer):
    """Natural keys only for rows whose ids differ between databases.

    Content types and permissions are created by migrations with ids of their own; every
    other row keeps its primary key, so page references stay exact and load in any order.
    """

    def handle_fk_field(self, obj, field):
        natural = self.use_natural_foreign_keys
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, PORTABLE_KEYS)
        try:
            super().handle_fk_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural

    def handle_m2m_field(self, obj, field):
        natural = self.use_natural_foreign_keys
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, PORTABLE_KEYS)
        try:
            super().handle_m2m_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural


def exported_models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in SKIPPED_APPS or label in SKIPPED_MODELS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def _objects():
    for model in exported_models():
        yield from model._base_manager.order_by("pk").iterator()
    revision_ids = set(Page.objects.values_list("latest_revision_id", flat=True))
    revision_ids |= set(Page.objects.values_list("live_revision_id", flat=True))
    revision_ids -= {None}
    yield from Revision.objects.filter(pk__in=revision_ids).order_by("pk")
    yield from _provenance(revision_ids)


def _provenance(revision_ids):
    """What the kept revisions render and who approved them; links to dropped ones cleared."""
    from .models import RevisionProvenance, SourceSnapshot

    for row in RevisionProvenance.objects.filter(revision_id__in=revision_ids).order_by("pk"):
        if row.source_revision_id not in revision_ids:
            row.source_revision_id = None
        yield row
    for row in SourceSnapshot.objects.order_by("pk"):
        if row.revision_id not in revision_ids:
            row.revision_id = None
        yield row


def _media_files():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    for model in (get_image_model(), get_document_model()):
        for item in model.objects.all():
            if item.file and item.file.storage.exists(item.file.name):
                yield item.file


def export_content(target):
    """Write the archive to ``target`` (a path or binary file); returns object counts."""
    data = Serializer().serialize(_objects(), use_natural_foreign_keys=True)
    counts = {}
    for item in json.loads(data):
        counts[item["model"]] = counts.get(item["model"], 0) + 1
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.json", data)
        archive.writestr(
            "manifest.json", json.dumps({"format": FORMAT_VERSION, "counts": counts}, indent=1)
        )
        for file in _media_files():
            with file.open("rb") as handle:
                archive.writestr(f"media/{file.name}", handle.read())
    return counts


class RestoreError(ValueError):
    pass


def _clear_migration_defaults():
    """Remove what migrations create and the archive brings back with its own ids.

    Wagtail's migrations create a welcome page, a default site, groups with permissions
    and a default workflow; their ids need not match the exported ones.
    """
    from django.contrib.auth.models import Group

    from wagtail.models import (
        GroupCollectionPermission,
        GroupPagePermission,
        Task,
        Workflow,
    )

    Site.objects.all().delete()
    for page in Page.objects.filter(depth=2):
        page.delete()
    GroupCollectionPermission.objects.all().delete()
    GroupPagePermission.objects.all().delete()
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    Group.objects.all().delete()


def import_content(source):
    """Replace all pages and content with the archive's, in one transaction."""
    try:
        archive = zipfile.ZipFile(source)
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("content.json")
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise RestoreError(f"Not a content archive: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise RestoreError(f"Unsupported archive format {manifest.get('format')!r}")
    with transaction.atomic():
        _clear_migration_defaults()
        fixture = Path(settings.MEDIA_ROOT).parent / ".restore-content.json"
        try:
            fixture.write_bytes(data)
            call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    for name in archive.namelist():
        if name.startswith("media/") and not name.endswith("/"):
            relative = Path(name).relative_to("media")
            if ".." in relative.parts:
                raise RestoreError(f"Refusing unsafe path {name}")
            destination = media_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(name))
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)
    return manifest["counts"]


def content_tree():
    """A comparable description of the content: the page tree and translation records."""
    from wagtail_localize.models import StringTranslation, Translation

    pages = [
        {
            "path": page.path,
            "type": page.specific_class._meta.label_lower,
            "locale": page.locale.language_code,
            "title": page.title,
            "slug": page.slug,
            "translation_key": str(page.translation_key),
            "live": page.live,
            "draft_title": page.draft_title,
        }
        for page in Page.objects.select_related("locale").order_by("path")
    ]
    return {
        "pages": pages,
        "translations": sorted(
            [str(t.source.object_id), t.target_locale.language_code]
            for t in Translation.objects.select_related("source", "target_locale")
        ),
        "string_translations": StringTranslation.objects.count(),
        "latest_titles": sorted(
            page.get_latest_revision_as_object().title for page in Page.objects.filter(depth__gte=2)
        ),
    }


def archive_bytes():
    buffer = io.BytesIO()
    export_content(buffer)
    return buffer.getvalue()
