"""The board copy of each kind of file (``proposals.scrub``): every place a format keeps its
makers' names is emptied, and the document is still the document (it opens, its text is there,
its pictures look the same way up). The end-to-end check through the upload and the board's
pages is tests/screening/test_blind_files.py."""

import io
import posixpath
import zipfile

import pikepdf
import pytest
from lxml import etree
from PIL import Image

from proposals.scrub import DAMAGED, EMBEDDED, LEGACY, LIMITS, NotScrubbable
from proposals.scrub.dispatch import scrub_bytes
from proposals.scrub.images import strip_jpeg
from proposals.scrub.runner import scrub_in_child

from . import scrub_samples as samples

BUILDERS = {
    "pdf": samples.pdf_with_identity,
    "docx": samples.docx_with_identity,
    "xlsx": samples.xlsx_with_identity,
    "pptx": samples.pptx_with_identity,
    "hwpx": samples.hwpx_with_identity,
    "jpg": samples.jpeg_with_identity,
    "png": samples.png_with_identity,
}


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_place_that_names_the_proposer_is_emptied(kind):
    original = BUILDERS[kind]()
    assert len(samples.leaks(original)) >= 6, "the sample must carry every secret, in more than one encoding"
    assert samples.leaks(scrub_bytes(kind, original)) == []


def _zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _relationship_targets(parts: dict[str, bytes]) -> list[str]:
    targets = []
    for name, content in parts.items():
        if not name.endswith(".rels"):
            continue
        source_folder = posixpath.dirname(posixpath.dirname(name))
        for relationship in etree.fromstring(content).iter("{*}Relationship"):
            if relationship.get("TargetMode") != "External":
                targets.append(posixpath.normpath(posixpath.join(source_folder, relationship.get("Target"))))
    return targets


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_a_scrubbed_office_file_is_still_a_consistent_package(kind):
    parts = _zip_parts(scrub_bytes(kind, BUILDERS[kind]()))
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)  # well-formed
    assert set(_relationship_targets(parts)) <= set(parts), "a relationship points at a removed part"
    types = etree.fromstring(parts["[Content_Types].xml"])
    assert {o.get("PartName").lstrip("/") for o in types.iter("{*}Override")} <= set(parts)
    assert not any(name.startswith(("customXml/", "docProps/custom", "docProps/thumbnail")) for name in parts)
    assert samples.BODY.encode() in b"".join(parts.values())


def test_a_scrubbed_docx_keeps_its_text_prefixes_and_pictures():
    parts = _zip_parts(scrub_bytes("docx", samples.docx_with_identity()))
    document = parts["word/document.xml"]
    assert document.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    assert b'mc:Ignorable="w14"' in document and b"<w:ins " in document  # prefixes as Word reads them
    root = etree.fromstring(document)
    w = samples.W
    assert [e.get(f"{{{w}}}author") for e in root.iter(f"{{{w}}}ins", f"{{{w}}}del")] == ["", ""]
    with Image.open(io.BytesIO(parts["word/media/image1.jpeg"])) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (20, 40)  # EXIF said "rotated": the pixels are turned, the tag is gone
        assert not picture.getexif()
    embedded = _zip_parts(parts["word/embeddings/Microsoft_Excel_Worksheet.xlsx"])
    assert b"<dc:creator>" not in embedded["docProps/core.xml"]
    assert b"Normal.dotm" not in parts["word/_rels/settings.xml.rels"]  # a template under C:\\Users\\<name>


def test_a_scrubbed_workbook_loses_its_printer_settings_and_the_reference_to_them():
    parts = _zip_parts(scrub_bytes("xlsx", samples.xlsx_with_identity()))
    assert not any("printerSettings" in name for name in parts)
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"<pageSetup" in sheet and b"r:id" not in sheet.split(b"<pageSetup")[1].split(b"/>")[0]
    assert b'<drawing r:id="rId3"/>' in sheet  # a reference to a kept part stays


def test_a_scrubbed_hwpx_keeps_its_mimetype_first_and_stored():
    data = scrub_bytes("hwpx", samples.hwpx_with_identity())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("Preview/PrvText.txt") == b""
        metadata = archive.read("Contents/content.hpf")
    assert b"<opf:language>ko</opf:language>" in metadata


def test_a_scrubbed_pdf_keeps_its_page_and_loses_its_properties():
    data = scrub_bytes("pdf", samples.pdf_with_identity())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1
        assert samples.BODY.encode() in pdf.pages[0].obj.Contents.read_bytes()
        annotations = list(pdf.pages[0].obj.Annots)
        assert [("/T" in a) for a in annotations] == [False, False, False]
        assert str(annotations[0].Contents) == "검토 의견"  # what the comment says stays
        (name, spec) = list(pdf.Root.Names.EmbeddedFiles.Names)
        assert str(name) == "attachment-001.docx" == str(spec.F)
        inner = spec.EF.F.read_bytes()
    assert zipfile.ZipFile(io.BytesIO(inner)).read("word/document.xml")  # the attached file, scrubbed


def test_an_image_keeps_its_pixels_and_transparency():
    data = scrub_bytes("png", samples.png_with_identity())
    with Image.open(io.BytesIO(data)) as picture:
        assert (picture.mode, picture.size) == ("RGBA", (10, 30))  # turned as its EXIF said
        assert picture.getpixel((0, 0)) == (10, 120, 200, 255)
        assert not picture.text and "exif" not in picture.info


def test_a_jpeg_stream_loses_its_metadata_segments_and_trailing_bytes():
    original = samples.jpeg_with_identity() + b"TRAILING " + samples.EMAIL.encode()
    stripped = strip_jpeg(original)
    assert samples.leaks(stripped) == []
    assert stripped.endswith(b"\xff\xd9")
    with Image.open(io.BytesIO(stripped)) as picture:
        picture.load()
        assert picture.size == (40, 20)


@pytest.mark.parametrize("kind", ["hwp", "doc", "xls", "ppt"])
def test_legacy_formats_are_not_scrubbable(kind):
    with pytest.raises(NotScrubbable) as refused:
        scrub_bytes(kind, samples.hwp_with_identity())
    assert refused.value.reason == LEGACY


def test_xml_with_a_doctype_is_refused_not_expanded():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<Types>&lol2;</Types>"
    )
    members = {"[Content_Types].xml": laughs, "word/document.xml": b"<w:document xmlns:w='x'/>"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    with pytest.raises(NotScrubbable) as refused:
        scrub_bytes("docx", buffer.getvalue())
    assert refused.value.reason == DAMAGED


def test_an_unknown_part_or_an_embedded_ole_object_is_not_passed_through():
    for name in ("word/embeddings/oleObject1.bin", "word/unknown.dat"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document xmlns:w='x'/>")
            archive.writestr(name, samples.NAME.encode("utf-16-le"))
        with pytest.raises(NotScrubbable) as refused:
            scrub_bytes("docx", buffer.getvalue())
        assert refused.value.reason == EMBEDDED, name


def test_a_decompression_bomb_is_not_decoded():
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")  # 400 megapixels in a few kB
    with pytest.raises(NotScrubbable) as refused:
        scrub_bytes("png", buffer.getvalue())
    assert refused.value.reason == DAMAGED


# --- The child process ---------------------------------------------------------------------


def test_the_child_process_returns_the_same_copy():
    original = samples.docx_with_identity()
    assert scrub_in_child("docx", original) == scrub_bytes("docx", original)


def test_the_child_process_names_the_reason(settings):
    with pytest.raises(NotScrubbable) as refused:
        scrub_in_child("pdf", b"%PDF-1.4 not really")
    assert refused.value.reason == DAMAGED


def test_a_child_past_its_time_is_killed(settings):
    settings.SCRUB_TIMEOUT_SECONDS = 0.01
    with pytest.raises(NotScrubbable) as refused:
        scrub_in_child("pdf", samples.pdf_with_identity())
    assert refused.value.reason == LIMITS


def test_a_child_past_its_memory_is_stopped(settings):
    settings.SCRUB_MEMORY_MB = 64  # the interpreter starts; decoding a 6000×6000 picture cannot
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 6000), "white").save(buffer, format="PNG")
    with pytest.raises(NotScrubbable) as refused:
        scrub_in_child("png", buffer.getvalue())
    assert refused.value.reason == LIMITS


def test_a_picture_in_a_format_pillow_would_hand_to_another_program_is_not_read():
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    with pytest.raises(NotScrubbable) as refused:
        scrub_bytes("png", eps)
    assert refused.value.reason == DAMAGED


def test_a_workbook_written_by_openpyxl_still_loads_after_scrubbing():
    """A package written by a real library, with a legacy comment (and its VML drawing) and a
    picture: the copy opens in openpyxl with its cell, comment text and picture."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image as SheetImage

    workbook = Workbook()
    workbook.properties.creator = samples.NAME
    workbook.properties.lastModifiedBy = samples.EMAIL
    sheet = workbook.active
    sheet["A1"] = samples.BODY
    sheet["A1"].comment = Comment("확인 바랍니다", samples.EMPLOYEE_NUMBER)
    sheet.add_image(SheetImage(io.BytesIO(samples.png_with_identity())), "C3")
    original = io.BytesIO()
    workbook.save(original)
    assert samples.leaks(original.getvalue())

    copy = scrub_bytes("xlsx", original.getvalue())

    assert samples.leaks(copy) == []
    loaded = load_workbook(io.BytesIO(copy))
    cell = loaded.active["A1"]
    assert cell.value == samples.BODY and cell.comment.text == "확인 바랍니다"
    assert loaded.properties.creator != samples.NAME  # openpyxl names itself when none is left
    assert len(loaded.active._images) == 1
