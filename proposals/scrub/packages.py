"""OOXML (docx, xlsx, pptx) and HWPX packages rewritten member by member.

Every member of the new zip is accounted for; a member the rules below do not know makes the
file not scrubbable (``EMBEDDED``) rather than passing through unread:

- dropped, with every relationship to it, its own relationships, its content-type override and
  the ``r:id`` attributes that pointed at it: ``docProps/custom.xml`` (custom properties),
  ``docProps/thumbnail.*``, ``customXml/`` (SharePoint and data-binding stores, which name
  people), ``_xmlsignatures/`` (a signer's certificate), printer settings (a printer's name,
  often the person's) and macro parts;
- XML parts (``.xml``, ``.rels``, ``.hpf``, ``.rdf``; ``.vml`` when it parses): the rules of
  ``xmlparts``;
- pictures (``word/media``, ``ppt/media``, ``xl/media``, HWPX ``BinData``, wherever they are):
  re-encoded by ``images.reencode``; SVG through ``xmlparts``;
- HWPX previews: ``Preview/PrvText.txt`` emptied, ``Preview/PrvImage.*`` a blank picture;
- a package embedded in the package (a chart's workbook in ``word/embeddings``): scrubbed in
  turn; an embedded OLE object (``oleObject*.bin``, ``.doc``…) is a legacy file: not scrubbable;
- kept as they are: EMF/WMF drawings, fonts, ``mimetype``, HWPX ``Scripts/``.

The new zip has fresh member headers (no timestamps, extra fields or comments of the original).
"""

import io
import posixpath
import re
import zipfile
from collections.abc import Callable

from lxml import etree

from . import DAMAGED, EMBEDDED, NotScrubbable, images, xmlparts

DROPPED = re.compile(
    r"^(docProps/custom\.xml|docProps/thumbnail\.[^/]+|customXml/.*|_xmlsignatures/.*"
    r"|(.*/)?printerSettings/[^/]+|(.*/)?vbaProject\.bin|(.*/)?vbaData\.xml)$",
    re.IGNORECASE,
)
XML_EXTENSIONS = {"xml", "rels", "hpf", "rdf"}
LENIENT_XML_EXTENSIONS = {"vml"}
SVG_EXTENSIONS = {"svg"}
KEPT_EXTENSIONS = {"emf", "wmf", "emz", "wmz", "odttf", "ttf", "otf", "fntdata"}
PACKAGE_EXTENSIONS = {"docx", "xlsx", "pptx", "docm", "xlsm", "pptm"}
KEPT_NAMES = re.compile(r"^(mimetype|Scripts/[^/]+)$")
PREVIEW_TEXT = re.compile(r"^Preview/PrvText\.txt$", re.IGNORECASE)
PREVIEW_IMAGE = re.compile(r"^Preview/PrvImage\.[a-z]+$", re.IGNORECASE)
HISTORY = re.compile(r"history", re.IGNORECASE)
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

Embedded = Callable[[bytes], bytes]


def _extension(name: str) -> str:
    return posixpath.splitext(name)[1][1:].lower()


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _source_of(rels: str) -> str:
    """The part a ``.rels`` member describes ("" for the package's own ``_rels/.rels``)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")]).lstrip("/")


def _dropped(names: list[str]) -> set[str]:
    dropped = {name for name in names if DROPPED.match(name)}
    dropped |= {_rels_of(name) for name in dropped if _rels_of(name) in names}
    return {name.lower() for name in dropped}


def _resolve(rels: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    folder = posixpath.dirname(posixpath.dirname(rels))
    return posixpath.normpath(posixpath.join(folder, target))


def _scrub_rels(name: str, data: bytes, dropped: set[str]) -> tuple[bytes, set[str]]:
    """The relationships part without those to dropped parts; returns the ids it removed."""
    tree = xmlparts.parse(data)
    removed = set()
    for relationship in list(tree.getroot().iter("{*}Relationship")):
        external = relationship.get("TargetMode") == "External"
        if not external and _resolve(name, relationship.get("Target", "")).lower() in dropped:
            removed.add(relationship.get("Id"))
            relationship.getparent().remove(relationship)
    xmlparts.scrub_tree(tree, name)
    return xmlparts.serialise(tree), removed


def _scrub_part(name: str, data: bytes, dropped: set[str], removed_ids: set[str]) -> bytes:
    tree = xmlparts.parse(data)
    root = tree.getroot()
    if name == "[Content_Types].xml":
        for override in list(root.iter("{*}Override")):
            if override.get("PartName", "").lstrip("/").lower() in dropped:
                root.remove(override)
    if removed_ids:
        for element in root.iter():
            for attribute in list(element.attrib) if isinstance(element.tag, str) else ():
                if etree.QName(attribute).namespace == RELATIONSHIPS_NS and element.get(attribute) in removed_ids:
                    del element.attrib[attribute]
    xmlparts.scrub_tree(tree, name)
    return xmlparts.serialise(tree)


def _scrub_member(name: str, data: bytes, embedded: Embedded) -> bytes:
    """A member that is neither dropped nor an XML part of the package."""
    extension = _extension(name)
    if PREVIEW_TEXT.match(name):
        return b""
    if PREVIEW_IMAGE.match(name):
        return images.blank_image(extension)
    if extension in images.FORMATS:
        return images.reencode(data, extension)
    if extension in SVG_EXTENSIONS:
        return xmlparts.scrub_xml(data, name)
    if extension in LENIENT_XML_EXTENSIONS:
        try:
            return xmlparts.scrub_xml(data, name)
        except NotScrubbable:
            return data  # legacy VML that is not well-formed XML: shapes, no properties
    if extension in PACKAGE_EXTENSIONS:
        return embedded(data)
    if extension in KEPT_EXTENSIONS or KEPT_NAMES.match(name):
        return data
    raise NotScrubbable(EMBEDDED, name)


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    for info in members:
        if info.flag_bits & 0x1:
            raise NotScrubbable(DAMAGED, "an encrypted member")
        if HISTORY.search(info.filename):
            raise NotScrubbable(EMBEDDED, f"{info.filename}: a version history")
    return members


def scrub_package(data: bytes, embedded: Embedded) -> bytes:
    """The package rewritten (module docstring); ``embedded`` scrubs a package found inside."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise NotScrubbable(DAMAGED, f"zip: {error}") from error
    with archive:
        members = _members(archive)
        names = [info.filename for info in members]
        dropped = _dropped(names)
        rels, removed_ids = {}, {}
        for name in names:
            if name.endswith(".rels") and name.lower() not in dropped:
                rels[name], removed_ids[_source_of(name)] = _scrub_rels(name, archive.read(name), dropped)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            for info in members:
                name = info.filename
                if name.lower() in dropped:
                    continue
                if info.is_dir():
                    content = b""
                elif name in rels:
                    content = rels[name]
                elif _extension(name) in XML_EXTENSIONS:
                    content = _scrub_part(name, archive.read(info), dropped, removed_ids.get(name, set()))
                else:
                    content = _scrub_member(name, archive.read(info), embedded)
                fresh = zipfile.ZipInfo(name, date_time=FIXED_TIME)
                fresh.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                out.writestr(fresh, content)
    return buffer.getvalue()
