"""Translation files in and out: PO per page, PO archives per locale, XLIFF 1.2.

Every import validates the whole file first and changes nothing unless all of it is
usable: a malformed file, a file for another page or language, or one made from an
older version of the source raises ``ExchangeError`` with a message for the translator.
"""

import io
import zipfile

import polib
from translate.storage import xliff

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from . import integrity
from .archives import ArchiveError, Limits, SafeArchive
from .i18n import translated_from
from .translation_status import Status, statuses_for

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
TRANSLATION_ID = "X-WagtailLocalize-TranslationID"


class ExchangeError(ValueError):
    """A translation file that cannot be imported; the message is shown to the user."""


class Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF_12


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (what agencies' CAT tools expect)."""

    UnitClass = Xliff12Unit
    namespace = XLIFF_12
    XMLskeleton = xliff.xlifffile.XMLskeleton.replace("1.1", "1.2")


def start_translation(source_page, locale):
    """The wagtail-localize ``Translation`` of ``source_page`` into ``locale``, synced.

    Syncing records a new snapshot of the live source (``cms.integrity`` refuses drafts),
    so only POSTs call this; exports of what was synced read ``translation_for``.
    The tree's root is no page anyone reads and has no parent to translate under.
    """
    if source_page.is_root():
        raise ExchangeError(_("The root of the page tree cannot be translated."))
    base = translated_from(locale.language_code)
    if base is not None and source_page.locale.language_code != base:
        # Leichte Sprache is written from the German page, whichever page was picked.
        source_page = integrity.page_in(source_page, base)
        if source_page is None or not source_page.live:
            raise ExchangeError(
                _("Translate this page into %(language)s first.")
                % {"language": Locale.objects.get(language_code=base).get_display_name()}
            )
    source, created = TranslationSource.get_or_create_from_instance(source_page.specific)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    return translation


def po_bytes(translation):
    return str(translation.export_po()).encode("utf-8")


def _parse_po(content):
    if not isinstance(content, bytes | str):
        raise ExchangeError(_("The file could not be read."))
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        if "\n" not in text:
            # polib.pofile() opens a file when handed a path: only ever give it content.
            raise ValueError(_("it is a single line"))
        po = polib.pofile(text)
    except (UnicodeDecodeError, OSError, ValueError) as error:
        raise ExchangeError(
            _("This is not a valid PO file: %(error)s") % {"error": error}
        ) from error
    if not text.strip() or (len(po) == 0 and not po.metadata):
        raise ExchangeError(_("This is not a valid PO file: it contains no translations."))
    return po


def _check_matches(translation, entries, translation_id):
    """Refuse files for another translation, or made from an older source version."""
    if translation_id and translation_id != str(translation.uuid):
        raise ExchangeError(_("This file belongs to a different page or language."))
    segments = {
        (segment.context.path, segment.string.data)
        for segment in StringSegment.objects.filter(source=translation.source).select_related(
            "context", "string"
        )
    }
    stale = [entry for entry in entries if (entry.msgctxt, entry.msgid) not in segments]
    if stale:
        raise ExchangeError(
            _(
                "This file was made from an older version of the page (%(count)s strings no "
                "longer exist). Download the current file and translate that."
            )
            % {"count": len(stale)}
        )


def _apply(translation, po, user):
    from .workflows import save_translation_draft

    translation.import_po(po, user=user, tool_name="file upload")
    save_translation_draft(translation, user)


def import_po(translation, content, user=None):
    """Import a PO file for ``translation`` and save the translated page as a draft."""
    po = _parse_po(content)
    live_entries = [entry for entry in po if not entry.obsolete]
    _check_matches(translation, live_entries, po.metadata.get(TRANSLATION_ID))
    with transaction.atomic():
        _apply(translation, po, user)
    return len([e for e in live_entries if e.msgstr])


def export_xliff(translation):
    store = Xliff12File(
        sourcelanguage=translation.source.locale.language_code,
        targetlanguage=translation.target_locale.language_code,
    )
    store.setfilename(store.getfilenode("NoName"), str(translation.uuid))
    for entry in translation.export_po():
        if entry.obsolete:
            continue
        unit = store.addsourceunit(entry.msgid, filename=str(translation.uuid))
        unit.setid(entry.msgctxt)
        if entry.msgstr:
            unit.target = entry.msgstr
    return bytes(store)


def import_xliff(translation, content, user=None):
    """Import an XLIFF 1.2 file (as exported above) and save a draft."""
    try:
        store = xliff.xlifffile.parsestring(content)
    except Exception as error:  # translate-toolkit raises lxml and ValueError subclasses
        raise ExchangeError(_("This is not a valid XLIFF file.")) from error
    files = store.getfilenames()
    po = polib.POFile()
    po.metadata = {TRANSLATION_ID: files[0] if files else ""}
    for unit in store.getunits():
        if unit.isheader():
            continue
        po.append(
            polib.POEntry(
                msgctxt=unit.getid().split("\x04", 1)[-1],
                msgid=unit.source or "",
                msgstr=unit.target or "",
            )
        )
    if not len(po):
        raise ExchangeError(_("This XLIFF file contains no translation units."))
    _check_matches(translation, list(po), po.metadata[TRANSLATION_ID])
    with transaction.atomic():
        _apply(translation, po, user)
    return len([e for e in po if e.msgstr])


def pages_needing_translation(source_locale, locale, statuses=(Status.MISSING, Status.OUTDATED)):
    """Source pages whose ``locale`` version is missing or outdated.

    Leichte Sprache covers the pages its editors choose, one at a time: only its
    outdated pages count, and only once their German page is current again (until then
    a new sync would bring the same German text).
    """
    pages = list(
        Page.objects.filter(locale=source_locale, depth__gte=2, live=True).order_by("path")
    )
    base = translated_from(locale.language_code)
    if base == source_locale.language_code:
        table = statuses_for(pages, [locale])
        return [page for page in pages if table[page.pk][locale.language_code].status in statuses]
    base_locale = Locale.objects.get(language_code=base)
    table = statuses_for(pages, [locale, base_locale])
    return [
        page
        for page in pages
        if table[page.pk][locale.language_code].status == Status.OUTDATED
        and table[page.pk][base].status == Status.UP_TO_DATE
    ]


def export_archive(source_locale, locale, pages=None):
    """A zip of PO files, one per page that is missing or outdated in ``locale``."""
    if pages is None:
        pages = pages_needing_translation(source_locale, locale)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in pages:
            translation = start_translation(page, locale)
            name = f"{locale.language_code}/{page.pk}-{page.slug}.po"
            archive.writestr(name, po_bytes(translation))
    return buffer.getvalue(), len(pages)


def _is_po_file(name):
    return name.endswith(".po")


def import_archive(locale, content, user=None):
    """Import every PO file of an archive for ``locale``: all of them, or none.

    The archive is checked as a whole (``cms.archives``) before any member is read.
    """
    try:
        archive = SafeArchive(
            io.BytesIO(content),
            Limits.from_setting(settings.CMS_TRANSLATION_ARCHIVE_LIMITS),
            expected=_is_po_file,
        )
    except ArchiveError as error:
        raise ExchangeError(str(error)) from error
    if not archive.names:
        raise ExchangeError(_("The archive contains no PO files."))
    planned = []
    for name in archive.names:
        try:
            po = _parse_po(archive.read(name))
        except (ArchiveError, ExchangeError) as error:
            raise ExchangeError(f"{name}: {error}") from error
        translation = Translation.objects.filter(
            uuid=po.metadata.get(TRANSLATION_ID) or None, target_locale=locale
        ).first()
        if translation is None:
            raise ExchangeError(
                f"{name}: " + _("This file belongs to a different page or language.")
            )
        try:
            _check_matches(translation, [e for e in po if not e.obsolete], None)
        except ExchangeError as error:
            raise ExchangeError(f"{name}: {error}") from error
        planned.append((translation, po))
    with transaction.atomic():
        for translation, po in planned:
            _apply(translation, po, user)
    return len(planned)
