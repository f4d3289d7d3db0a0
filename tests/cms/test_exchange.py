"""Translation files: PO per page and per locale, XLIFF 1.2; bad files change nothing."""

import io
import shutil
import subprocess
import zipfile

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cms.exchange import ExchangeError, export_xliff, import_archive, start_translation
from cms.translation_status import Status, page_translation_statuses
from topics.models import TherapyPage

from .archive_bombs import SAFE_PART, UNSAFE_NAMES, patched, zeros_bomb, zip_of


@pytest.fixture
def translator(client):
    """The German translator, with the admin in English: these tests read its messages."""
    user = get_user_model().objects.get(username="translator_de")
    UserProfile.objects.filter(user=user).update(preferred_language="en")
    client.force_login(user)
    return client


@pytest.fixture
def hifu():
    english = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    german = english.get_translation(Locale.objects.get(language_code="de")).specific
    return english, german


def upload(client, url, name, content, capture):
    with capture(execute=True):
        return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def german_po(english):
    translation = start_translation(english, Locale.objects.get(language_code="de"))
    return translation, translation.export_po()


@pytest.mark.django_db
def test_po_upload_updates_the_translation_as_a_draft(
    translator, hifu, django_capture_on_commit_callbacks
):
    english, german = hifu
    translation, po = german_po(english)
    for entry in po:
        if entry.msgid == english.summary:
            entry.msgstr = "Fokussierter Ultraschall erhitzt Tumorzellen von außen."

    response = upload(
        translator,
        reverse("cms_page_po", args=[german.pk]),
        "hifu.po",
        str(po).encode(),
        django_capture_on_commit_callbacks,
    )

    assert any("imported" in m for m in messages_of(response)), messages_of(response)
    draft = Page.objects.get(pk=german.pk).get_latest_revision_as_object()
    assert draft.summary == "Fokussierter Ultraschall erhitzt Tumorzellen von außen."
    assert TherapyPage.objects.get(pk=german.pk).summary == german.summary


BAD_PO = [
    ("not-po.po", b"\x00\x01 this is not a po file \xff"),
    ("empty.po", b""),
    ("garbage.po", b'msgid "unterminated\nmsgstr 5'),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), BAD_PO, ids=[n for n, _c in BAD_PO])
def test_malformed_po_is_refused_and_changes_nothing(
    translator, hifu, name, content, django_capture_on_commit_callbacks
):
    _english, german = hifu
    before = Page.objects.get(pk=german.pk).latest_revision_id

    response = upload(
        translator,
        reverse("cms_page_po", args=[german.pk]),
        name,
        content,
        django_capture_on_commit_callbacks,
    )

    assert any("Nothing was imported" in m or "empty" in m for m in messages_of(response))
    assert Page.objects.get(pk=german.pk).latest_revision_id == before


@pytest.mark.django_db
def test_po_for_another_page_or_stale_source_is_refused(
    translator, hifu, django_capture_on_commit_callbacks
):
    english, german = hifu
    other = TherapyPage.objects.get(slug="sirt", locale__language_code="en")
    _translation, other_po = german_po(other)
    _translation, stale_po = german_po(english)
    stale_po[0].msgid = "A sentence the page no longer has"
    stale_po.metadata.pop("X-WagtailLocalize-TranslationID")
    before = Page.objects.get(pk=german.pk).latest_revision_id

    for name, po in (("other.po", other_po), ("stale.po", stale_po)):
        response = upload(
            translator,
            reverse("cms_page_po", args=[german.pk]),
            name,
            str(po).encode(),
            django_capture_on_commit_callbacks,
        )
        assert any("Nothing was imported" in m for m in messages_of(response))
    assert Page.objects.get(pk=german.pk).latest_revision_id == before


@pytest.mark.django_db
def test_exported_po_files_pass_msgfmt(translator):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is required (apt-get install gettext)"
    response = translator.post(reverse("cms_export_locale", args=["de"]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    english = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    files = {"hifu.po": str(german_po(english)[1]).encode()}
    files.update({name: archive.read(name) for name in archive.namelist()})

    for name, content in files.items():
        result = subprocess.run(  # noqa: S603
            [msgfmt, "--check-format", "-o", "/dev/null", "-"],
            input=content,
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, (name, result.stderr.decode())


@pytest.mark.django_db
def test_locale_archive_round_trip(translator, django_capture_on_commit_callbacks):
    english = TherapyPage.objects.get(slug="tace", locale__language_code="en")
    english.summary = "A new summary that the German page does not have yet."
    english.save_revision().publish()

    response = translator.post(reverse("cms_export_locale", args=["de"]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names == [f"de/{english.pk}-tace.po"]
    po = polib.pofile(archive.read(names[0]).decode())
    for entry in po:
        if entry.msgid == english.summary:
            entry.msgstr = "Eine neue Zusammenfassung."
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as translated:
        translated.writestr(names[0], str(po))

    result = upload(
        translator,
        reverse("cms_import_locale", args=["de"]),
        "de.zip",
        out.getvalue(),
        django_capture_on_commit_callbacks,
    )

    assert any("1 translations imported" in m for m in messages_of(result))
    german = english.get_translation(Locale.objects.get(language_code="de"))
    assert german.get_latest_revision_as_object().summary == "Eine neue Zusammenfassung."


@pytest.mark.django_db
def test_bad_archive_changes_nothing(translator, django_capture_on_commit_callbacks):
    revisions = dict(Page.objects.values_list("pk", "latest_revision_id"))
    for name, content in (("x.zip", b"PK not a zip"), ("empty.zip", b"")):
        response = upload(
            translator,
            reverse("cms_import_locale", args=["de"]),
            name,
            content,
            django_capture_on_commit_callbacks,
        )
        assert response.status_code == 200
        assert any("Nothing was imported" in m or "empty" in m for m in messages_of(response))
    assert dict(Page.objects.values_list("pk", "latest_revision_id")) == revisions


@pytest.mark.django_db
def test_xliff_12_round_trip_and_bad_xliff(translator, hifu, django_capture_on_commit_callbacks):
    english, german = hifu
    response = translator.get(reverse("cms_page_xliff", args=[german.pk]))
    assert response.status_code == 200
    xml = response.content.decode()
    assert 'xmlns="urn:oasis:names:tc:xliff:document:1.2"' in xml
    assert 'version="1.2"' in xml

    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=german.locale
    )
    edited = export_xliff(translation).replace(
        german.title.encode(), b"HIFU: fokussierter Ultraschall"
    )
    ok = upload(
        translator,
        reverse("cms_page_xliff", args=[german.pk]),
        "hifu.xlf",
        edited,
        django_capture_on_commit_callbacks,
    )
    assert any("imported" in m and "Nothing" not in m for m in messages_of(ok))
    assert (
        Page.objects.get(pk=german.pk).get_latest_revision_as_object().title
        == "HIFU: fokussierter Ultraschall"
    )

    before = Page.objects.get(pk=german.pk).latest_revision_id
    bad = upload(
        translator,
        reverse("cms_page_xliff", args=[german.pk]),
        "bad.xlf",
        b"<xliff><file><body><trans-unit>",
        django_capture_on_commit_callbacks,
    )
    assert any("Nothing was imported" in m for m in messages_of(bad))
    assert Page.objects.get(pk=german.pk).latest_revision_id == before


@pytest.mark.django_db
def test_downloads_change_nothing_and_syncing_is_a_post(translator):
    english = TherapyPage.objects.get(slug="tace", locale__language_code="en")
    english.summary = "A new summary that the German page does not have yet."
    english.save_revision().publish()
    german = english.get_translation(Locale.objects.get(language_code="de"))
    source = TranslationSource.objects.get(object_id=english.translation_key)
    synced_at = source.last_updated_at

    xliff = translator.get(reverse("cms_page_xliff", args=[german.pk]))
    zip_by_get = translator.get(reverse("cms_export_locale", args=["de"]))

    assert xliff.status_code == 200
    assert zip_by_get.status_code == 405
    assert TranslationSource.objects.get(pk=source.pk).last_updated_at == synced_at
    assert page_translation_statuses(english)["de"] == Status.OUTDATED


def translation_state():
    """What an import could change: revisions of every page and the translated strings."""
    return (
        Page.objects.count(),
        dict(Page.objects.values_list("pk", "latest_revision_id")),
        Translation.objects.count(),
        StringTranslation.objects.count(),
    )


def hifu_po_bytes(hifu):
    english, _german = hifu
    _translation, po = german_po(english)
    for entry in po:
        if entry.msgid == english.summary:
            entry.msgstr = "Fokussierter Ultraschall erhitzt Tumorzellen von außen."
    return str(po).encode()


@pytest.mark.django_db
def test_archive_bomb_is_refused_before_it_is_read(translator, django_capture_on_commit_callbacks):
    bomb = zeros_bomb("de/1-hifu.po")
    assert len(bomb) < 100_000
    before = translation_state()

    response = upload(
        translator,
        reverse("cms_import_locale", args=["de"]),
        "de.zip",
        bomb,
        django_capture_on_commit_callbacks,
    )

    assert any(
        "Nothing was imported" in m and "expands to more than 5 MB" in m
        for m in messages_of(response)
    ), messages_of(response)
    assert translation_state() == before


@pytest.mark.django_db
def test_archive_whose_header_lies_about_its_size_changes_nothing(
    translator, hifu, django_capture_on_commit_callbacks
):
    content = hifu_po_bytes(hifu)
    liar = patched(zip_of({"de/1-hifu.po": content + b"#" * 2_000_000}), size=len(content))
    before = translation_state()

    response = upload(
        translator,
        reverse("cms_import_locale", args=["de"]),
        "de.zip",
        liar,
        django_capture_on_commit_callbacks,
    )

    assert any("Nothing was imported" in m and "damaged" in m for m in messages_of(response))
    assert translation_state() == before


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.one_of(
        UNSAFE_NAMES.map(lambda name: f"{name}.po"),
        SAFE_PART.map(lambda part: f"de/{part}.sh"),
        st.integers(min_value=201, max_value=260),
        st.integers(min_value=5 * 2**20 + 1, max_value=6 * 2**20).map(lambda size: -size),
    )
)
def test_unsafe_archives_are_refused_and_change_nothing(hifu, name):
    """Unsafe names, unexpected files, too many members, a member over 5 MB: all refused."""
    content = hifu_po_bytes(hifu)
    german = Locale.objects.get(language_code="de")
    if isinstance(name, int) and name > 0:
        members = {f"de/{index}.po": content for index in range(name)}
    elif isinstance(name, int):
        members = {"de/1-hifu.po": content + b"#" * -name}
    else:
        members = {"de/1-hifu.po": content, name: content}
    before = translation_state()

    with pytest.raises(ExchangeError):
        import_archive(german, zip_of(members))

    assert translation_state() == before


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(SAFE_PART, min_size=1, max_size=3))
def test_safe_archives_with_unicode_names_are_imported(hifu, parts):
    _english, german = hifu
    name = "/".join(parts) + ".po"

    imported = import_archive(german.locale, zip_of({name: hifu_po_bytes(hifu)}))

    assert imported == 1
    draft = Page.objects.get(pk=german.pk).get_latest_revision_as_object()
    assert draft.summary == "Fokussierter Ultraschall erhitzt Tumorzellen von außen."
