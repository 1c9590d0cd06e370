"""One entry point: ``scrub_bytes(kind, data)`` returns the board copy of a file of the portal's
kind (``Attachment.kind``) or raises ``NotScrubbable``."""

from . import DAMAGED, EMBEDDED, LEGACY, NotScrubbable
from .kinds import IMAGE_KINDS, LEGACY_KINDS, ZIP_MARKERS, guess_kind

MAX_DEPTH = 3  # a file inside a file inside a file; deeper nesting is not scrubbed


def _inner(data: bytes, depth: int) -> tuple[bytes, str]:
    """A file found inside another, scrubbed as the kind its content says."""
    kind = guess_kind(data)
    if not kind or depth >= MAX_DEPTH:
        raise NotScrubbable(EMBEDDED, "an embedded file of unknown kind" if not kind else "nested too deep")
    try:
        return scrub_bytes(kind, data, depth=depth + 1), kind
    except NotScrubbable as error:
        raise NotScrubbable(EMBEDDED, f"embedded {kind}: {error}") from error


def scrub_bytes(kind: str, data: bytes, *, depth: int = 0) -> bytes:
    """The board copy of ``data``, a file of ``kind`` (module docstring)."""
    if kind in LEGACY_KINDS:
        raise NotScrubbable(LEGACY, kind)
    if kind == "txt":
        return data  # plain text has no properties: what it says is the proposal itself
    if kind in IMAGE_KINDS:
        from .images import reencode

        return reencode(data, kind)
    if kind == "pdf":
        from .pdf import scrub_pdf

        return scrub_pdf(data, lambda inner: _inner(inner, depth))
    if kind in ZIP_MARKERS:
        from .packages import scrub_package

        return scrub_package(data, lambda inner: _inner(inner, depth)[0])
    raise NotScrubbable(DAMAGED, f"unknown kind {kind!r}")
