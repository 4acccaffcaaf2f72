"""The files of a decision: its signed PDF, kept through the attachments module (stored once, never replaced)."""
from __future__ import annotations

from .. import roles
from ..attachments import service as attachments
from ..models import Decision


def _can_view(decision_id: int, user) -> bool:
    return user.has_role(roles.OFFICE, roles.LEADER)


def _can_change(decision_id: int, user) -> bool:
    # Only the signing transaction adds a file: the decision is signed there and holds no PDF yet.
    decision = Decision.get_or_none(Decision.id == decision_id)
    return (decision is not None and decision.status == "signed" and decision.pdf_sha256 == ""
            and user.has_role(roles.LEADER))


def _lock(decision_id: int) -> None:
    raise attachments.AttachmentError("Văn bản đã ký không thay đổi tệp được.", code=409)


attachments.register_owner("decision", can_view=_can_view, can_change=_can_change, lock=_lock)


def signed_pdf(decision: Decision):
    """The stored signed PDF of a decision (attachment row, bytes), or None."""
    from flask import current_app

    from ..attachments.storage import get_storage
    from ..models import Attachment
    row = (Attachment.select().where(Attachment.owner_type == "decision", Attachment.owner_id == decision.id,
                                     Attachment.component == "signed_pdf", Attachment.removed_at.is_null())
           .order_by(Attachment.id.desc()).first())
    if row is None:
        return None
    try:
        with get_storage(current_app).open(row.stored_name) as handle:
            return row, handle.read()
    except OSError:
        current_app.logger.exception("signed PDF of decision %s missing from storage", decision.id)
        return row, None


def check(decision: Decision):
    """Re-check the stored PDF's signature against the agency's certificate, and its digest against the one
    recorded at signing (a file swapped in storage fails even if it carries a valid signature of its own)."""
    import hashlib

    from flask import current_app

    from ..signing.certificates import load_certificate
    from ..signing.pades import verify_pdf
    found = signed_pdf(decision)
    if found is None:
        return None, False
    row, data = found
    if data is None:
        return None, False
    try:
        roots = [load_certificate(current_app.config["SIGNING_CERT"])]
    except OSError:
        current_app.logger.exception("signing certificate missing")
        roots = []
    result = verify_pdf(data, trust_roots=roots)
    return result, hashlib.sha256(data).hexdigest() == decision.pdf_sha256
