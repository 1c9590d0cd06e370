"""The XML parts of OOXML and HWPX packages, and SVG images, without names.

Parsed with lxml through a hardened parser (``PARSER``): no DTD loaded, no entity resolved, no
network, no huge-tree mode; a part that declares a DOCTYPE at all is refused (no OOXML or OWPML
part has one). lxml, not defusedxml's ElementTree, because ElementTree renames namespace
prefixes when it writes, and Office reads prefixes by name (``mc:Ignorable="w14 wp14"``): a
renamed prefix makes Word call the file corrupt. The parser keeps prefixes, text and order.

The rules hold for every part, so a place the rules name is blanked wherever a format puts it:

- attributes ``author``, ``initials``, ``userId``, ``userName``, ``providerId``,
  ``lastModifiedBy``, ``creator``, ``refreshedBy``, ``sourceFile``, ``odcFile`` (any namespace):
  Word's comments and revisions (``w:author``, ``w:initials`` on ``w:comment``, ``w:ins``,
  ``w:del``, ``w:rPrChange``…), ``word/people.xml`` (``w15:person``, ``w15:presenceInfo``),
  Excel's shared-workbook revisions, file sharing, pivot caches and data connections;
- the elements that describe a person (``cmAuthor``, ``author``, ``person``, ``userInfo``,
  ``trackChangeAuthor``) lose their ``name``, ``initials``, ``displayName``, ``email`` and their
  text: PowerPoint's ``commentAuthors.xml`` and ``authors.xml``, Excel's comment authors and
  ``persons``, HWPX's track-change authors;
- elements ``creator`` and ``lastModifiedBy`` lose their text, and so does any element whose
  ``name`` attribute says it holds an author (HWPX's ``<opf:meta name="creator">``,
  ``name="lastsaveby"``, a memo field's ``<hp:stringParam name="Author">``);
- ``absPath`` loses its ``url`` (Excel keeps the folder the workbook was saved in, often
  ``C:\\Users\\<name>\\…``), a data connection its connection string, a custom workbook view
  its name (Excel names it after the person); relationships to local files or shares lose their
  target;
- comments go from every part;
- per part: ``docProps/core.xml`` keeps no property at all; ``docProps/app.xml`` loses
  ``Company``, ``Manager``, ``HyperlinkBase`` and ``Template``; HWPX's ``content.hpf`` keeps
  only the language of its metadata; an SVG loses ``<metadata>`` and its editor's attributes.
"""

import re

from lxml import etree

from . import DAMAGED, NotScrubbable

PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)

BLANKED_ATTRIBUTES = {
    "author", "initials", "userId", "userName", "providerId", "lastModifiedBy", "creator", "refreshedBy",
    "sourceFile", "odcFile",
}  # fmt: skip
# Attributes that name a person or their folders on one element only.
ELEMENT_ATTRIBUTES = {"absPath": {"url"}, "dbPr": {"connection"}, "customWorkbookView": {"name"}}
PERSON_ELEMENTS = {"cmAuthor", "author", "person", "userInfo", "trackChangeAuthor"}
PERSON_ATTRIBUTES = {"name", "initials", "displayName", "email"}
BLANKED_ELEMENTS = {"creator", "lastModifiedBy"}
AUTHOR_NAMES = {"author", "creator", "lastsaveby", "lastmodifiedby", "lastauthor", "writer"}
APP_PROPERTIES = {"Company", "Manager", "HyperlinkBase", "Template"}
EDITOR_NAMESPACES = ("inkscape", "sodipodi", "adobe.com", "sketch")
LOCAL_TARGET = re.compile(r"^(file:|[a-zA-Z]:[\\/]|\\\\|/(Users|home)/)", re.IGNORECASE)


def parse(data: bytes) -> etree._ElementTree:
    try:
        tree = etree.ElementTree(etree.fromstring(data, PARSER))
    except etree.XMLSyntaxError as error:
        raise NotScrubbable(DAMAGED, f"xml: {error}") from error
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise NotScrubbable(DAMAGED, "xml: a DOCTYPE")
    return tree


def serialise(tree: etree._ElementTree) -> bytes:
    """The part in UTF-8 (whatever it was in) with a declaration as Office writes it."""
    standalone = {True: ' standalone="yes"', False: ' standalone="no"'}.get(tree.docinfo.standalone, "")
    declaration = f'<?xml version="1.0" encoding="UTF-8"{standalone}?>\r\n'.encode()
    return declaration + etree.tostring(tree, xml_declaration=False, encoding="UTF-8")


def _local(name: str) -> str:
    return etree.QName(name).localname


def _blank_element(element, local: str) -> None:
    for attribute in list(element.attrib):
        attribute_local = _local(attribute)
        if attribute_local in BLANKED_ATTRIBUTES or (
            local in PERSON_ELEMENTS and attribute_local in PERSON_ATTRIBUTES
        ):
            element.set(attribute, "")
    for attribute in ELEMENT_ATTRIBUTES.get(local, ()):
        if attribute in element.attrib:
            element.set(attribute, "")
    named = (element.get("name") or "").lower()
    if local in PERSON_ELEMENTS or local in BLANKED_ELEMENTS or named in AUTHOR_NAMES:
        element.text = ""
        for child in list(element):
            element.remove(child)


def _remove_comments(root) -> None:
    for comment in root.xpath("//comment()"):
        parent = comment.getparent()
        if parent is not None:
            if comment.tail:  # keep the text that followed the comment
                previous = comment.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + comment.tail
                else:
                    parent.text = (parent.text or "") + comment.tail
            parent.remove(comment)


def _part_rules(root, part: str) -> None:
    lower = part.lower()
    if lower == "docprops/core.xml":
        for child in list(root):
            root.remove(child)
        root.text = None
    elif lower == "docprops/app.xml":
        for child in root:
            if isinstance(child.tag, str) and _local(child.tag) in APP_PROPERTIES:
                child.text = ""
                for grandchild in list(child):
                    child.remove(grandchild)
    elif lower.endswith(".hpf"):
        for metadata in root.iter("{*}metadata"):
            for child in metadata:
                if isinstance(child.tag, str) and _local(child.tag) != "language":
                    child.text = ""
    elif lower.endswith(".rels"):
        for relationship in root.iter("{*}Relationship"):
            if relationship.get("TargetMode") == "External" and LOCAL_TARGET.match(relationship.get("Target", "")):
                relationship.set("Target", "")


def _editor_namespace(name: str) -> bool:
    namespace = (etree.QName(name).namespace or "").lower()
    return any(marker in namespace for marker in EDITOR_NAMESPACES)


def _svg_rules(root) -> None:
    for metadata in list(root.iter("{*}metadata")):
        metadata.getparent().remove(metadata)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        if parent is not None and _editor_namespace(element.tag):
            parent.remove(element)
            continue
        for attribute in list(element.attrib):
            if _editor_namespace(attribute):
                del element.attrib[attribute]


def scrub_tree(tree: etree._ElementTree, part: str) -> None:
    """Applies every rule to a parsed part (in place)."""
    root = tree.getroot()
    _remove_comments(root)
    for element in root.iter():
        if isinstance(element.tag, str):
            _blank_element(element, _local(element.tag))
    _part_rules(root, part)
    if _local(root.tag) == "svg":
        _svg_rules(root)


def scrub_xml(data: bytes, part: str) -> bytes:
    tree = parse(data)
    scrub_tree(tree, part)
    return serialise(tree)
