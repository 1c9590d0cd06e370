"""Board copies of attachments: the same document without the people behind it.

A proposer's file carries their identity in places the proposer never sees: a PDF's document
properties and XMP, an OOXML package's ``docProps`` and comment or revision authors, the EXIF
of a photo, a preview stream. This package derives from an upload a copy with every such place
removed or blanked; the screening board downloads that copy during blind review
(docs/security.md, "Files the board sees").

The modules below import no Django: they run in a child process of their own
(``proposals.scrub.child``, started by ``proposals.scrub.runner`` under a memory and time cap),
because parsing an untrusted file is itself an attack surface.

- ``kinds``: which kind a blob is (for files embedded in files) and the zip markers;
- ``images``: JPEG, PNG, GIF, BMP, TIFF and WebP re-encoded by Pillow without EXIF, XMP, text chunks,
  comments or ICC profiles; a JPEG stream stripped of its metadata segments without re-encoding;
- ``xmlparts``: the XML rules (a hardened lxml parser; no DTD, no entities, no network);
- ``packages``: OOXML (docx, xlsx, pptx) and HWPX zip containers rewritten member by member;
- ``pdf``: PDFs through pikepdf;
- ``dispatch``: one entry point, ``scrub_bytes(kind, data)``.
"""

# Why a file has no board copy (``Attachment.board_reason``). Kept in step with
# ``proposals.enums.BoardCopyReason``, which gives each its words.
LEGACY = "legacy"  # a legacy binary format (hwp, doc, xls, ppt): identity sits where it cannot be rewritten
EMBEDDED = "embedded"  # holds an embedded object or a part the scrub does not know
DAMAGED = "damaged"  # could not be read: damaged, encrypted or not what its type says
LIMITS = "limits"  # took more time or memory than a file may
REASONS = (LEGACY, EMBEDDED, DAMAGED, LIMITS)


class NotScrubbable(Exception):
    """The file cannot be scrubbed with confidence; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
