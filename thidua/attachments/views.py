"""Download and remove attached files, each authorised like the record that holds it."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user

from .. import audit
from ..db import db
from ..downloads import ascii_fallback, send_download  # noqa: F401  (ascii_fallback: kept importable here)
from ..models import Attachment
from ..web import error_page, fail, render_fragment, wants_fragment
from . import service
from .storage import get_storage

log = logging.getLogger(__name__)

bp = Blueprint("attachments", __name__, url_prefix="/files")

# No role gate: who may see a file is the owning record's business (service.OWNERS).


@bp.record_once
def _discard_files_of_rolled_back_uploads(state) -> None:
    state.app.teardown_appcontext(service.discard_uncommitted)


def get_attachment_or_404(attachment_id: int) -> Attachment:
    """The attachment, if it is not removed and the user may see its record; else 404."""
    attachment = Attachment.get_or_none(Attachment.id == attachment_id)
    # 404, not 403: ids of other units' files must reveal nothing.
    if attachment is None or not service.can_view(attachment, current_user):
        fail(404, "Tệp không tồn tại, đã được gỡ, hoặc bạn không có quyền xem.")
    return attachment


@bp.route("/<int:attachment_id>")
def download(attachment_id: int):
    """Send the file under its original (Vietnamese) name, as a download."""
    attachment = get_attachment_or_404(attachment_id)
    try:
        stream = get_storage(current_app).open(attachment.stored_name)
    except FileNotFoundError:
        log.error("attachment %s: stored file %s is missing", attachment.id, attachment.stored_name)
        fail(404, "Không tìm thấy nội dung tệp trên kho lưu trữ. Vui lòng báo quản trị hệ thống.")
    # Every download of a dossier file is logged: who, when (UTC), which file of which record.
    with db.atomic():
        audit.record("download", "attachment", attachment.id,
                     after={"owner_type": attachment.owner_type, "owner_id": attachment.owner_id,
                            "file": attachment.original_name, "sha256": attachment.sha256})
    # Attachment, nosniff, sandbox CSP, no cache: see downloads.send_download.
    return send_download(stream, attachment.original_name, attachment.content_type, etag=attachment.sha256,
                         last_modified=attachment.uploaded_at, max_age=None)


def _back() -> str:
    """Where to return after a removal: the page's own next field, else the referrer, on this site only."""
    for target in (request.form.get("next"), request.referrer):
        if not target:
            continue
        parts = urlsplit(target)
        # Browsers read "/\host" as "//host": a backslash anywhere in the path is refused.
        if (not parts.netloc or parts.netloc == request.host) and parts.path.startswith("/") \
                and not parts.path.startswith("//") and "\\" not in parts.path:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("main.index")


@bp.route("/<int:attachment_id>/remove", methods=["POST"])
def remove(attachment_id: int):
    """Remove a file from its record (softly: the record's history keeps it)."""
    attachment = get_attachment_or_404(attachment_id)
    try:
        service.remove(attachment, current_user)
    except service.AttachmentError as exc:
        return error_page(exc.code, exc.message)
    flash(f"Đã gỡ tệp “{attachment.original_name}”.", "success")
    if wants_fragment():
        # The row swaps itself out; owners that show counts listen for the event.
        body, status, headers = render_fragment("attachments/_removed.html", attachment=attachment)
        return body, status, {**headers, "HX-Trigger": "attachment-removed"}
    return redirect(_back(), code=303)


@bp.app_errorhandler(service.AttachmentError)
def _attachment_error(exc: service.AttachmentError):
    # A safety net: owning forms should catch AttachmentError and show it beside the file field.
    return error_page(exc.code, exc.message)


@bp.app_template_filter("vn_filesize")
def vn_filesize(size: int | None) -> str:
    """A size as a Vietnamese reader writes it: 820 byte, 12,5 KB, 3,2 MB (decimal comma)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} byte"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / (1024 * 1024), "MB")
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} {unit}"
