"""Attachment type checks: by extension and by the file's first bytes.

Korean offices exchange HWP/HWPX besides the usual formats, which generic sniffing libraries
do not know, so the signatures are spelled out here: OLE compound files (hwp, doc, xls, ppt),
ZIP containers (hwpx, docx, xlsx, pptx; checked for their marker entry), PDF, PNG, JPEG,
and plain text (valid UTF-8 or CP949 without NUL bytes).
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "hwpx": "Contents/content.hpf",
}
ALLOWED_EXTENSIONS = ("pdf", "hwp", "hwpx", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "png", "jpg", "jpeg", "txt")


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
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        return ZIP_MARKERS[extension] in names or (extension == "hwpx" and "mimetype" in names)
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


def sniff_attachment_kind(upload: UploadedFile) -> str:
    """Returns the file's type (its extension, lower case) or raises ``ValidationError``."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s”: this file type is not accepted. Accepted types: %(types)s.")
            % {"name": upload.name, "types": ", ".join(ALLOWED_EXTENSIONS)}
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
