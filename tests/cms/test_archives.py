"""cms.archives: a zip's directory is checked before anything is read, and reads are bounded."""

import io
import warnings
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.archives import ArchiveError, Limits, SafeArchive, unsafe_name_reason

from .archive_bombs import (
    SAFE_PART,
    UNSAFE_NAMES,
    patched,
    renamed,
    symlink,
    zeros_bomb,
    zip_of,
)

SMALL = Limits(members=10, member_bytes=100_000, total_bytes=300_000)
PO_LIMITS = Limits(members=200, member_bytes=5 * 2**20, total_bytes=20 * 2**20)


def anything(name):
    return True


def open_archive(data, limits=SMALL, expected=anything):
    return SafeArchive(io.BytesIO(data), limits, expected)


def read_all(archive):
    return {name: archive.read(name) for name in archive.names}


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(SAFE_PART, min_size=1, max_size=4), content=st.binary(max_size=2000))
def test_plain_names_in_any_script_are_read_back(parts, content):
    name = "/".join(parts) + ".po"
    data = zip_of({name: content})

    assert read_all(open_archive(data)) == {name: content}


@settings(max_examples=60, deadline=None)
@given(name=UNSAFE_NAMES)
def test_path_like_names_are_refused_before_reading(name):
    data = zip_of({name: b"msgid ''"})

    assert unsafe_name_reason(name) is not None
    with pytest.raises(ArchiveError, match="has "):
        open_archive(data)


@pytest.mark.parametrize("name", ["a\x00b.po", "de/\x00.po", "\x00../x.po"])
def test_a_nul_in_a_name_is_refused(name):
    placeholder = name.replace("\x00", "N")
    data = renamed(zip_of({placeholder: b"x"}), placeholder, name)

    with pytest.raises(ArchiveError, match="control characters"):
        open_archive(data)


def test_symbolic_links_are_refused():
    info, target = symlink("de/link.po")

    with pytest.raises(ArchiveError, match="symbolic link"):
        open_archive(zip_of({info: target}))


def test_encrypted_members_are_refused():
    data = patched(zip_of({"de/1.po": b"msgid ''"}), flags=0x1)

    with pytest.raises(ArchiveError, match="encrypted"):
        open_archive(data)


def test_unsupported_compression_is_refused():
    data = zip_of({"de/1.po": b"msgid ''"}, compression=zipfile.ZIP_BZIP2)

    with pytest.raises(ArchiveError, match="compression"):
        open_archive(data)


def test_unexpected_files_and_folders_are_refused():
    def only_po(name):
        return name.endswith(".po")

    assert open_archive(zip_of({"de/": b"", "de/1.po": b"x"}), expected=only_po).names == [
        "de/1.po"
    ]
    with pytest.raises(ArchiveError, match="does not belong"):
        open_archive(zip_of({"de/1.po": b"x", "run.sh": b"x"}), expected=only_po)
    with pytest.raises(ArchiveError, match="does not belong"):
        open_archive(zip_of({"other/": b"", "de/1.po": b"x"}), expected=only_po)


def test_a_name_given_twice_is_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it writes
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("de/1.po", b"first")
            archive.writestr("de/1.po", b"second")

    with pytest.raises(ArchiveError, match="twice"):
        open_archive(buffer.getvalue())


@settings(max_examples=25, deadline=None)
@given(extra=st.integers(min_value=1, max_value=30))
def test_more_members_than_the_limit_are_refused(extra):
    allowed = {f"de/{index}.po": b"x" for index in range(SMALL.members)}
    too_many = {f"de/{index}.po": b"x" for index in range(SMALL.members + extra)}

    assert len(open_archive(zip_of(allowed)).names) == SMALL.members
    with pytest.raises(ArchiveError, match="more than 10 members"):
        open_archive(zip_of(too_many))


@settings(max_examples=25, deadline=None)
@given(size=st.integers(min_value=SMALL.member_bytes + 1, max_value=4 * SMALL.member_bytes))
def test_a_member_declared_larger_than_the_limit_is_refused(size):
    with pytest.raises(ArchiveError, match="expands to more than"):
        open_archive(zip_of({"de/1.po": bytes(size)}))


@settings(max_examples=25, deadline=None)
@given(count=st.integers(min_value=4, max_value=SMALL.members))
def test_members_together_larger_than_the_total_are_refused(count):
    members = {f"de/{index}.po": bytes(SMALL.member_bytes) for index in range(count)}

    with pytest.raises(ArchiveError, match="The archive expands to more than"):
        open_archive(zip_of(members))


def test_a_50_mb_bomb_in_a_50_kb_upload_is_refused_from_its_directory():
    data = zeros_bomb("de/1.po")
    assert len(data) < 100_000

    with pytest.raises(ArchiveError, match="expands to more than 5 MB"):
        open_archive(data, limits=PO_LIMITS)


@settings(max_examples=25, deadline=None)
@given(declared=st.integers(min_value=0, max_value=SMALL.member_bytes - 1))
def test_a_member_whose_header_lies_about_its_size_is_refused_while_reading(declared):
    real = SMALL.member_bytes
    data = patched(zip_of({"de/1.po": bytes(real)}), size=declared)
    archive = open_archive(data)

    read = 0
    with pytest.raises(ArchiveError, match="larger than it declares|damaged"):
        for chunk in archive.chunks("de/1.po"):
            read += len(chunk)
    assert read <= declared


def test_a_50_mb_bomb_that_declares_a_small_size_stops_at_that_size():
    data = patched(zeros_bomb("de/1.po"), size=1000)
    archive = open_archive(data, limits=PO_LIMITS)

    read = 0
    with pytest.raises(ArchiveError):
        for chunk in archive.chunks("de/1.po"):
            read += len(chunk)
    assert read <= 1000


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=3000))
def test_bytes_that_are_not_a_zip_are_refused(data):
    with pytest.raises(ArchiveError, match="not a valid zip"):
        open_archive(data)


@settings(max_examples=60, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=10_000),
    value=st.integers(min_value=0, max_value=255),
)
def test_damaged_archives_give_an_archive_error_or_their_content(position, value):
    original = zip_of({"de/1.po": b"msgid 'x'\n" * 50, "de/2.po": b"msgstr 'y'\n" * 50})
    data = bytearray(original)
    data[position % len(data)] = value

    try:
        contents = read_all(open_archive(bytes(data)))
    except ArchiveError:
        return
    assert sum(len(content) for content in contents.values()) <= SMALL.total_bytes
