"""The Korean catalogues are complete, and the committed .mo files match their .po files
(so a machine without gettext serves every string in Korean)."""

import ast
import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/ko/LC_MESSAGES/*.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: entries with msgid, msgid_plural, msgstr(s) and flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if line.startswith("#,"):
            entry = entry or {"flags": set()}
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            entry = entry or {"flags": set()}
            continue
        entry = entry or {"flags": set()}
        if line.startswith('"'):
            entry[field] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        field = keyword
        entry[field] = ast.literal_eval(value)
    finish()
    return entries


def test_catalogues_exist():
    assert any(path.parent.parent.parent.parent == ROOT for path in CATALOGUES)
    assert len(CATALOGUES) >= 4


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    entries = [e for e in parse_po(po_path) if e["msgid"]]
    assert entries, f"{po_path} has no messages"
    untranslated = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e["flags"] or not (e.get("msgstr") or e.get("msgstr[0]"))
    ]
    assert not untranslated, f"untranslated or fuzzy in {po_path}: {untranslated[:10]}"

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is not committed"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in entries:
        if "msgid_plural" in e:
            if compiled.ngettext(e["msgid"], e["msgid_plural"], 1) != e["msgstr[0]"]:
                stale.append(e["msgid"])
        elif "msgctxt" in e:
            if compiled.pgettext(e["msgctxt"], e["msgid"]) != e["msgstr"]:
                stale.append(e["msgid"])
        elif compiled.gettext(e["msgid"]) != e["msgstr"]:
            stale.append(e["msgid"])
    assert not stale, f"{mo_path} is older than its .po (run make messages): {stale[:10]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_requests_end_in_seyo_not_sipsio(po_path):
    """One register for asking (issue "Every role's day"): requests end in -세요, statements in
    -습니다/-니다; the formal imperative -십시오 is not used."""
    sipsio = [
        e["msgid"]
        for e in parse_po(po_path)
        if any("십시오" in value for key, value in e.items() if key.startswith("msgstr"))
    ]
    assert not sipsio, f"-십시오 in {po_path}: {sipsio[:10]}"


def test_every_catalogue_entry_is_the_word_people_see():
    """One word per concept: a msgid in two catalogues shows the translation of the first
    (the project's locale/, then the apps in INSTALLED_APPS order, Django's admin first), so an
    app whose catalogue says something else would believe it shows a word it does not. Where
    Django's own word is wrong for the portal, glab_portal/django_words.py corrects it."""
    from django.utils import translation

    from glab_portal.django_words import DJANGO_WORDS

    disagreements = []
    with translation.override("ko"):
        assert translation.gettext(DJANGO_WORDS[0]) != "액션"
        for po in CATALOGUES:
            if po.name != "django.po":
                continue
            for entry in parse_po(po):
                if not entry["msgid"] or "msgid_plural" in entry:
                    continue
                context = entry.get("msgctxt")
                shown = (translation.pgettext(context, entry["msgid"]) if context
                         else translation.gettext(entry["msgid"]))
                if shown != entry.get("msgstr"):
                    disagreements.append(f"{po}: {entry['msgid']!r}: ours {entry.get('msgstr')!r}, shown {shown!r}")
    assert not disagreements, "\n".join(disagreements)
