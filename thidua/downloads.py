"""Every file the app sends (attachments, decisions, minutes, certificates, exports) goes out here.

A download is never shown inline: Content-Disposition: attachment under a safe name (filename*
for Vietnamese, an ASCII fallback for old clients), the declared type with nosniff, and a sandbox
CSP, so that even a file that is secretly HTML could run nothing in the app's origin if a browser
ever rendered it. Files hold personal data: no shared or browser cache keeps a copy.
"""
from __future__ import annotations

import io
import unicodedata
from urllib.parse import quote

from flask import send_file

DOWNLOAD_CSP = "sandbox; default-src 'none'"
FALLBACK_NAME = "tep-tai-ve"


def safe_name(name: str | None) -> str:
    """The name to offer: composed, without path parts, control or invisible characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp"))
    name = name.strip().lstrip(".")
    return name[:200] or FALLBACK_NAME


def ascii_fallback(name: str) -> str:
    """The file name in plain ASCII for old clients that ignore filename* (Đ becomes D, not nothing)."""
    name = name.replace("Đ", "D").replace("đ", "d")
    simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    simple = "".join(c for c in simple if c.isprintable() and c not in '"\\;')
    return simple.strip() or FALLBACK_NAME


def send_download(data, download_name: str, mimetype: str, **kwargs):
    """Send bytes or a binary stream as an attachment download with the safe headers."""
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    name = safe_name(download_name)
    response = send_file(stream, mimetype=mimetype, as_attachment=True, download_name=name, **kwargs)
    # werkzeug writes filename* (RFC 5987) itself; only its ASCII fallback drops "Đ" entirely.
    if not name.isascii():
        response.headers.set("Content-Disposition", "attachment", filename=ascii_fallback(name),
                             **{"filename*": "UTF-8''" + quote(name, safe="!#$&+-.^_`|~")})
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["Cache-Control"] = "private, no-store"
    return response
