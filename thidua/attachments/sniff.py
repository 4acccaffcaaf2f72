"""Tell a file's real type from its first bytes (and, for Office files, the zip's table of contents),
and find what makes an otherwise well-typed file dangerous: a zip bomb, or a second file hidden in it."""
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


# -- hazards ---------------------------------------------------------------------
# A file of the right type can still be an attack: an Office zip that unpacks to gigabytes (a zip
# bomb), or a polyglot, a picture or PDF that is at the same time a zip archive or an HTML page
# with script. Both are told from the zip's table of contents and a scan of the raw bytes; no
# member is ever decompressed.

MAX_MEMBERS = 2000                  # a real .docx has tens of parts, a large .xlsx a few hundred
MAX_RATIO = 100                     # deflate packs real XML 5-30 times; bombs reach 1000
RATIO_FLOOR = 1024 * 1024           # a small part may compress far better than that, harmlessly
DEFAULT_MAX_UNPACKED = 200 * 1024 * 1024

# Markup a browser or reader would run if the file were ever taken for a page; none belongs in a
# scan, a photo or an office PDF (searched case-insensitively in the raw bytes).
_MARKUP = (b"<script", b"<html", b"<!doctype html", b"<iframe", b"<svg", b"<body", b"javascript:")
_OVERLAP = max(len(m) for m in _MARKUP)


def zip_bomb_reason(stream: BinaryIO, max_unpacked: int = DEFAULT_MAX_UNPACKED) -> str | None:
    """Say (in Vietnamese) why the zip in stream is a decompression bomb, or None if it is not.

    Only the central directory is read: the sizes it declares are the ones Python's zipfile
    (and so openpyxl and python-docx) stops at. Position of stream is restored.
    """
    start = stream.tell()
    try:
        stream.seek(0, io.SEEK_END)
        length = stream.tell() - start
        stream.seek(start)
        try:
            with zipfile.ZipFile(stream) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, OSError, EOFError):
            return None  # not a zip at all: the type check refuses it with its own message
        if len(members) > MAX_MEMBERS:
            return f"tệp nén chứa {len(members)} thành phần, quá nhiều so với một tệp văn bản thật"
        unpacked = sum(m.file_size for m in members)
        if unpacked > max_unpacked:
            return (f"tệp nén sẽ bung ra {unpacked // (1024 * 1024)} MB, vượt quá mức "
                    f"{max_unpacked // (1024 * 1024)} MB cho phép (nghi là “bom nén”)")
        for m in members:
            if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                return "tệp nén có tỉ lệ nén bất thường (nghi là “bom nén”)"
        # Members that overlap (the densest kind of bomb) declare more packed bytes than the file holds.
        if sum(m.compress_size for m in members) > length:
            return "các thành phần của tệp nén chồng lên nhau (nghi là “bom nén”)"
        return None
    finally:
        stream.seek(start)


def _has_markup(stream: BinaryIO) -> bool:
    tail = b""
    while True:
        chunk = stream.read(1024 * 1024)
        if not chunk:
            return False
        window = tail + chunk.lower()
        if any(m in window for m in _MARKUP):
            return True
        tail = window[-_OVERLAP:]


def hazard(data: bytes | BinaryIO, kind: str, max_unpacked: int = DEFAULT_MAX_UNPACKED) -> str | None:
    """Say (in Vietnamese) why a file already sniffed as kind must still be refused, or None.

    Office files: a zip bomb. PDF and pictures: a zip glued on (readers of zips find it from the
    end of the file) or HTML/JavaScript markup anywhere in the bytes. Position of a stream is restored.
    """
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    start = stream.tell()
    try:
        if kind in ("docx", "xlsx"):
            return zip_bomb_reason(stream, max_unpacked)
        if zipfile.is_zipfile(stream):
            return "tệp có gắn kèm một tệp nén (zip) bên trong"
        stream.seek(start)
        if _has_markup(stream):
            return "tệp có chứa mã HTML hoặc JavaScript bên trong"
        return None
    finally:
        stream.seek(start)
