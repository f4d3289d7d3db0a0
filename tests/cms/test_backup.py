"""export_content / import_content round-trip the whole content into an empty database."""

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import wagtail_factories
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from django.contrib.auth.models import Group

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, Site
from wagtail_localize.models import StringTranslation, Translation

from cms import integrity
from cms.backup import (
    RESTORE_ACTION,
    RestoreError,
    Serializer,
    content_tree,
    export_content,
    import_content,
)
from topics.models import TopicPage

from .archive_bombs import UNSAFE_NAMES, patched, symlink, zeros_bomb, zip_of

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.django_db
def test_export_import_round_trip_into_empty_database(tmp_path):
    english = TopicPage.objects.get(locale__language_code="en")
    english.title = "Liver metastases (draft under review)"
    english.save_revision()
    archive = tmp_path / "content.zip"
    export_content(str(archive))
    expected = content_tree()
    database = tmp_path / "restored.sqlite3"

    manage("migrate", "--no-input", database_url=f"sqlite:///{database}")
    output = manage(
        "import_content", str(archive), "--print-tree", database_url=f"sqlite:///{database}"
    )

    restored = json.loads(output.strip().splitlines()[-1])
    assert restored == json.loads(json.dumps(expected))
    assert "Liver metastases (draft under review)" in restored["latest_titles"]
    assert len(restored["pages"]) == Page.objects.count() > 150  # every page of the demo


@pytest.mark.django_db
def test_import_refuses_a_file_that_is_not_an_archive(tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"not a zip")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_content", str(bogus)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "Not a content archive" in result.stderr


FUZZ = fuzz_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def site_state():
    """What a restore replaces: pages, translations, sites, groups, images, locales."""
    return {
        "pages": Page.objects.count(),
        "translations": Translation.objects.count(),
        "strings": StringTranslation.objects.count(),
        "sites": Site.objects.count(),
        "groups": Group.objects.count(),
        "images": get_image_model().objects.count(),
        "locales": Locale.objects.count(),
    }


def folder_state(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def site_folder(settings, tmp_path):
    """A folder holding MEDIA_ROOT: a file written anywhere in it, even outside media, shows."""
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    settings.MEDIA_ROOT.mkdir(parents=True)
    return tmp_path / "site"


@pytest.fixture
def image_row(site_folder):
    """An image's database row as the export writes it, pointing at ``restored.png``."""
    image = wagtail_factories.ImageFactory()
    row = json.loads(Serializer().serialize([image], use_natural_foreign_keys=True))[0]
    row["fields"]["file"] = "original_images/restored.png"
    return row


def content_archive(rows=(), media=None):
    """A restorable archive: with no rows it would empty the site, so only checks stop it."""
    rows = list(rows)
    counts = dict(Counter(row["model"] for row in rows))
    members = {
        "manifest.json": json.dumps({"format": 1, "counts": counts}).encode(),
        "content.json": json.dumps(rows).encode(),
        **(media or {}),
    }
    return zip_of(members)


def refused(data, tmp_path, site_folder):
    """Import ``data``; assert it is refused and that nothing changed anywhere."""
    state, files = site_state(), folder_state(site_folder)
    archive = tmp_path / "archive.zip"
    archive.write_bytes(data)
    with pytest.raises(RestoreError) as refusal:
        import_content(str(archive))
    assert site_state() == state
    assert folder_state(site_folder) == files
    assert not list(Path(site_folder, "media").glob(".restore-*"))
    return str(refusal.value)


@pytest.mark.django_db
def test_a_valid_archive_is_restored_with_its_media(tmp_path, site_folder, image_row):
    """The control for the refusals below: the same archives, minus the fault, do restore."""
    archive = tmp_path / "archive.zip"
    archive.write_bytes(
        content_archive([image_row], {"media/original_images/restored.png": b"PNG data"})
    )

    counts = import_content(str(archive))

    assert counts == {"wagtailimages.image": 1}
    assert Page.objects.filter(depth=2).count() == 0
    assert (site_folder / "media/original_images/restored.png").read_bytes() == b"PNG data"
    assert not list((site_folder / "media").glob(".restore-*"))


@pytest.mark.django_db
def test_a_restore_is_an_operators_and_is_recorded(tmp_path, site_folder):
    """Run as a command runs (the system, no administrator): the restore says it is one."""
    home = Page.objects.get(depth=2, locale__language_code="en")
    row = json.loads(Serializer().serialize([home], use_natural_foreign_keys=True))[0]
    row["fields"].update(
        content_type=["wagtailcore", "page"], latest_revision=None, live_revision=None
    )
    # loaddata moves PostgreSQL's id sequence to the highest id it sees, and a sequence
    # does not roll back: above every id of the demo, so later tests can add pages.
    row["pk"] = Page.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    assert row["fields"]["live"]
    archive = tmp_path / "archive.zip"
    archive.write_bytes(content_archive([row]))

    with integrity.as_system():
        import_content(str(archive))

    assert Page.objects.get(pk=row["pk"]).live
    assert PageLogEntry.objects.filter(action=RESTORE_ACTION, page__depth=1).exists()


@pytest.mark.django_db
@FUZZ
@given(name=st.one_of(UNSAFE_NAMES.map(lambda name: f"media/{name}"), UNSAFE_NAMES))
def test_unsafe_member_names_are_refused_before_the_database_is_touched(
    tmp_path, site_folder, name
):
    message = refused(content_archive(media={name: b"x"}), tmp_path, site_folder)

    assert "has " in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "media",
    [
        {"media/original_images/other.png": b"x"},
        {"media/original_images/restored.png": b"x", "settings.py": b"x"},
        dict([symlink("media/original_images/restored.png")]),
    ],
    ids=["not-referenced", "unexpected-file", "symlink"],
)
def test_media_that_no_row_expects_is_refused(tmp_path, site_folder, image_row, media):
    refused(content_archive([image_row], media), tmp_path, site_folder)


@pytest.mark.django_db
def test_an_encrypted_media_file_is_refused(tmp_path, site_folder, image_row):
    name = "media/original_images/restored.png"
    data = patched(content_archive([image_row], {name: b"PNG"}), flags=0x1, only=name)

    assert "encrypted" in refused(data, tmp_path, site_folder)


@pytest.mark.django_db
@FUZZ
@given(manifest=JSON)
def test_manifests_of_other_versions_or_shapes_are_refused(tmp_path, site_folder, manifest):
    if isinstance(manifest, dict):
        manifest.setdefault("counts", {})
        if manifest.get("format") == 1 and type(manifest["format"]) is int:
            manifest["format"] = 2
    data = zip_of(
        {
            "manifest.json": json.dumps(manifest).encode(),
            "content.json": b"[]",
        }
    )

    refused(data, tmp_path, site_folder)


@pytest.mark.django_db
@FUZZ
@given(content=JSON.filter(lambda value: value != []))
def test_content_that_is_not_database_rows_is_refused(tmp_path, site_folder, content):
    data = zip_of(
        {
            "manifest.json": json.dumps({"format": 1, "counts": {}}).encode(),
            "content.json": json.dumps(content).encode(),
        }
    )

    refused(data, tmp_path, site_folder)


@pytest.mark.django_db
@FUZZ
@given(
    model=st.sampled_from(["wagtailcore.locale", "wagtailcore.page", "wagtailimages.image"]),
    fields=st.dictionaries(st.text(min_size=1, max_size=8).map("x_{}".format), JSON, min_size=1),
)
def test_rows_that_do_not_fit_the_database_are_refused(tmp_path, site_folder, model, fields):
    row = {"model": model, "pk": 999_999, "fields": fields}

    assert "does not fit" in refused(content_archive([row]), tmp_path, site_folder)


@pytest.mark.django_db
def test_a_row_the_database_refuses_rolls_everything_back(tmp_path, site_folder, image_row):
    clash = {"model": "wagtailcore.locale", "pk": 999_999, "fields": {"language_code": "de"}}
    media = {"media/original_images/restored.png": b"PNG data"}

    message = refused(content_archive([image_row, clash], media), tmp_path, site_folder)

    assert "could not be loaded" in message


@pytest.mark.django_db
def test_a_bomb_is_refused_from_the_archive_directory(settings, tmp_path, site_folder):
    settings.CMS_RESTORE_ARCHIVE_LIMITS = {
        "members": 100,
        "member_bytes": 10 * 2**20,
        "total_bytes": 20 * 2**20,
    }
    data = zeros_bomb("media/original_images/restored.png")

    assert "expands to more than 10 MB" in refused(data, tmp_path, site_folder)


@pytest.mark.django_db
@fuzz_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(declared=st.integers(min_value=0, max_value=99_999))
def test_a_media_file_that_lies_about_its_size_is_refused_before_anything_is_written(
    tmp_path, site_folder, image_row, declared
):
    name = "media/original_images/restored.png"
    data = patched(content_archive([image_row], {name: bytes(100_000)}), size=declared, only=name)

    message = refused(data, tmp_path, site_folder)

    assert "damaged" in message or "larger than it declares" in message
