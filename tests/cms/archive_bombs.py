"""Zip archives built in the tests: honest ones, bombs, and ones whose headers lie.

The zipfile writer refuses to write some of the lies attackers send (NUL in names,
encryption flags, wrong sizes), so those are patched into the bytes afterwards.
"""

import functools
import io
import stat
import struct
import zipfile

from hypothesis import strategies as st

LOCAL_HEADER = b"PK\x03\x04"
CENTRAL_HEADER = b"PK\x01\x02"
# Offsets of fields inside each header (APPNOTE 4.3.7 and 4.3.12).
LOCAL_FLAGS, LOCAL_SIZE = 6, 22
CENTRAL_FLAGS, CENTRAL_SIZE = 8, 24


def zip_of(members, compression=zipfile.ZIP_DEFLATED):
    """A zip of ``{name: bytes}``; a ``zipfile.ZipInfo`` may stand in for a name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _headers(data, signature):
    start = data.find(signature)
    while start != -1:
        yield start
        start = data.find(signature, start + 1)


def patched(data, *, size=None, flags=None, only=None):
    """``data`` with the declared size and/or flags of every member (or ``only`` one)."""
    data = bytearray(data)
    for signature, flag_at, size_at, name_at, name_length_at in (
        (LOCAL_HEADER, LOCAL_FLAGS, LOCAL_SIZE, 30, 26),
        (CENTRAL_HEADER, CENTRAL_FLAGS, CENTRAL_SIZE, 46, 28),
    ):
        for start in list(_headers(bytes(data), signature)):
            length = struct.unpack_from("<H", data, start + name_length_at)[0]
            name = bytes(data[start + name_at : start + name_at + length]).decode()
            if only is not None and name != only:
                continue
            if flags is not None:
                old = struct.unpack_from("<H", data, start + flag_at)[0]
                struct.pack_into("<H", data, start + flag_at, old | flags)
            if size is not None:
                struct.pack_into("<I", data, start + size_at, size)
    return bytes(data)


def renamed(data, placeholder, name):
    """``data`` with a member name swapped for one of the same length in bytes."""
    assert len(placeholder.encode()) == len(name.encode())
    return data.replace(placeholder.encode(), name.encode())


def symlink(name, target=b"/etc/passwd"):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


@functools.cache
def zeros_bomb(name, megabytes=50):
    """One member of ``megabytes`` MB of zeros: about 50 KB compressed for 50 MB."""
    return zip_of({name: bytes(megabytes * 1024 * 1024)})


SAFE_PART = st.text(
    alphabet=st.characters(categories=("L", "N"), include_characters="-_."),
    min_size=1,
    max_size=20,
).filter(lambda part: part not in {".", ".."})


UNSAFE_NAMES = st.one_of(
    SAFE_PART.map(lambda part: f"/{part}"),
    SAFE_PART.map(lambda part: f"../{part}"),
    SAFE_PART.map(lambda part: f"{part}/../../{part}"),
    SAFE_PART.map(lambda part: f"{part}/./{part}"),
    SAFE_PART.map(lambda part: f"{part}//{part}"),
    SAFE_PART.map(lambda part: f"..\\{part}"),
    SAFE_PART.map(lambda part: f"{part}\\{part}"),
    st.tuples(st.sampled_from("CcDdZz"), SAFE_PART).map(lambda t: f"{t[0]}:{t[1]}"),
    st.tuples(st.sampled_from("CcDdZz"), SAFE_PART).map(lambda t: f"{t[0]}:/{t[1]}"),
    st.tuples(SAFE_PART, st.characters(categories=("Cc", "Cf"), exclude_characters="\x00")).map(
        lambda t: f"{t[0]}{t[1]}{t[0]}"
    ),
)
