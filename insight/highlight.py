"""Search words marked in a text, for the search page's hits.

Every piece of the text is escaped on its own and only the markup added here (``<mark>``,
``…``) is trusted: the matches are found in the raw text, then the text between them and the
matched words are each passed through ``escape`` and joined with ``<mark>`` around the matches.
(Escaping the whole text first and searching in it would let a word such as ``amp`` match inside
an entity and break it; this order gives the same escaped text without that.) Case is ignored,
as by the search."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_BEFORE = 40
SNIPPET_LENGTH = 160


def words_pattern(words: list[str]) -> re.Pattern | None:
    """One pattern for ``words``, the longest first (so "도로관리" wins over "도로")."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def matches(text: str, pattern: re.Pattern | None) -> bool:
    return bool(pattern is not None and text and pattern.search(text))


def marked(text: str, pattern: re.Pattern | None) -> SafeString:
    """``text`` escaped, with each match of ``pattern`` in ``<mark>``."""
    if pattern is None:
        return escape(text)
    pieces, at = [], 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[at : found.start()]))
        pieces.append("<mark>" + escape(found.group()) + "</mark>")
        at = found.end()
    pieces.append(escape(text[at:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of the text was escaped above)


def snippet(text: str, pattern: re.Pattern | None) -> SafeString:
    """About ``SNIPPET_LENGTH`` characters of ``text`` around its first match (whitespace run
    together), marked; an ellipsis where text was left out. The start of the text when nothing
    matches."""
    flat = " ".join(text.split())
    found = pattern.search(flat) if pattern is not None else None
    start = max(0, found.start() - SNIPPET_BEFORE) if found else 0
    if start:
        # Start at a word where one begins near the cut.
        space = flat.find(" ", start, found.start())
        start = space + 1 if space != -1 else start
    end = min(len(flat), start + SNIPPET_LENGTH)
    if end < len(flat):
        space = flat.rfind(" ", found.end() if found else start, end)
        end = space if space != -1 else end
    head = "… " if start else ""
    tail = " …" if end < len(flat) else ""
    return mark_safe(head + marked(flat[start:end], pattern) + tail)  # noqa: S308 (marked escapes)
