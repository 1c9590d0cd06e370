"""Files that name their proposer in every place their format has, built here (no binary
fixtures), and a reader that finds a string anywhere in a file: in its bytes, in every zip
member decompressed, in every PDF stream decoded and string decoded, in an image's chunks.

The proposer: ``NAME``, ``EMPLOYEE_NUMBER`` (사번) and ``EMAIL``, searched in UTF-8, UTF-16LE,
UTF-16BE and CP949."""

import io
import zipfile
import zlib

import pikepdf
from PIL import Image, ImageCms, PngImagePlugin

NAME = "한예준비밀"
EMPLOYEE_NUMBER = "S20190417"
EMAIL = "hanyejun.secret@gyeongnam.go.kr"
SECRETS = (NAME, EMPLOYEE_NUMBER, EMAIL)
BODY = "Blockchain administrative innovation"

XMP = f"""<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmp:CreatorTool="{EMAIL}"><dc:creator><rdf:Seq><rdf:li>{NAME} {EMPLOYEE_NUMBER}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"""


# --- Reading everything a file holds -------------------------------------------------------


def _direct(children) -> list:
    """Children held directly (indirect objects are visited on their own: no cycles)."""
    return [c for c in children if not (isinstance(c, pikepdf.Object) and c.is_indirect)]


def _pdf_parts(blob: bytes) -> list[bytes]:
    parts = []
    with pikepdf.open(io.BytesIO(blob)) as pdf:
        for obj in [pdf.trailer, *pdf.objects]:
            stack = [obj]
            while stack:
                item = stack.pop()
                if isinstance(item, pikepdf.Stream):
                    try:
                        parts.extend(expand(item.read_bytes()))
                    except pikepdf.PdfError:  # an image codec pikepdf does not decode: its bytes
                        parts.extend(expand(item.read_raw_bytes()))
                if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
                    stack.extend(_direct(item.values()))
                    parts.extend(str(k).encode() for k in item.keys())  # noqa: SIM118 (a pikepdf object)
                elif isinstance(item, pikepdf.Array):
                    stack.extend(_direct(item))
                elif isinstance(item, pikepdf.String):
                    parts.extend([bytes(item), str(item).encode()])
    return parts


def _image_parts(blob: bytes) -> list[bytes]:
    try:
        with Image.open(io.BytesIO(blob)) as image:
            return [repr(image.info).encode(), repr(dict(image.getexif())).encode("utf-8")]
    except OSError:
        return []


def expand(blob: bytes) -> list[bytes]:
    """The blob and everything inside it, decompressed and decoded, recursively."""
    parts = [blob]
    if blob.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            for name in archive.namelist():
                parts.append(name.encode())
                parts.extend(expand(archive.read(name)))
    elif blob.startswith(b"%PDF"):
        parts.extend(_pdf_parts(blob))
    elif blob.startswith((b"\x89PNG", b"\xff\xd8", b"GIF8")):
        parts.extend(_image_parts(blob))
    return parts


def needles(secrets=SECRETS) -> list[bytes]:
    found = []
    for secret in secrets:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "cp949"):
            found.append(secret.encode(encoding))
    return found


def leaks(blob: bytes, secrets=SECRETS) -> list[str]:
    """Which of the secrets (in which encoding) appear anywhere in the blob."""
    parts = expand(blob)
    return sorted({repr(n) for n in needles(secrets) for part in parts if n in part})


# --- Images ----------------------------------------------------------------------------------


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x8298] = EMAIL  # Copyright
    exif[0x010E] = f"{NAME} {EMPLOYEE_NUMBER}"  # ImageDescription
    exif[0x9C9D] = (EMPLOYEE_NUMBER + NAME + "\x00").encode("utf-16-le")  # XPAuthor, UTF-16LE
    exif[0x0112] = 6  # Orientation: rotated, so the copy must apply it
    return exif.tobytes()


def jpeg_with_identity(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(out, format="JPEG", exif=_exif(), comment=f"{NAME} {EMAIL}".encode(),
               xmp=XMP.encode(), icc_profile=icc)  # fmt: skip
    return out.getvalue()


def png_with_identity(size=(30, 10)) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", EMPLOYEE_NUMBER)
    info.add_text("Comment", EMAIL, zip=True)  # zTXt: compressed
    info.add_itxt("Title", NAME, lang="ko", zip=True)  # iTXt: UTF-8, compressed
    info.add_itxt("XML:com.adobe.xmp", XMP)
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 255)).save(out, format="PNG", pnginfo=info, exif=_exif())
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------


def _annotations(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    popup = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Popup, Rect=[0, 0, 50, 50], T=pikepdf.String(EMAIL)
    ))  # fmt: skip
    note = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
        T=pikepdf.String(NAME), Contents=pikepdf.String("검토 의견"), Popup=popup,
    ))  # fmt: skip
    highlight = pikepdf.Dictionary(  # a direct annotation, without /Type
        Subtype=pikepdf.Name.Highlight, Rect=[0, 0, 5, 5], T=pikepdf.String(EMPLOYEE_NUMBER)
    )
    popup.Parent = note
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([note, popup, highlight]))


def _embedded_docx(pdf: pikepdf.Pdf) -> None:
    inner = docx_with_identity(with_embedding=False)
    stream = pikepdf.Stream(pdf, inner)
    stream.Type = pikepdf.Name.EmbeddedFile
    stream.Params = pikepdf.Dictionary(Size=len(inner), Mac=pikepdf.Dictionary(Creator=pikepdf.String(EMAIL)))
    spec = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Filespec, F=pikepdf.String(f"{NAME}.docx"), UF=pikepdf.String(f"{NAME}.docx"),
        Desc=pikepdf.String(EMPLOYEE_NUMBER), EF=pikepdf.Dictionary(F=stream),
    ))  # fmt: skip
    tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String(f"{NAME}.docx"), spec]))
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pdf.make_indirect(tree))


def _jpeg_image(pdf: pikepdf.Pdf) -> pikepdf.Object:
    data = jpeg_with_identity(size=(8, 8))
    return pikepdf.Stream(pdf, data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=8, Height=8,
                          ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)  # fmt: skip


def pdf_with_identity() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font),
                                            XObject=pikepdf.Dictionary(Im1=_jpeg_image(pdf)))  # fmt: skip
    page.obj.Contents = pdf.make_stream(f"BT /F1 12 Tf 10 100 Td ({BODY}) Tj ET q 8 0 0 8 0 0 cm /Im1 Do Q".encode())
    page.obj.Metadata = pdf.make_stream(XMP.encode())
    page.obj.PieceInfo = pikepdf.Dictionary(App=pikepdf.Dictionary(Private=pikepdf.String(EMPLOYEE_NUMBER)))
    _annotations(pdf, page)
    _embedded_docx(pdf)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [f"{NAME} {EMPLOYEE_NUMBER}"]
        meta["xmp:CreatorTool"] = EMAIL
    pdf.docinfo["/Author"] = f"{NAME} {EMPLOYEE_NUMBER} 예산담당관"  # UTF-16BE, as PDF stores text
    pdf.docinfo["/Creator"] = EMAIL
    pdf.docinfo["/Producer"] = EMPLOYEE_NUMBER
    pdf.docinfo["/Title"] = f"{NAME} 제안서"
    pdf.docinfo["/Keywords"] = pikepdf.String(b"\xff\xfe" + NAME.encode("utf-16-le"))  # UTF-16LE bytes too
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # strings inside compressed streams
    return out.getvalue()


# --- Zip containers ----------------------------------------------------------------------------

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
<dc:title>{NAME} 제안서</dc:title><dc:creator>{NAME} {EMPLOYEE_NUMBER}</dc:creator>
<cp:lastModifiedBy>{EMAIL}</cp:lastModifiedBy><cp:keywords>{EMPLOYEE_NUMBER}</cp:keywords>
<dc:description>{NAME}</dc:description></cp:coreProperties>"""
APP = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Template>C:\\Users\\{EMPLOYEE_NUMBER}\\Normal.dotm</Template><Company>{NAME} 예산담당관</Company>
<Manager>{EMAIL}</Manager><Application>Microsoft Office Word</Application></Properties>"""
CUSTOM = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
 xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="사번"><vt:lpwstr>{EMPLOYEE_NUMBER}</vt:lpwstr></property>
</Properties>"""


def _rels(*relationships: tuple[str, str, str, str]) -> str:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{OFFICE_RELS}/{kind}" Target="{target}"{mode}/>'
        for rid, kind, target, mode in relationships
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">{items}</Relationships>'


def _content_types(*overrides: tuple[str, str]) -> str:
    items = "".join(f'<Override PartName="{part}" ContentType="{ctype}"/>' for part, ctype in overrides)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Default Extension="png" ContentType="image/png"/><Default Extension="bin" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"/>{items}</Types>'
    )


def _package(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()


def _doc_props(members: dict, *root_rels: tuple) -> None:
    """``docProps`` (core, app, custom, thumbnail) and the package relationships to them."""
    members["_rels/.rels"] = _rels(
        ("rId1", "metadata/core-properties", "docProps/core.xml", ""),
        ("rId2", "extended-properties", "docProps/app.xml", ""),
        ("rId3", "custom-properties", "docProps/custom.xml", ""),
        ("rId4", "metadata/thumbnail", "docProps/thumbnail.jpeg", ""),
        *root_rels,
    )
    members["docProps/core.xml"] = CORE
    members["docProps/app.xml"] = APP
    members["docProps/custom.xml"] = CUSTOM
    members["docProps/thumbnail.jpeg"] = jpeg_with_identity()


DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{OFFICE_RELS}"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body>
<w:p><w:r><w:t>{BODY}</w:t></w:r></w:p>
<w:p><w:ins w:id="1" w:author="{NAME}" w:date="2019-05-20T10:00:00Z"><w:r><w:t>추가</w:t></w:r></w:ins>
<w:del w:id="2" w:author="{EMAIL}" w:date="2019-05-20T10:00:00Z"><w:r><w:delText>삭제</w:delText></w:r></w:del>
<w:r><w:rPr><w:rPrChange w:id="3" w:author="{EMPLOYEE_NUMBER}"><w:rPr/></w:rPrChange></w:rPr><w:t>서식</w:t></w:r>
<w:commentRangeStart w:id="0"/><w:r><w:t>의견</w:t></w:r><w:commentRangeEnd w:id="0"/></w:p>
<!-- {NAME} wrote this -->
</w:body></w:document>"""
COMMENTS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{NAME}" w:initials="{EMPLOYEE_NUMBER}">
<w:p><w:r><w:t>검토 필요</w:t></w:r></w:p></w:comment></w:comments>"""
PEOPLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="{NAME}">
<w15:presenceInfo w15:providerId="AD" w15:userId="S::{EMAIL}::{EMPLOYEE_NUMBER}"/></w15:person></w15:people>"""


def docx_with_identity(*, with_embedding: bool = True) -> bytes:
    members: dict[str, str | bytes] = {}
    members["[Content_Types].xml"] = _content_types(
        ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        ("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml"),
        ("/customXml/itemProps1.xml", "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"),
    )
    _doc_props(members, ("rId5", "officeDocument", "word/document.xml", ""))
    members["word/document.xml"] = DOCUMENT
    members["word/comments.xml"] = COMMENTS
    members["word/people.xml"] = PEOPLE
    members["word/settings.xml"] = f'<?xml version="1.0"?><w:settings xmlns:w="{W}" xmlns:r="{OFFICE_RELS}"><w:attachedTemplate r:id="rId1"/></w:settings>'
    members["word/_rels/settings.xml.rels"] = _rels(
        ("rId1", "attachedTemplate", f"file:///C:\\Users\\{EMPLOYEE_NUMBER}\\Templates\\Normal.dotm", ' TargetMode="External"')
    )
    members["word/media/image1.jpeg"] = jpeg_with_identity()
    members["customXml/item1.xml"] = f"<properties><person><DisplayName>{NAME}</DisplayName></person></properties>"
    members["customXml/itemProps1.xml"] = '<?xml version="1.0"?><ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" ds:itemID="{1}"/>'
    members["customXml/_rels/item1.xml.rels"] = _rels(("rId1", "customXmlProps", "itemProps1.xml", ""))
    relationships = [
        ("rId1", "comments", "comments.xml", ""), ("rId2", "people", "people.xml", ""),
        ("rId3", "image", "media/image1.jpeg", ""), ("rId4", "customXml", "../customXml/item1.xml", ""),
        ("rId5", "settings", "settings.xml", ""),
    ]  # fmt: skip
    if with_embedding:
        members["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = xlsx_with_identity()
        relationships.append(("rId6", "package", "embeddings/Microsoft_Excel_Worksheet.xlsx", ""))
    members["word/_rels/document.xml.rels"] = _rels(*relationships)
    return _package(members)


SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx_with_identity() -> bytes:
    members: dict[str, str | bytes] = {}
    members["[Content_Types].xml"] = _content_types(
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    )
    _doc_props(members, ("rId5", "officeDocument", "xl/workbook.xml", ""))
    members["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{SPREADSHEET}" xmlns:r="{OFFICE_RELS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac">'
        f'<fileSharing userName="{NAME}"/><mc:AlternateContent><mc:Choice Requires="x15">'
        f'<x15ac:absPath url="C:\\Users\\{EMPLOYEE_NUMBER}\\Desktop\\"/></mc:Choice></mc:AlternateContent>'
        '<sheets><sheet name="예산" sheetId="1" r:id="rId1"/></sheets>'
        f'<customWorkbookViews><customWorkbookView name="{NAME} - 개인 보기" guid="{{5}}"/></customWorkbookViews></workbook>'
    )
    members["xl/pivotCache/pivotCacheDefinition1.xml"] = (
        f'<?xml version="1.0"?><pivotCacheDefinition xmlns="{SPREADSHEET}" refreshedBy="{EMPLOYEE_NUMBER}" '
        f'refreshedDate="43600"><cacheSource type="external"/></pivotCacheDefinition>'
    )
    members["xl/connections.xml"] = (
        f'<?xml version="1.0"?><connections xmlns="{SPREADSHEET}"><connection id="1" name="예산DB" '
        f'odcFile="C:\\Users\\{EMPLOYEE_NUMBER}\\Documents\\budget.odc"><dbPr '
        f'connection="Provider=SQLOLEDB;User ID={EMAIL};Data Source=db01"/></connection></connections>'
    )
    members["xl/_rels/workbook.xml.rels"] = _rels(
        ("rId1", "worksheet", "worksheets/sheet1.xml", ""), ("rId2", "person", "persons/person.xml", ""),
        ("rId3", "usernames", "revisions/userNames.xml", ""),
        ("rId4", "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml", ""),
        ("rId5", "connections", "connections.xml", ""),
    )
    members["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0"?><worksheet xmlns="{SPREADSHEET}" xmlns:r="{OFFICE_RELS}"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{BODY}</t></is></c></row></sheetData>'
        '<pageSetup paperSize="9" r:id="rId1"/><drawing r:id="rId3"/></worksheet>'
    )
    members["xl/worksheets/_rels/sheet1.xml.rels"] = _rels(
        ("rId1", "printerSettings", "../printerSettings/printerSettings1.bin", ""),
        ("rId2", "comments", "../comments1.xml", ""), ("rId3", "drawing", "../drawings/drawing1.xml", ""),
    )
    members["xl/printerSettings/printerSettings1.bin"] = f"\\\\PRN01\\{EMPLOYEE_NUMBER}".encode("utf-16-le") + bytes(200)
    members["xl/comments1.xml"] = (
        f'<?xml version="1.0"?><comments xmlns="{SPREADSHEET}"><authors><author>{NAME}</author>'
        f'<author>{EMAIL}</author></authors><commentList><comment ref="A1" authorId="0"><text><t>확인</t></text>'
        "</comment></commentList></comments>"
    )
    members["xl/persons/person.xml"] = (
        '<?xml version="1.0"?><personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        f'<person displayName="{NAME}" id="{{1}}" userId="{EMAIL}" providerId="AD"/></personList>'
    )
    members["xl/revisions/userNames.xml"] = (
        f'<?xml version="1.0"?><users xmlns="{SPREADSHEET}" count="1"><userInfo guid="{{2}}" name="{EMPLOYEE_NUMBER}" id="1"/></users>'
    )
    members["xl/drawings/drawing1.xml"] = '<?xml version="1.0"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>'
    members["xl/drawings/_rels/drawing1.xml.rels"] = _rels(("rId1", "image", "../media/image1.png", ""))
    members["xl/media/image1.png"] = png_with_identity()
    return _package(members)


def pptx_with_identity() -> bytes:
    members: dict[str, str | bytes] = {}
    members["[Content_Types].xml"] = _content_types(
        ("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")
    )
    _doc_props(members, ("rId5", "officeDocument", "ppt/presentation.xml", ""))
    pml = "http://schemas.openxmlformats.org/presentationml/2006/main"
    members["ppt/presentation.xml"] = f'<?xml version="1.0"?><p:presentation xmlns:p="{pml}"/>'
    members["ppt/_rels/presentation.xml.rels"] = _rels(
        ("rId1", "slide", "slides/slide1.xml", ""), ("rId2", "commentAuthors", "commentAuthors.xml", ""),
        ("rId3", "authors", "authors.xml", ""),
    )
    members["ppt/slides/slide1.xml"] = (
        f'<?xml version="1.0"?><p:sld xmlns:p="{pml}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f"<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{BODY}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    )
    members["ppt/slides/_rels/slide1.xml.rels"] = _rels(("rId1", "image", "../media/image1.png", ""))
    members["ppt/media/image1.png"] = png_with_identity()
    members["ppt/commentAuthors.xml"] = (
        f'<?xml version="1.0"?><p:cmAuthorLst xmlns:p="{pml}"><p:cmAuthor id="1" name="{NAME}" '
        f'initials="{EMPLOYEE_NUMBER}" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
    )
    members["ppt/authors.xml"] = (
        '<?xml version="1.0"?><p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main">'
        f'<p188:author id="{{3}}" name="{NAME}" initials="HY" userId="{EMAIL}" providerId="AD"/></p188:authorLst>'
    )
    return _package(members)


OPF = "http://www.idpf.org/2007/opf/"
HH = "http://www.hancom.co.kr/hwpml/2011/head"
HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"


def hwpx_with_identity() -> bytes:
    members: dict[str, str | bytes] = {"mimetype": "application/hwp+zip"}
    members["version.xml"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" application="Hancom Office Hangul"/>'
    members["META-INF/container.xml"] = '<?xml version="1.0"?><ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"/>'
    members["Contents/content.hpf"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><opf:package xmlns:opf="{OPF}" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><opf:metadata>'
        f'<opf:title>{NAME} 제안서</opf:title><opf:language>ko</opf:language>'
        f'<opf:meta name="creator" content="text">{NAME}</opf:meta>'
        f'<opf:meta name="lastsaveby" content="text">{EMPLOYEE_NUMBER}</opf:meta>'
        f'<opf:meta name="description" content="text">{EMAIL}</opf:meta><dc:creator>{NAME}</dc:creator>'
        '</opf:metadata><opf:manifest><opf:item id="header" href="Contents/header.xml"/>'
        '<opf:item id="image1" href="BinData/image1.jpg"/></opf:manifest></opf:package>'
    )
    members["Contents/header.xml"] = (
        f'<?xml version="1.0"?><hh:head xmlns:hh="{HH}"><hh:trackChangeAuthors>'
        f'<hh:trackChangeAuthor id="1" name="{NAME}" mark="1" color="#FF0000"/>'
        f'<hh:trackChangeAuthor id="2" name="{EMAIL}" mark="1"/></hh:trackChangeAuthors></hh:head>'
    )
    members["Contents/section0.xml"] = (
        f'<?xml version="1.0"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="{HP}">'
        f'<hp:p><hp:run><hp:t>{BODY}</hp:t></hp:run><hp:run><hp:ctrl><hp:fieldBegin type="MEMO"><hp:parameters>'
        f'<hp:stringParam name="Author">{EMPLOYEE_NUMBER}</hp:stringParam></hp:parameters></hp:fieldBegin>'
        "</hp:ctrl></hp:run></hp:p></hs:sec>"
    )
    members["settings.xml"] = '<?xml version="1.0"?><ha:HWPApplicationSetting xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app"/>'
    members["Preview/PrvText.txt"] = f"{NAME} {EMPLOYEE_NUMBER} {EMAIL}".encode("utf-16-le")
    members["Preview/PrvImage.png"] = png_with_identity()
    members["BinData/image1.jpg"] = jpeg_with_identity()
    return _package(members)


def hwp_with_identity() -> bytes:
    """An OLE compound file's header, then summary-information-like streams naming the
    proposer in UTF-16LE (as HWP's property sets store them) and a DocInfo-like record."""
    summary = b"\xfe\xff\x00\x00" + (NAME + EMPLOYEE_NUMBER).encode("utf-16-le") + EMAIL.encode("utf-16-le")
    doc_info = zlib.compress(f"trackChangeAuthor={NAME}".encode("utf-16-le"))
    body = summary + bytes(64) + doc_info
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + body + bytes(-len(body) % 512)
