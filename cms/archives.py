"""Zip archives from outside, read without trusting them.

A zip's directory states how many members it has, their names and how large they say
they are; the compressed upload says nothing about what it expands to (50 MB of zeros
fit in 50 KB). Every archive the site accepts (translation zips, content restores) is
opened here: the whole directory is checked against limits and for unsafe names before
one byte is decompressed, and members are then read in bounded chunks that stop as soon
as the real data outgrows what the member declared.
"""

import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

CHUNK_BYTES = 64 * 1024
MAX_NAME_LENGTH = 512
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
ENCRYPTED_FLAG = 0x1
# What zipfile raises on damaged or hostile bytes (a version it does not know, offsets that
# point before the file, a broken deflate stream, a checksum that does not match).
DAMAGE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    NotImplementedError,
    ValueError,
)


class ArchiveError(ValueError):
    """An archive refused before anything was imported; the message is shown to the user."""


@dataclass(frozen=True)
class Limits:
    members: int
    member_bytes: int
    total_bytes: int

    @classmethod
    def from_setting(cls, value):
        return cls(**value)


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


def unsafe_name_reason(name):
    """Why ``name`` must not be a member name, or ``None`` when it is a plain relative path.

    Names become paths on disk (media restores) or messages; anything an extractor could
    resolve outside its folder, or that shows differently than it is, is refused.
    """
    if not name or name in {"/", "."}:
        return _("an empty name")
    if len(name) > MAX_NAME_LENGTH:
        return _("a name longer than %(length)s characters") % {"length": MAX_NAME_LENGTH}
    if "\x00" in name or any(unicodedata.category(char) in {"Cc", "Cf"} for char in name):
        return _("control characters in its name")
    if "\\" in name:
        return _("a backslash in its name")
    if name.startswith("/"):
        return _("an absolute path")
    if ":" in name:
        # A drive letter ("C:") in any part, or an NTFS stream ("a.po:hidden"); no name the
        # site writes (slugs, Django's get_valid_name) has one.
        return _("a drive letter or a colon in its name")
    parts = name.rstrip("/").split("/")
    if any(part in {"", ".", ".."} for part in parts):
        return _("a path that leaves its folder")
    return None


def _file_type(info):
    return stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0


def _member_problem(info, limits):
    """What is wrong with one member's directory entry, or ``None``."""
    reason = unsafe_name_reason(info.orig_filename)
    if reason is not None:
        return _("%(name)r has %(reason)s.") % {"name": info.orig_filename, "reason": reason}
    kind = _file_type(info)
    if kind == stat.S_IFLNK:
        return _("%(name)s is a symbolic link.") % {"name": info.filename}
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return _("%(name)s is not a regular file.") % {"name": info.filename}
    if info.flag_bits & ENCRYPTED_FLAG:
        return _("%(name)s is encrypted.") % {"name": info.filename}
    if info.compress_type not in SUPPORTED_COMPRESSION:
        return _("%(name)s uses an unsupported compression method.") % {"name": info.filename}
    if info.is_dir() and info.file_size:
        return _("%(name)s is a folder with content.") % {"name": info.filename}
    if info.file_size > limits.member_bytes:
        return _("%(name)s expands to more than %(limit)s.") % {
            "name": info.filename,
            "limit": _megabytes(limits.member_bytes),
        }
    return None


def _layout_problem(infos, expected):
    """A file the caller does not expect, a folder holding none of them, or a repeated name."""
    seen = set()
    for info in infos:
        if info.filename in seen:
            return _("%(name)s appears twice.") % {"name": info.filename}
        seen.add(info.filename)
    files = [info.filename for info in infos if not info.is_dir()]
    folders = {f"{parent}/" for name in files for parent in PurePosixPath(name).parents}
    for info in infos:
        wanted = info.filename in folders if info.is_dir() else expected(info.filename)
        if not wanted:
            return _("%(name)s does not belong in this archive.") % {"name": info.filename}
    return None


def _directory_problem(infos, limits, expected):
    if len(infos) > limits.members:
        return _("The archive has more than %(count)s members.") % {"count": limits.members}
    for info in infos:
        problem = _member_problem(info, limits)
        if problem is not None:
            return problem
    if sum(info.file_size for info in infos) > limits.total_bytes:
        return _("The archive expands to more than %(limit)s.") % {
            "limit": _megabytes(limits.total_bytes)
        }
    return _layout_problem(infos, expected)


class SafeArchive:
    """A zip archive whose directory has been checked; members are read with ``chunks``.

    ``expected(name)`` says which files the caller wants; any other file, and any folder
    that holds none of them, is refused rather than ignored.
    """

    def __init__(self, source, limits, expected):
        try:
            self.zip = zipfile.ZipFile(source)
            infos = self.zip.infolist()
        except DAMAGE as error:
            raise ArchiveError(_("This is not a valid zip archive.")) from error
        problem = _directory_problem(infos, limits, expected)
        if problem is not None:
            raise ArchiveError(problem)
        self.infos = {info.filename: info for info in infos}
        self.names = [info.filename for info in infos if not info.is_dir()]

    def chunks(self, name):
        """The member's bytes in bounded chunks, refused once they outgrow its declared size.

        Declared sizes are what the limits were checked against, and they can lie.
        """
        info = self.infos[name]
        seen = 0
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(CHUNK_BYTES):
                    seen += len(chunk)
                    if seen > info.file_size:
                        raise ArchiveError(
                            _("%(name)s is larger than it declares.") % {"name": name}
                        )
                    yield chunk
        except ArchiveError:
            raise
        except (*DAMAGE, OSError) as error:
            raise ArchiveError(_("%(name)s is damaged.") % {"name": name}) from error
        if seen != info.file_size:
            raise ArchiveError(_("%(name)s is damaged.") % {"name": name})

    def read(self, name):
        return b"".join(self.chunks(name))
