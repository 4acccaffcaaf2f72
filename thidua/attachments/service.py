"""Accept, list and remove the files attached to records; the owning modules say who may do what."""
from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from typing import Callable

from flask import current_app, g
from .. import audit
from ..db import db
from ..models import Attachment, User
from .sniff import CONTENT_TYPES, LABELS, hazard, kind_for_name, sniff
from .storage import get_storage

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024
MAX_NAME_LENGTH = 255


class AttachmentError(Exception):
    """A refused upload or removal, with a message to show the user (in Vietnamese)."""

    def __init__(self, message: str, code: int = 422):
        super().__init__(message)
        self.message = message
        self.code = code


# -- owners -----------------------------------------------------------------

Check = Callable[[int, User], bool]


@dataclass(frozen=True)
class Owner:
    owner_type: str
    can_view: Check
    can_change: Check
    # Called first inside the transaction that removes a file: claims the owning record (see
    # workflow.lock_for_change), so a removal and a submission of the same record cannot interleave.
    lock: Callable[[int], None] | None = None


# Filled at import time by the modules whose records hold files; identical in every worker.
OWNERS: dict[str, Owner] = {}


def register_owner(owner_type: str, can_view: Check, can_change: Check,
                   lock: Callable[[int], None] | None = None) -> None:
    """Declare a kind of record that holds files, who may see and change its files, and how to claim it."""
    if len(owner_type) > 40:
        raise ValueError(f"owner type {owner_type!r} is longer than 40 characters")
    OWNERS[owner_type] = Owner(owner_type, can_view, can_change, lock)


def owner(owner_type: str) -> Owner | None:
    return OWNERS.get(owner_type)


def can_view(attachment: Attachment, user) -> bool:
    """Say whether user may download attachment: as they may see its record, and only while not removed."""
    entry = OWNERS.get(attachment.owner_type)
    return (entry is not None and attachment.removed_at is None and user is not None
            and getattr(user, "is_authenticated", False) and bool(entry.can_view(attachment.owner_id, user)))


def can_change(attachment: Attachment, user) -> bool:
    """Say whether user may remove attachment: as they may change its record."""
    entry = OWNERS.get(attachment.owner_type)
    return can_view(attachment, user) and bool(entry.can_change(attachment.owner_id, user))


# -- checks -----------------------------------------------------------------

def _is_control(char: str) -> bool:
    # Cc: C0/C1 controls (NUL, newline, …); Cf: invisible format marks, among them the
    # right-to-left override that makes "exe.pdf" read as a PDF; Cs: lone surrogates.
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


def clean_name(raw: str | None) -> str:
    """Return the file name as it will be kept (NFC, trimmed), or raise AttachmentError saying why not."""
    name = unicodedata.normalize("NFC", raw or "").strip()
    if not name:
        raise AttachmentError("Chưa chọn tệp, hoặc tệp không có tên. Vui lòng chọn tệp để tải lên.")
    if "/" in name or "\\" in name:
        raise AttachmentError("Tên tệp không được chứa dấu gạch chéo (/ hoặc \\). "
                              "Vui lòng đổi tên tệp rồi tải lên lại.")
    if any(_is_control(c) for c in name):
        raise AttachmentError("Tên tệp chứa ký tự điều khiển hoặc ký tự ẩn. Vui lòng đổi tên tệp rồi tải lên lại.")
    if len(name) > MAX_NAME_LENGTH:
        raise AttachmentError(f"Tên tệp dài {len(name)} ký tự, quá mức {MAX_NAME_LENGTH} ký tự cho phép. "
                              "Vui lòng đặt tên ngắn hơn.")
    if kind_for_name(name) is None:
        raise AttachmentError(f"Tệp “{name}” không thuộc loại được nhận. "
                              "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPEG (.jpg, .jpeg) hoặc PNG.")
    return name


def max_bytes() -> int:
    return int(current_app.config.get("MAX_ATTACHMENT_MB", 20)) * 1024 * 1024


# -- upload -----------------------------------------------------------------

def save_upload(file_storage, owner_type: str, owner_id: int, user, component: str = "",
                authorised: bool = False) -> Attachment:
    """Check an uploaded file, store it under a random name and record it, or store nothing.

    Raises AttachmentError (with a Vietnamese message) for a refused file or a user who may
    not change the record; the owning module shows the message beside its form. authorised: a service
    attaching a document it generated has made its own check (e.g. the bloc's minutes, attached by the bloc
    leader to the dossiers of other units).
    """
    entry = OWNERS.get(owner_type)
    if entry is None:
        raise LookupError(f"attachment owner type {owner_type!r} is not registered")
    if not authorised and not entry.can_change(owner_id, user):
        raise AttachmentError("Bạn không có quyền đính kèm tệp vào hồ sơ này.", code=403)
    if file_storage is None:
        raise AttachmentError("Chưa chọn tệp, hoặc tệp không có tên. Vui lòng chọn tệp để tải lên.")
    name = clean_name(file_storage.filename)
    claimed = kind_for_name(name)
    limit = max_bytes()

    # Spool to a private temporary file first: storage only ever sees a file already checked.
    with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as spool:
        digest, size = hashlib.sha256(), 0
        source = file_storage.stream
        while True:
            chunk = source.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            # Counted here, whatever the request's Content-Length said.
            if size > limit:
                raise AttachmentError(f"Tệp “{name}” vượt quá dung lượng cho phép "
                                      f"({current_app.config.get('MAX_ATTACHMENT_MB', 20)} MB).", code=413)
            digest.update(chunk)
            spool.write(chunk)
        if size == 0:
            raise AttachmentError(f"Tệp “{name}” rỗng, không có nội dung.")
        spool.seek(0)
        kind = sniff(spool)
        if kind != claimed:
            if kind is None:
                raise AttachmentError(f"Nội dung tệp “{name}” không phải là tệp {LABELS[claimed]} hợp lệ. "
                                      "Tệp có thể bị hỏng hoặc bị đổi đuôi.")
            raise AttachmentError(f"Tệp “{name}” thực chất là tệp {LABELS[kind]}, không phải {LABELS[claimed]} "
                                  "như phần đuôi tên tệp. Vui lòng kiểm tra lại tệp.")
        # Zip bombs and polyglots: the right type, still refused (an Office file may unpack to
        # ten times the upload limit at most).
        problem = hazard(spool, kind, max_unpacked=10 * limit)
        if problem:
            raise AttachmentError(f"Tệp “{name}” bị từ chối vì {problem}. "
                                  "Vui lòng lưu lại tệp từ phần mềm gốc (hoặc quét lại) rồi tải lên.")
        stored_name = secrets.token_hex(16)
        storage = get_storage(current_app)
        spool.seek(0)
        storage.put(stored_name, spool)

    sha256 = digest.hexdigest()
    _discard_unless_committed(stored_name, storage)
    try:
        with db.atomic():
            attachment = Attachment.create(
                owner_type=owner_type, owner_id=owner_id, component=component or "", original_name=name,
                stored_name=stored_name, content_type=CONTENT_TYPES[kind], size=size, sha256=sha256,
                uploaded_by=user)
            audit.record("attach", owner_type, owner_id, actor=user,
                         after={"name": name, "size": size, "sha256": sha256, "component": component or ""})
    except BaseException:
        # The row was not written, so neither may the file stay.
        g.get("_attachments_uncommitted", {}).pop(stored_name, None)
        try:
            storage.delete(stored_name)
        except Exception:  # noqa: BLE001 - the original error matters more
            log.exception("could not remove orphan attachment file %s", stored_name)
        raise
    return attachment


def _discard_unless_committed(stored_name: str, storage) -> None:
    """Inside a caller's transaction, keep the file only if that transaction commits."""
    if db.transaction_depth() == 0:
        return  # our own transaction below either commits or removes the file itself
    # Peewee runs after_commit callbacks on commit and drops them on rollback; whatever is
    # still listed when the app context ends belongs to a rolled-back row.
    uncommitted = g.setdefault("_attachments_uncommitted", {})
    uncommitted[stored_name] = storage
    db.after_commit(lambda: uncommitted.pop(stored_name, None))


def discard_uncommitted(exc: BaseException | None = None) -> None:
    """Remove the files stored in a transaction that never committed (run as the app context ends)."""
    for stored_name, storage in g.pop("_attachments_uncommitted", {}).items():
        log.warning("removing attachment file %s: its record was rolled back", stored_name)
        try:
            storage.delete(stored_name)
        except Exception:  # noqa: BLE001 - a leftover file is harmless, a failed teardown is not
            log.exception("could not remove orphan attachment file %s", stored_name)


# -- reading and removal ----------------------------------------------------

def list_for(owner_type: str, owner_id: int, component: str | None = None) -> list[Attachment]:
    """The files a record holds now (not removed), oldest first, with their uploaders."""
    query = (Attachment.select(Attachment, User).join(User)
             .where(Attachment.owner_type == owner_type, Attachment.owner_id == owner_id,
                    Attachment.removed_at.is_null()))
    if component is not None:
        query = query.where(Attachment.component == component)
    return list(query.order_by(Attachment.uploaded_at, Attachment.id))


def remove(attachment: Attachment, user) -> None:
    """Mark attachment removed (the bytes stay, for the record's history) and audit it."""
    if not can_change(attachment, user):
        raise AttachmentError("Bạn không có quyền gỡ tệp này.", code=403)
    now = datetime.datetime.now()
    entry = OWNERS[attachment.owner_type]
    with db.atomic():
        if entry.lock is not None:
            entry.lock(attachment.owner_id)
        # Compare-and-set: of two people removing at once, one wins and the other is told.
        updated = (Attachment.update(removed_at=now)
                   .where(Attachment.id == attachment.id, Attachment.removed_at.is_null()).execute())
        if updated != 1:
            raise AttachmentError("Tệp này đã được gỡ trước đó.", code=409)
        audit.record("detach", attachment.owner_type, attachment.owner_id, actor=user,
                     before={"name": attachment.original_name, "size": attachment.size,
                             "sha256": attachment.sha256, "component": attachment.component})
    attachment.removed_at = now
