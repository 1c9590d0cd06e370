"""Images without what their files say about their makers.

``reencode`` decodes an image with Pillow (its decompression-bomb limit kept, and its warning
made an error) and writes a new file from the pixels alone: no EXIF (camera owner, GPS, the
thumbnail), no XMP, no PNG text chunks, no JPEG or GIF comments, no TIFF tags, no ICC profile
(a profile's description and copyright are free text; colours are converted to sRGB first when
Pillow can, so the picture looks the same). EXIF's orientation is applied to the pixels before
it goes. An animated GIF keeps its first frame.

``strip_jpeg`` removes the metadata segments of a JPEG stream without decoding it (for the
images inside a PDF, which are kept bit for bit otherwise).
"""

import io
import warnings

from PIL import Image, ImageCms, ImageOps

from . import DAMAGED, NotScrubbable

# The format Pillow writes for each member extension (and each portal kind).
FORMATS = {
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "jpe": "JPEG",
    "jfif": "JPEG",
    "gif": "GIF",
    "bmp": "BMP",
    "tif": "TIFF",
    "tiff": "TIFF",
    "webp": "WEBP",
}
# What Pillow may read: never a format it hands to another program (EPS goes to Ghostscript).
READABLE = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")
KEPT_INFO = ("transparency",)  # what a picture needs to look the same
JPEG_MODES = ("L", "RGB", "CMYK")


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unusable profile: the pixels as they are


def reencode(data: bytes, extension: str) -> bytes:
    """A new file of the same format from the image's pixels only; ``NotScrubbable`` when it
    cannot be decoded (or is a decompression bomb)."""
    target = FORMATS[extension.lower()]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=READABLE) as opened:
                opened.load()
                image = ImageOps.exif_transpose(opened) or opened
                image = _to_srgb(image)
                clean = image.copy()  # a plain Image: no TIFF tags, no file-format state
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise NotScrubbable(DAMAGED, f"image: {error}") from error
    clean.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    if target == "JPEG" and clean.mode not in JPEG_MODES:
        clean = clean.convert("RGB")
    out = io.BytesIO()
    options = {"JPEG": {"quality": 92}, "WEBP": {"quality": 90}}.get(target, {})
    clean.save(out, format=target, **options)
    return out.getvalue()


def blank_image(extension: str) -> bytes:
    """A 1×1 white picture in the extension's format (in place of a document's preview)."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(out, format=FORMATS.get(extension.lower(), "PNG"))
    return out.getvalue()


# JPEG markers: APP1…APP13 and APP15 (EXIF, XMP, Photoshop/IPTC, ICC, vendors') and COM go;
# APP0 (JFIF) and APP14 (Adobe: how to read the colours) stay.
_DROPPED_MARKERS = {*range(0xE1, 0xEE), 0xEF, 0xFE}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _entropy_end(data: bytes, start: int) -> int:
    """Where the entropy-coded data starting at ``start`` ends (the next real marker)."""
    position = start
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            raise NotScrubbable(DAMAGED, "jpeg: cut off")
        following = data[position + 1]
        if following == 0x00 or following in _STANDALONE or following == 0xFF:
            position += 1
            continue
        return position


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG stream without metadata segments and without anything after its end."""
    if not data.startswith(b"\xff\xd8"):
        raise NotScrubbable(DAMAGED, "jpeg: no start marker")
    out = [b"\xff\xd8"]
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            raise NotScrubbable(DAMAGED, "jpeg: marker expected")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:  # end of image: whatever follows is dropped
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker in _STANDALONE:
            out.append(data[position : position + 2])
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        end = position + 2 + length
        if marker == 0xDA:  # start of scan: header, then entropy-coded data to the next marker
            end = _entropy_end(data, end)
        if end > len(data):
            raise NotScrubbable(DAMAGED, "jpeg: segment past the end")
        if marker not in _DROPPED_MARKERS:
            out.append(data[position:end])
        position = end
    raise NotScrubbable(DAMAGED, "jpeg: no end marker")
