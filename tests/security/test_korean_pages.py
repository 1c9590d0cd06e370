"""Korean everywhere a user looks: every page of the permission matrix's crawl, as every role
that may open it, rendered in Korean, shows no Latin word outside a short allowlist and no
internal code (a stored code such as ``routing_answered``, a model label such as
``labs.lab``, a bare ``#18`` for a person or object).

"Visible text" is the text between tags outside <script>/<style>, plus the attributes a person
reads or hears (``aria-label``, ``title``, ``placeholder``, ``alt`` and a button's ``value``).
An element marked ``translate="no"`` holds data, not the portal's words (a department code
read from an HR file), and is left out.
Data the world itself holds (people's names, emails, 사번, titles typed in) is not the portal's
words and is left out by removing every string the world's rows contain before the check."""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models
from django.utils import translation

from .matrix_world import ROLES, build_world
from .test_permission_matrix import MATRIX, OK, _url

# Words a Korean page may show in Latin letters: the program's name, file types and units.
ALLOWED = {
    "G-Lab", "G-Labs", "PDF", "CSV", "XLSX", "XLS", "HWP", "HWPX", "DOCX", "DOC", "PPTX", "PPT",
    "ODT", "ODS", "ODP", "TXT", "ZIP", "JPEG", "JPG", "PNG", "GIF", "MB", "KB", "GB", "URL", "SHA",
    "Ed25519", "LDAP", "HR", "OK", "KST", "UTC", "Asia", "Seoul", "ID", "CSRF", "English", "Email",
    "e-mail", "http", "https",
    "SHA-256", "IP",
    "G",  # G-랩
    "A4",  # the print pages' paper
    # 내 캘린더 (issue 20): the calendar apps' own names, and a call's dates as an .ics file.
    "Outlook", "Google", "iPhone", "iPad", "Android", "ics",
    "API", "JSON", "OpenAPI",  # the read-only API's pages (issue 20): API 토큰, API 문서
    "UTF-8",  # the "my data" download's format, JSON (issue 20)
}
# "D-7": the Korean way to say seven days are left; a hash (the ledger's) in hexadecimal.
ALLOWED_PATTERN = re.compile(r"D-\d+")
HEX = re.compile(r"\b[0-9a-f]{8,}\b")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z]")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:accounts|proposals|screening|routing|labs|notifications|ledger|"
                  r"people|privacy|insight)\.[a-z_]+\b")
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
# Pages that are a reference of codes by nature, left out of the check: the API's docs page
# lists field names, types and the codes an integrator compares (its prose is translated; the
# codes stand in <code translate="no"> or inside the fields' descriptions).
REFERENCE_PAGES = {"api:openapi-view"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._skipped: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("script", "style", "template") or values.get("translate") == "no":
            self._skip += 1
            self._skipped.append(tag)
        self.parts.extend(values[a] for a in READ_ATTRIBUTES if values.get(a))
        if tag in ("input", "button") and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if self._skipped and tag == self._skipped[-1]:
            self._skipped.pop()
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def world_strings() -> list[str]:
    """Every text value the world's rows hold, longest first (removed from a page's text)."""
    found = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField | models.EmailField)]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            found.update(value for value in row if isinstance(value, str) and len(value) > 1)
    return sorted(found, key=len, reverse=True)


def offending_words(text: str) -> set[str]:
    """The Latin words of ``text`` (the world's own strings already taken out) outside the
    allowlist."""
    text = HEX.sub(" ", text)
    words = set(LATIN_WORD.findall(text)) - ALLOWED
    return {w for w in words if w.strip("-.") not in ALLOWED and not ALLOWED_PATTERN.fullmatch(w)}


GET_PAGES = sorted(
    (name, role)
    for name, row in MATRIX.items()
    for role in ROLES
    if row.get[role] == OK and name not in REFERENCE_PAGES
)


def crawl() -> tuple[dict, list[str]]:
    """The Korean text of every page each role may open, and the world's own strings."""
    from django.test import Client

    w = build_world()
    data = world_strings()
    pages = {}
    with translation.override("ko"):
        for name, role in GET_PAGES:
            client = Client(HTTP_ACCEPT_LANGUAGE="ko")
            user = w.users.get(role)
            if user is not None:
                client.force_login(user)
            url = _url(name, w)
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            pages[(name, role, url)] = visible_text(response.content.decode())
    return pages, data


def without(text: str, data: list[str]) -> str:
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    return text


def test_korean_pages_show_no_latin_words_and_no_internal_codes(db):
    pages, data = crawl()
    assert len(pages) > 100, "the crawl reached the pages"
    latin, codes = {}, {}
    for (name, _role, _where), text in pages.items():
        text = without(text, data)
        where = name
        words = offending_words(text)
        if words:
            latin.setdefault(where, set()).update(words)
        found = set(CODE.findall(text)) | set(re.findall(r"(?<![\w&])#\d+\b", text))
        if found:
            codes.setdefault(where, set()).update(found)
    report = "\n".join(
        [f"Latin words: {k}: {sorted(v)}" for k, v in sorted(latin.items())]
        + [f"internal codes: {k}: {sorted(v)}" for k, v in sorted(codes.items())]
    )
    assert not latin and not codes, report
