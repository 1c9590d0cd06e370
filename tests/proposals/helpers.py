"""Shared builders for the proposals tests: POST data for the proposal form and minimal real
files of every accepted attachment type."""

import io
import uuid
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _zip(*entries: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for name in entries:
            archive.writestr(name, "<?xml version='1.0'?><root/>")
    return buffer.getvalue()


def _hwpx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/content.hpf", "<?xml version='1.0'?><opf:package/>")
    return buffer.getvalue()


MINIMAL_PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
MINIMAL_PNG = PNG_SIGNATURE + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
MINIMAL_JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
MINIMAL_OLE = OLE_HEADER + b"\x00" * 504

# name → (file name, content, expected Attachment.kind)
SAMPLE_FILES = {
    "pdf": ("제안서.pdf", MINIMAL_PDF, "pdf"),
    "png": ("도식.png", MINIMAL_PNG, "png"),
    "jpg": ("사진.jpg", MINIMAL_JPEG, "jpg"),
    "jpeg": ("사진.JPEG", MINIMAL_JPEG, "jpg"),
    "hwp": ("제안서.hwp", MINIMAL_OLE, "hwp"),
    "doc": ("제안서.doc", MINIMAL_OLE, "doc"),
    "xls": ("통계.xls", MINIMAL_OLE, "xls"),
    "ppt": ("발표.ppt", MINIMAL_OLE, "ppt"),
    "docx": ("제안서.docx", _zip("word/document.xml"), "docx"),
    "xlsx": ("통계.xlsx", _zip("xl/workbook.xml"), "xlsx"),
    "pptx": ("발표.pptx", _zip("ppt/presentation.xml"), "pptx"),
    "hwpx": ("제안서.hwpx", _hwpx(), "hwpx"),
    "txt-utf8": ("메모.txt", "현황 및 문제점: 민원 처리 지연\n".encode(), "txt"),
    "txt-cp949": ("메모.txt", "현황 및 문제점: 민원 처리 지연\n".encode("cp949"), "txt"),
}


def upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def sample_upload(kind: str = "pdf") -> SimpleUploadedFile:
    name, content, _kind = SAMPLE_FILES[kind]
    return upload(name, content)


def proposal_data(
    *,
    department: Model | None = None,
    token: uuid.UUID | str | None = None,
    action: str = "save",
    **overrides,
) -> dict:
    """POST data for the proposal form; ``action`` is "save" or "submit"."""
    data = {
        "client_token": str(token or uuid.uuid4()),
        "title": "민원 서류 발급 절차 간소화",
        "problem": "민원인이 같은 서류를 여러 부서에 반복해서 제출합니다.",
        "idea": "부서 간 서류를 공유하는 전자 창구를 만듭니다.",
        "effect": "민원 처리 기간이 절반으로 줄어듭니다.",
        "owning_department": str(department.pk) if department is not None else "",
        "keywords": "민원, 전자창구",
        "coproposer_numbers": "",
        action: "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
