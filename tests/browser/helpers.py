"""Small helpers the browser tests share: the two screen sizes every page is checked at, and
the Korean text of an English message id (what the page shows, whatever the browser's
language)."""

from django.utils import translation

# An office PC and a phone.
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def ko(text: str) -> str:
    """The Korean of ``text`` as the catalogue has it."""
    with translation.override("ko"):
        return translation.gettext(text)
