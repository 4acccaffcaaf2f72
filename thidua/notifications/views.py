"""The bell: a user's notifications, marking them read, and the choice of e-mail."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import BooleanField

from .. import audit, clock
from ..db import db
from ..forms_support import Form
from ..models import Notification, User
from ..web import paginate, render, render_fragment, wants_fragment
from .service import mail_enabled, unread_count, valid_address

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


class SettingsForm(Form):
    email_notifications = BooleanField("Nhận thông báo qua thư điện tử")


def _mine():
    return Notification.select().where(Notification.user == current_user.id)


def _get_mine_or_404(notification_id: int) -> Notification:
    notification = _mine().where(Notification.id == notification_id).first()
    if notification is None:
        abort(404)  # someone else's notification is as absent as one that does not exist
    return notification


def _list_context() -> dict:
    only_unread = request.args.get("unread") == "1"
    query = _mine().order_by(Notification.created_at.desc(), Notification.id.desc())
    if only_unread:
        query = query.where(Notification.read_at.is_null())
    return {"page": paginate(query, current_app.config["PAGE_SIZE"]), "only_unread": only_unread,
            "unread": unread_count(current_user)}


@bp.route("")
def index():
    """List the signed-in user's notifications, newest first, unread ones marked."""
    return render("notifications/index.html", "notifications/_list.html", **_list_context())


@bp.route("/bell")
def bell():
    """The unread count beside the bell, polled by htmx every minute (without keeping the session alive)."""
    # Not render_fragment(): a poll must not take the flashed messages meant for the page the user goes to next.
    return (render_template("notifications/_count.html", count=unread_count(current_user)), 200,
            {"Vary": "HX-Request"})


@bp.route("/<int:notification_id>/open")
def open_(notification_id: int):
    """Mark one notification read and go to the record it is about."""
    notification = _get_mine_or_404(notification_id)
    if notification.read_at is None:
        Notification.update(read_at=clock.now()).where(Notification.id == notification.id).execute()
    target = notification.url
    # Only paths on this site: a stored URL never sends anyone elsewhere.
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = url_for("notifications.index")
    return redirect(target, 303)


@bp.route("/<int:notification_id>/read", methods=["POST"])
def mark_read(notification_id: int):
    """Mark one notification read: its row again for htmx (with the new count), the list otherwise."""
    notification = _get_mine_or_404(notification_id)
    if notification.read_at is None:
        notification.read_at = clock.now()
        Notification.update(read_at=notification.read_at).where(Notification.id == notification.id).execute()
    if wants_fragment():
        return render_fragment("notifications/_item.html", n=notification, count=unread_count(current_user),
                               oob_count=True)
    return redirect(request.referrer if _same_site(request.referrer) else url_for("notifications.index"), 303)


@bp.route("/read-all", methods=["POST"])
def mark_all_read():
    """Mark every notification of the signed-in user read."""
    changed = (Notification.update(read_at=clock.now())
               .where(Notification.user == current_user.id, Notification.read_at.is_null()).execute())
    if wants_fragment():
        return render_fragment("notifications/_list.html", oob_count=True, count=0, **_list_context())
    flash(f"Đã đánh dấu {changed} thông báo là đã đọc." if changed else "Không có thông báo chưa đọc.", "success")
    return redirect(url_for("notifications.index"), 303)


def _same_site(target: str | None) -> bool:
    if not target:
        return False
    return target.startswith(request.host_url)


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """Let the signed-in user turn notifications by e-mail on or off."""
    user = current_user._get_current_object()
    # On a post an unticked box is absent from the form: the stored value must not fill it in.
    form = SettingsForm() if request.method == "POST" else SettingsForm(data={"email_notifications":
                                                                             user.email_notifications})
    if form.validate_on_submit():
        wanted = bool(form.email_notifications.data)
        if wanted != user.email_notifications:
            with db.atomic():
                User.update(email_notifications=wanted).where(User.id == user.id).execute()
                audit.record("update", "user", user.id, before={"email_notifications": user.email_notifications},
                             after={"email_notifications": wanted}, actor=user)
            user.email_notifications = wanted
        flash("Đã lưu: " + ("nhận thông báo qua thư điện tử." if wanted else "chỉ nhận thông báo trong ứng dụng."),
              "success")
        return redirect(url_for("notifications.settings"), 303)
    return render("notifications/settings.html", form=form, status=422 if form.is_submitted() else 200,
                  address=(user.email or "").strip(), address_ok=valid_address((user.email or "").strip()),
                  mail_enabled=mail_enabled())
