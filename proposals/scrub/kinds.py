"""Which kind of file a blob is, by its content: for files found inside other files (an
``.xlsx`` embedded in a ``.docx``, a file attached inside a PDF), which carry no trusted name."""

import io
import zipfile

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A zip container's kind by the member only that kind has.
ZIP_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "hwpx": "Contents/content.hpf",
}
LEGACY_KINDS = ("hwp", "doc", "xls", "ppt")
IMAGE_KINDS = ("png", "jpg")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return ""
    for kind, marker in ZIP_MARKERS.items():
        if marker in names:
            return kind
    return ""


def guess_kind(data: bytes) -> str:
    """The kind ``dispatch.scrub_bytes`` takes, or "" for a blob it does not know."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(OLE):
        return "doc"  # one of the legacy formats; which one does not matter, none is scrubbed
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return ""
        return "txt"
    return ""
