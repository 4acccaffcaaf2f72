"""Tell a file's real type from its first bytes (and, for Office files, the zip's table of contents)."""
from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

KINDS = ("pdf", "png", "jpeg", "docx", "xlsx")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# What a user calls each kind, for messages.
LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)"}

EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".docx": "docx", ".xlsx": "xlsx"}

_PNG = b"\x89PNG\r\n\x1a\n"
_ZIP = b"PK\x03\x04"


def kind_for_name(name: str) -> str | None:
    """The kind a file name claims by its extension (case-insensitive), or None."""
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower()) if dot > 0 else None


def _office_kind(stream: BinaryIO) -> str | None:
    # Only the central directory is read: no member is ever decompressed, so a zip bomb costs nothing.
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, OSError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    is_docx, is_xlsx = "word/document.xml" in names, "xl/workbook.xml" in names
    if is_docx == is_xlsx:  # neither, or a crafted package claiming to be both
        return None
    return "docx" if is_docx else "xlsx"


def sniff(data: bytes | BinaryIO) -> str | None:
    """Return the kind ("pdf", "png", "jpeg", "docx", "xlsx") the content really is, or None.

    A file object must be seekable; its position is restored afterwards.
    """
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    start = stream.tell()
    try:
        head = stream.read(8)
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(_PNG):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        # A zip must start as one: a picture or PDF with a zip glued on is not an Office file.
        if head.startswith(_ZIP):
            stream.seek(start)
            return _office_kind(stream)
        return None
    finally:
        stream.seek(start)
