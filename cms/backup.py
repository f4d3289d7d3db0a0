"""Export the whole content to one archive and restore it into an empty database.

The archive holds ``content.json`` (Django's serialisation, with natural keys for
content types, users, groups and permissions so it loads into any database) and the
original image and document files under ``media/``. Logs, sessions, search index rows,
renditions and workflow history are left out; they are rebuilt or not needed.

A restore is two-phase: the whole archive is validated first without writing anything
(its zip directory by ``cms.archives``, the manifest, the shape of every row, every media
file read to its end), and only then applied; a refusal at any point leaves the database
and the media folder as they were.
"""

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, transaction

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from . import integrity
from .archives import ArchiveError, Limits, SafeArchive

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
KEPT_HISTORY = {"wagtailcore.revision", "cms.revisionprovenance", "cms.sourcesnapshot"}
ARCHIVE_FILES = {"content.json", "manifest.json"}
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
    """An archive refused before anything was restored; the message is for the operator."""


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


@dataclass
class RestorePlan:
    """What validation found in an archive: the rows to load and the media to write."""

    archive: SafeArchive
    data: bytes
    counts: dict
    media: dict  # member name -> path relative to MEDIA_ROOT


def _is_archive_file(name):
    return name in ARCHIVE_FILES or name.startswith("media/")


def _read_json(archive, name):
    if name not in archive.infos:
        raise RestoreError(f"Not a content archive: {name} is missing")
    data = archive.read(name)
    try:
        return data, json.loads(data)
    except ValueError as error:
        raise RestoreError(f"Not a content archive: {name} is not JSON ({error})") from error


def _check_manifest(manifest):
    found = manifest.get("format") if isinstance(manifest, dict) else manifest
    if type(found) is not int or found != FORMAT_VERSION:
        raise RestoreError(f"Unsupported archive format {found!r}")
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or not all(
        isinstance(count, int) and not isinstance(count, bool) for count in counts.values()
    ):
        raise RestoreError("The manifest's counts are not a table of numbers")
    return counts


def _check_rows(rows, counts):
    """Every row is a row of a model the export writes, and the manifest counted them all."""
    if not isinstance(rows, list):
        raise RestoreError("content.json is not a list of database rows")
    allowed = {model._meta.label_lower for model in exported_models()} | KEPT_HISTORY
    found = Counter()
    for index, row in enumerate(rows):
        if not (
            isinstance(row, dict)
            and isinstance(row.get("fields"), dict)
            and "pk" in row
            and row.get("model") in allowed
        ):
            raise RestoreError(f"content.json row {index} is not a row of a restorable model")
        found[row["model"]] += 1
    if dict(found) != counts:
        raise RestoreError("content.json does not hold the rows its manifest counts")


def _check_deserializes(data):
    """Field names, values and references to content types and permissions all load here."""
    try:
        for _row in serializers.deserialize("json", data, ignorenonexistent=False):
            pass
    except (DeserializationError, LookupError, TypeError, ValueError) as error:
        raise RestoreError(f"content.json does not fit this database: {error}") from error


def _media_plan(archive, rows):
    """Media members mapped to their place in MEDIA_ROOT: only files the rows refer to."""
    file_models = {get_image_model()._meta.label_lower, get_document_model()._meta.label_lower}
    referenced = {row["fields"].get("file") for row in rows if row["model"] in file_models}
    media_root = Path(settings.MEDIA_ROOT).resolve()
    plan = {}
    for name in archive.names:
        if not name.startswith("media/"):
            continue
        relative = name.removeprefix("media/")
        if relative not in referenced:
            raise RestoreError(f"Refusing {name}: no image or document refers to it")
        if not (media_root / relative).resolve().is_relative_to(media_root):
            raise RestoreError(f"Refusing unsafe path {name}")
        for _chunk in archive.chunks(name):
            pass  # read to the end: real sizes and checksums, before anything is written
        plan[name] = relative
    return plan


def validate_archive(source):
    """Phase one of a restore: check everything and write nothing."""
    try:
        archive = SafeArchive(
            source, Limits.from_setting(settings.CMS_RESTORE_ARCHIVE_LIMITS), _is_archive_file
        )
        _manifest_bytes, manifest = _read_json(archive, "manifest.json")
        counts = _check_manifest(manifest)
        data, rows = _read_json(archive, "content.json")
        _check_rows(rows, counts)
        _check_deserializes(data)
        media = _media_plan(archive, rows)
    except ArchiveError as error:
        raise RestoreError(f"Not a content archive: {error}") from error
    return RestorePlan(archive=archive, data=data, counts=counts, media=media)


def _stage_media(plan, staging):
    for name, relative in plan.media.items():
        staged = staging / relative
        staged.parent.mkdir(parents=True, exist_ok=True)
        with staged.open("wb") as handle:
            for chunk in plan.archive.chunks(name):
                handle.write(chunk)


def _move_into_place(plan, staging, media_root):
    for relative in plan.media.values():
        destination = media_root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / relative, destination)


def apply_plan(plan):
    """Phase two: media staged in a hidden folder of MEDIA_ROOT (same disk: moving it is a
    rename), rows loaded in one transaction, staged files moved once that has committed."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    try:
        _stage_media(plan, staging)
        with tempfile.TemporaryDirectory() as folder, transaction.atomic():
            fixture = Path(folder) / "content.json"
            fixture.write_bytes(plan.data)
            _clear_migration_defaults()
            call_command("loaddata", str(fixture), verbosity=0)
            _record_restore(plan)
        _move_into_place(plan, staging, media_root)
    except ArchiveError as error:
        raise RestoreError(f"Not a content archive: {error}") from error
    except DatabaseError as error:
        raise RestoreError(f"content.json could not be loaded, nothing changed: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)
    return plan.counts


RESTORE_ACTION = "cms.restore"


def _record_restore(plan):
    """The restore in the site history (on the tree's root), committed with the rows."""
    from wagtail.log_actions import log

    log(instance=Page.get_first_root_node(), action=RESTORE_ACTION, data={"counts": plan.counts})


def import_content(source):
    """Replace all pages and content with the archive's, or refuse and change nothing.

    A restore is an operator's command (a shell, never a request): it writes pages live
    as the archive holds them, as raw rows that pass none of the integrity gate's
    transition checks, so it runs as ``integrity.administration("restore")``; outside
    such a block the gate refuses raw writes of live pages.
    """
    with integrity.administration("restore"):
        return apply_plan(validate_archive(source))


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
