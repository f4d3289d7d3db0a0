"""The UI catalogues are complete and their compiled files match the sources."""

from pathlib import Path

import polib
import pytest

from django.conf import settings

LANGUAGES = ["de", "fr", "it"]


def _catalogue(language, suffix):
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{suffix}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ui_string_is_translated(language):
    po = polib.pofile(str(_catalogue(language, "po")))

    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po) > 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = polib.pofile(str(_catalogue(language, "po")))
    mo = polib.mofile(str(_catalogue(language, "mo")))

    compiled = {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in mo if e.msgid}
    source = {
        (e.msgid, e.msgstr or str(e.msgstr_plural)) for e in po.translated_entries() if e.msgid
    }
    assert compiled == source
