"""Attachment type checks: by extension and by the file's first bytes.

Korean offices exchange HWP/HWPX besides the usual formats, which generic sniffing libraries
do not know, so the signatures are spelled out here: OLE compound files (hwp, doc, xls, ppt),
ZIP containers (hwpx, docx, xlsx, pptx; checked for their marker entry), PDF, PNG, JPEG,
and plain text (valid UTF-8 or CP949 without NUL bytes).

A ZIP container is not trusted for its declared sizes: every member is decompressed, with a
running byte count, and the archive is refused when it unpacks to more than
``ARCHIVE_MAX_UNPACKED_MB``, when one member expands more than ``ARCHIVE_MAX_RATIO`` times,
or when what a member really holds differs from what its headers declare (a falsified size
or CRC, which other unzippers would trust).
"""

import struct
import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .scrub.kinds import OLE, ZIP_MARKERS

ALLOWED_EXTENSIONS = (
    "pdf",
    "hwp",
    "hwpx",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "png",
    "jpg",
    "jpeg",
    "txt",
)


def accepted_types_text() -> str:
    """The accepted types as people read them: "PDF, HWP, …" (the one place that lists them)."""
    return ", ".join(extension.upper() for extension in ALLOWED_EXTENSIONS)


def _matches(extension: str, head: bytes, upload: UploadedFile) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension in ("hwp", "doc", "xls", "ppt"):
        return head.startswith(OLE)
    if extension in ZIP_MARKERS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return False
        names = {info.filename for info in members}
        if not (ZIP_MARKERS[extension] in names or (extension == "hwpx" and "mimetype" in names)):
            return False
        check_archive_expansion(upload, members)
        return True
    if extension == "txt":
        upload.seek(0)
        data = upload.read(1024 * 1024)
        if b"\x00" in data:
            return False
        for encoding in ("utf-8", "cp949"):
            try:
                data.decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
        return False
    return False


MB = 1024 * 1024
CHUNK = 64 * 1024
MAX_MEMBERS = 10_000
# The ratio cap applies once a member has produced this much: small, very regular parts (an
# empty style sheet, a run of spaces) legitimately compress more than 100:1.
RATIO_FLOOR = MB
LOCAL_HEADER = struct.Struct(
    "<4s2xHH4xIII2H"
)  # signature, flags, method, crc, sizes, name/extra lengths


class ArchiveRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _refusal(reason: str, name: str) -> ValidationError:
    messages = {
        "unpacked": _("“%(name)s”: this archive unpacks to more than %(limit)s MB and is refused."),
        "ratio": _(
            "“%(name)s”: a part of this archive expands more than %(ratio)s times and is refused."
        ),
        "falsified": _(
            "“%(name)s”: the sizes recorded in this archive do not match its content; it is refused."
        ),
        "unreadable": _(
            "“%(name)s”: this archive is damaged, encrypted or compressed in a way that cannot be checked; "
            "it is refused."
        ),
    }
    return ValidationError(
        messages[reason]
        % {
            "name": name,
            "limit": settings.ARCHIVE_MAX_UNPACKED_MB,
            "ratio": settings.ARCHIVE_MAX_RATIO,
        },
        code=f"archive_{reason}",
    )


def _inflate(upload, budget: int, ratio: int) -> tuple[int, int, int]:
    """Decompresses one raw deflate stream from the upload's position to its real end, whatever
    the headers say. Returns (compressed bytes used, bytes produced, CRC-32)."""
    decompressor = zlib.decompressobj(-15)
    consumed = produced = crc = 0
    while not decompressor.eof:
        data = upload.read(CHUNK)
        if not data:
            raise ArchiveRefused("unreadable")  # the stream is cut off
        consumed += len(data)
        while data and not decompressor.eof:
            try:
                out = decompressor.decompress(data, CHUNK)
            except zlib.error as error:
                raise ArchiveRefused("unreadable") from error
            produced += len(out)
            crc = zlib.crc32(out, crc)
            if produced > budget:
                raise ArchiveRefused("unpacked")
            if produced > RATIO_FLOOR and produced > ratio * consumed:
                raise ArchiveRefused("ratio")
            data = decompressor.unconsumed_tail
    return consumed - len(decompressor.unused_data), produced, crc


def _member_size(upload, info: zipfile.ZipInfo, budget: int, ratio: int) -> int:
    """Checks one member against its local and central headers; returns its real size."""
    upload.seek(info.header_offset)
    raw = upload.read(LOCAL_HEADER.size)
    if len(raw) < LOCAL_HEADER.size:
        raise ArchiveRefused("unreadable")
    signature, flags, method, crc, compressed, size, name_len, extra_len = LOCAL_HEADER.unpack(raw)
    if signature != b"PK\x03\x04" or flags & 0x1 or method != info.compress_type:
        raise ArchiveRefused("unreadable")  # not a member, encrypted, or two different methods
    declared = (crc, compressed, size)
    # With a data descriptor (flag 8) the local sizes are zero; ZIP64 keeps them in an extra field.
    if (
        not flags & 0x8
        and 0xFFFFFFFF not in declared
        and declared != (info.CRC, info.compress_size, info.file_size)
    ):
        raise ArchiveRefused("falsified")
    upload.seek(info.header_offset + LOCAL_HEADER.size + name_len + extra_len)
    if method == zipfile.ZIP_STORED:
        data_crc, produced, used = 0, 0, info.compress_size
        while produced < used:
            data = upload.read(min(CHUNK, used - produced))
            if not data:
                raise ArchiveRefused("unreadable")
            produced += len(data)
            data_crc = zlib.crc32(data, data_crc)
        if produced > budget:
            raise ArchiveRefused("unpacked")
    elif method == zipfile.ZIP_DEFLATED:
        used, produced, data_crc = _inflate(upload, budget, ratio)
    else:
        raise ArchiveRefused("unreadable")
    if (used, produced, data_crc) != (info.compress_size, info.file_size, info.CRC):
        raise ArchiveRefused("falsified")
    return produced


def check_archive_expansion(upload: UploadedFile, members: list[zipfile.ZipInfo]) -> None:
    """Decompresses every member of a ZIP upload with a running byte count; raises
    ``ValidationError`` (a Korean message naming the file) when the archive is too large
    unpacked, a member's expansion ratio is too high, or its headers lie about its content."""
    budget = settings.ARCHIVE_MAX_UNPACKED_MB * MB
    ratio = settings.ARCHIVE_MAX_RATIO
    try:
        if len(members) > MAX_MEMBERS:
            raise ArchiveRefused("unreadable")
        for info in members:
            budget -= _member_size(upload, info, budget, ratio)
    except ArchiveRefused as refused:
        raise _refusal(refused.reason, upload.name) from None
    finally:
        upload.seek(0)


def sniff_attachment_kind(upload: UploadedFile) -> str:
    """Returns the file's type (its extension, lower case) or raises ``ValidationError``."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s”: this file type is not accepted. Accepted types: %(types)s.")
            % {"name": upload.name, "types": accepted_types_text()}
        )
    upload.seek(0)
    head = upload.read(16)
    ok = _matches(extension, head, upload)
    upload.seek(0)
    if not ok:
        raise ValidationError(
            _("“%(name)s”: the file's content does not match its extension “.%(ext)s”.")
            % {"name": upload.name, "ext": extension}
        )
    return "jpg" if extension == "jpeg" else extension


def upload_error(call, upload: UploadedFile) -> ValidationError | None:
    """Why a chosen file cannot be attached to a proposal of ``call`` (larger than the call's
    limit, or a type not accepted), or ``None``. The forms' early check; ``attachments_add``
    checks again when storing."""
    if upload.size > call.attachment_max_bytes:
        return ValidationError(
            _("“%(name)s” is larger than the limit of %(limit)s MB for this call."),
            params={"name": upload.name, "limit": call.attachment_max_mb},
        )
    try:
        sniff_attachment_kind(upload)
    except ValidationError as error:
        return error
    return None
