"""The one digest of free text the portal records in place of the text itself (the decision
ledger holds ``*_sha256`` fields, never the words)."""

import hashlib


def sha256_text(text: str | None) -> str | None:
    """The SHA-256 hex digest of ``text`` encoded as UTF-8; ``None`` for empty text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None
