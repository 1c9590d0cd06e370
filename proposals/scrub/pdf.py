"""PDFs without their makers' names, through pikepdf (qpdf).

- the trailer's ``/Info`` goes whole (Author, Creator, Producer, Title, Subject, Keywords, dates
  and any custom key);
- every ``/Metadata`` stream (XMP: the document's, a page's, an image's) and every
  ``/PieceInfo`` (an application's private data) goes, and so do ``/Author``, ``/Creator`` and
  ``/Producer`` wherever else a dictionary has them (an article thread's information);
- annotations other than form fields lose ``/T`` (a comment's, a highlight's, a popup's author);
- a signature loses its signer (``/Name``, ``/ContactInfo``, ``/Location``, ``/Reason``,
  ``/Prop_Build``, ``/Cert``) and its ``/Contents`` (the certificate names them too);
- an embedded file (``/EmbeddedFiles``, a file-attachment annotation) is scrubbed in turn as the
  kind its content is, loses its ``/Params`` and ``/Desc``, and is renamed ``attachment-N.ext``;
  one that cannot be scrubbed makes the PDF not scrubbable;
- a JPEG image stream loses its EXIF, XMP, ICC and comment segments (``images.strip_jpeg``,
  the compressed pixels untouched).

The copy is written whole (``save``): earlier revisions of an incrementally updated file, and
objects nothing refers to any more (the old ``/Info``), are not carried over; encryption is
removed (a file that needs a password to open is not scrubbable).
"""

import io
from collections.abc import Callable, Iterator

import pikepdf

from . import DAMAGED, NotScrubbable, images

# Document-information keys wherever a dictionary has them (an article thread's /I, a portfolio's).
INFO_KEYS = ("/Author", "/Creator", "/Producer")
SIGNER_KEYS = ("/Name", "/ContactInfo", "/Location", "/Reason", "/Prop_Build", "/Cert")
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpg", "docx": "docx", "xlsx": "xlsx", "pptx": "pptx",
              "hwpx": "hwpx", "txt": "txt"}  # fmt: skip

Embedded = Callable[[bytes], tuple[bytes, str]]


def _containers(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every dictionary and stream of the file: the indirect objects and what they hold directly."""
    stack = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            yield obj
            children = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        stack.extend(
            child for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and not child.is_indirect
        )  # fmt: skip


def _is_jpeg(stream: pikepdf.Object) -> bool:
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        return len(filters) == 1 and filters[0] == pikepdf.Name.DCTDecode
    return filters == pikepdf.Name.DCTDecode


def _clean(obj: pikepdf.Object) -> None:
    for key in ("/Metadata", "/PieceInfo", *INFO_KEYS):
        if key in obj:
            del obj[key]
    is_annotation = obj.get("/Type") == pikepdf.Name.Annot or ("/Rect" in obj and "/Subtype" in obj)
    if is_annotation and obj.get("/Subtype") != pikepdf.Name.Widget and "/T" in obj:
        del obj["/T"]
    if obj.get("/Type") == pikepdf.Name.Sig or ("/ByteRange" in obj and "/Contents" in obj):
        for key in SIGNER_KEYS:
            if key in obj:
                del obj[key]
        obj.Contents = pikepdf.String(b"")
    if isinstance(obj, pikepdf.Stream) and _is_jpeg(obj):
        obj.write(images.strip_jpeg(obj.read_raw_bytes()), filter=pikepdf.Name.DCTDecode)


def _annotations_in_pages(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, pikepdf.Dictionary):
                yield annotation


def _embedded_files(pdf: pikepdf.Pdf, containers: list[pikepdf.Object], embedded: Embedded) -> None:
    number = 0
    for spec in containers:
        files = spec.get("/EF")
        if not isinstance(files, pikepdf.Dictionary):
            continue
        number += 1
        extension = "bin"
        for key in list(files.keys()):
            stream = files[key]
            content, kind = embedded(stream.read_bytes())
            extension = EXTENSIONS.get(kind, "bin")
            stream.write(content)
            for private in ("/Params", "/Subtype"):
                if private in stream:
                    del stream[private]
        for key in ("/Desc", "/RF", "/Thumb"):
            if key in spec:
                del spec[key]
        name = pikepdf.String(f"attachment-{number:03d}.{extension}")
        spec.F = name
        if "/UF" in spec:
            spec.UF = name
    _rename_embedded_tree(pdf)


def _rename_embedded_tree(pdf: pikepdf.Pdf) -> None:
    """The ``/EmbeddedFiles`` name tree keyed by the neutral names (its keys were file names)."""
    names = pdf.Root.get("/Names")
    if not isinstance(names, pikepdf.Dictionary) or "/EmbeddedFiles" not in names:
        return
    specs = [spec for _key, spec in pikepdf.NameTree(names.EmbeddedFiles).items()]
    flat = pikepdf.Array()
    for spec in sorted(specs, key=lambda s: str(s.get("/F", ""))):
        flat.append(pikepdf.String(str(spec.get("/F", ""))))
        flat.append(spec)
    names.EmbeddedFiles = pdf.make_indirect(pikepdf.Dictionary(Names=flat))


def scrub_pdf(data: bytes, embedded: Embedded) -> bytes:
    """The PDF rewritten (module docstring); ``embedded(data)`` returns a file found inside,
    scrubbed, with its kind."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError) as error:
        raise NotScrubbable(DAMAGED, f"pdf: {error}") from error
    with pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        containers = list(_containers(pdf))
        for obj in [*containers, *_annotations_in_pages(pdf)]:
            _clean(obj)
        _embedded_files(pdf, containers, embedded)
        out = io.BytesIO()
        pdf.save(out, encryption=False, fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()
