"""The administrator's view of the e-mail outbox: what went, what failed and why; sending a failed one again."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from peewee import JOIN

from .. import clock
from ..admin.views import bp
from ..models import EmailLog, User
from ..models.notification import EMAIL_STATES
from ..web import paginate, render, render_fragment, wants_fragment
from .service import BAD_ADDRESS, NO_ADDRESS, mail_enabled, send_queued, valid_address


@bp.route("/emails")
def emails():
    """List the outbox, newest first, filtered by status."""
    status = request.args.get("status", "")
    query = (EmailLog.select(EmailLog, User).join(User, JOIN.LEFT_OUTER)
             .order_by(EmailLog.created_at.desc(), EmailLog.id.desc()))
    if status in EMAIL_STATES:
        query = query.where(EmailLog.status == status)
    else:
        status = ""
    counts = {s: EmailLog.select().where(EmailLog.status == s).count() for s in EMAIL_STATES}
    page = paginate(query, current_app.config["PAGE_SIZE"])
    return render("notifications/admin_emails.html", "notifications/_admin_email_list.html", page=page,
                  shown=status, states=EMAIL_STATES, counts=counts, mail_enabled=mail_enabled())


@bp.route("/emails/<int:email_id>/retry", methods=["POST"])
def email_retry(email_id: int):
    """Queue a failed e-mail again (after the server or the address has been fixed)."""
    row = EmailLog.get_or_none(EmailLog.id == email_id)
    if row is None:
        return redirect(url_for("admin.emails"), 303)
    user = User.get_or_none(User.id == row.user_id) if row.user_id else None
    address = (user.email or "").strip() if user is not None else row.to_address
    if row.status in ("failed", "skipped"):
        # The address may have been corrected since: send to the user's address of today.
        changes = {"to_address": address, "attempts": 0, "updated_at": clock.now()}
        if not address:
            changes.update(status="skipped", last_error=NO_ADDRESS)
            flash("Người dùng vẫn chưa có địa chỉ thư điện tử: sửa ở Quản trị người dùng rồi gửi lại.", "warning")
        elif not valid_address(address):
            changes.update(status="failed", last_error=BAD_ADDRESS.format(address=address))
            flash("Địa chỉ thư điện tử vẫn không hợp lệ: sửa ở Quản trị người dùng rồi gửi lại.", "warning")
        else:
            changes.update(status="queued", last_error="")
        EmailLog.update(changes).where(EmailLog.id == row.id).execute()
        if changes["status"] == "queued":
            send_queued([row.id])
            flash("Đã đưa thư vào hàng đợi để gửi lại.", "success")
    row = EmailLog.select(EmailLog, User).join(User, JOIN.LEFT_OUTER).where(EmailLog.id == email_id).get()
    if wants_fragment():
        return render_fragment("notifications/_admin_email_row.html", e=row)
    return redirect(url_for("admin.emails"), 303)
