"""Sign in, sign out, change one's own password."""
from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from .. import audit
from ..db import db
from ..models import User
from ..passwords import burn_time, hash_password, verify_password
from ..security import start_session
from ..web import render
from . import throttle
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def _safe_next(target: str | None) -> str:
    """Return target when it is a path on this site, else the home page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        ip = request.remote_addr or ""
        wait = throttle.minutes_locked(username, ip)
        if wait:
            form.form_errors.append(
                f"Đăng nhập sai quá nhiều lần. Tài khoản hoặc máy của bạn tạm bị khóa; "
                f"vui lòng thử lại sau {wait} phút hoặc liên hệ quản trị hệ thống."
            )
            return render("auth/login.html", form=form, status=429)
        user = User.by_username(username)
        if user is None:
            burn_time(form.password.data)
            ok = False
        else:
            ok = verify_password(user.password_hash, form.password.data) and user.active
        with db.atomic():
            throttle.note_attempt(username, ip, ok)
            if ok:
                user.last_login_at = datetime.datetime.now()
                user.save(only=[User.last_login_at])
                audit.record("login", "user", user.id, actor=user)
        if not ok:
            # One message for an unknown user, a wrong password and a deactivated account.
            form.form_errors.append(BAD_CREDENTIALS)
            return render("auth/login.html", form=form, status=422)
        start_session(user)
        return redirect(_safe_next(request.args.get("next")), 303)
    status = 422 if form.is_submitted() else 200
    return render("auth/login.html", form=form, status=status)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out and invalidate every copy of this user's session cookie."""
    user = current_user._get_current_object()
    with db.atomic():
        User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
        audit.record("logout", "user", user.id, actor=user)
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """Let the signed-in user change their own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append("Mật khẩu hiện tại không đúng.")
            return render("auth/password.html", form=form, status=422)
        with db.atomic():
            user.password_hash = hash_password(form.new_password.data)
            user.must_change_password = False
            user.session_version += 1
            user.save()
            audit.record("change_password", "user", user.id, actor=user)
        # The version bump ended every other session; keep this one alive.
        start_session(user)
        flash("Đã đổi mật khẩu.", "success")
        return redirect(url_for("main.index"), 303)
    status = 422 if form.is_submitted() else 200
    return render("auth/password.html", form=form, status=status)
