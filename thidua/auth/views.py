"""Sign in, sign out, change one's own password."""
from __future__ import annotations

import datetime
import time
from urllib.parse import urlsplit

import click
from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from .. import audit, roles
from ..db import db
from ..models import User
from ..passwords import burn_time, hash_password, verify_password
from ..security import start_session
from ..web import render
from . import inactive, ratelimit, throttle, totp
from .forms import ChangePasswordForm, LoginForm, TotpCodeForm

# cli_group=None: the commands are `flask --app app disable-inactive`, not under an "auth" group.
bp = Blueprint("auth", __name__, cli_group=None)

BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def _safe_next(target: str | None) -> str:
    """Return target when it is a path on this site, else the home page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return target
    return url_for("main.index")


# How long the code step waits after a right password before the password must be typed again.
PENDING_SECONDS = 300
_PENDING = "pending_second_factor"

# Endpoints an admin who must still enrol in two-factor sign-in may reach.
_ENROL_ALLOWED = frozenset({"auth.totp_setup", "auth.logout", "auth.change_password", "static"})

# Labels of the audit actions added here (the audit log shows the code when a label is missing).
for _action, _label in {"enable_totp": "Bật xác thực hai bước", "disable_totp": "Tắt xác thực hai bước",
                        "reset_totp": "Gỡ xác thực hai bước (quản trị)",
                        "unlock_sign_in": "Mở khóa đăng nhập sai nhiều lần"}.items():
    audit.ACTION_LABELS.setdefault(_action, _label)


@bp.record_once
def _set_up(state) -> None:
    ratelimit.init_app(state.app)


def _locked_message(wait: int) -> str:
    return (f"Đăng nhập sai quá nhiều lần. Tài khoản hoặc máy của bạn tạm bị khóa; "
            f"vui lòng thử lại sau {wait} phút hoặc liên hệ quản trị hệ thống.")


def _finish_sign_in(user: User, ip: str, target: str | None):
    """Record the success and open the real session: only here is the user signed in."""
    with db.atomic():
        throttle.note_attempt(user.username, ip, True)
        user.last_login_at = datetime.datetime.now()
        user.save(only=[User.last_login_at])
        audit.record("login", "user", user.id, actor=user)
    start_session(user)
    return redirect(_safe_next(target), 303)


@bp.route("/login", methods=["GET", "POST"])
@ratelimit.sign_in_limit
def login():
    """Show the sign-in form and check the password; ask for the code next when two-factor sign-in is on."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        ip = request.remote_addr or ""
        wait = throttle.minutes_locked(username, ip)
        if wait:
            form.form_errors.append(_locked_message(wait))
            return render("auth/login.html", form=form, status=429)
        user = User.by_username(username)
        if user is None:
            burn_time(form.password.data)
            right = False
        else:
            right = verify_password(user.password_hash, form.password.data)
        if right and user.active and inactive.is_stale(user):
            inactive.disable(user)
        if right and not user.active and user.disabled_reason == inactive.REASON:
            # Said only to someone who knows the password: the account exists and only an admin can reopen it.
            throttle.note_attempt(username, ip, False)
            form.form_errors.append(inactive.message())
            return render("auth/login.html", form=form, status=403)
        if not (right and user.active):
            throttle.note_attempt(username, ip, False)
            # One message for an unknown user, a wrong password and a deactivated account.
            form.form_errors.append(BAD_CREDENTIALS)
            return render("auth/login.html", form=form, status=422)
        if user.has_totp:
            # Nothing is counted as a success yet, or the right password would wipe the count of wrong codes.
            session.clear()
            session[_PENDING] = {"user": user.id, "version": user.session_version, "at": int(time.time()),
                                 "next": request.args.get("next")}
            return redirect(url_for("auth.two_factor"), 303)
        return _finish_sign_in(user, ip, request.args.get("next"))
    status = 422 if form.is_submitted() else 200
    return render("auth/login.html", form=form, status=status)


def _pending_user() -> User | None:
    pending = session.get(_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.get_or_none(User.id == pending.get("user"))
    if user is None or not user.active or not user.has_totp or user.session_version != pending.get("version"):
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@ratelimit.sign_in_limit
def two_factor():
    """Ask for the 6-digit code of the authenticator app after a right password; a code is accepted only once."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    user = _pending_user()
    if user is None:
        session.pop(_PENDING, None)
        flash("Phiên đăng nhập đã hết hạn. Vui lòng nhập lại mật khẩu.", "info")
        return redirect(url_for("auth.login"), 303)
    form = TotpCodeForm()
    if form.validate_on_submit():
        ip = request.remote_addr or ""
        wait = throttle.minutes_locked(user.username, ip)
        if wait:
            session.pop(_PENDING, None)
            form.form_errors.append(_locked_message(wait))
            return render("auth/two_factor.html", form=form, status=429)
        if totp.accept(user, form.code.data):
            return _finish_sign_in(user, ip, session[_PENDING].get("next"))
        # A wrong or replayed code counts toward the account's lock like a wrong password.
        throttle.note_attempt(user.username, ip, False)
        form.code.errors.append("Mã xác thực không đúng hoặc đã được dùng. Vui lòng nhập mã mới nhất.")
        return render("auth/two_factor.html", form=form, status=422)
    status = 422 if form.is_submitted() else 200
    return render("auth/two_factor.html", form=form, status=status)


@bp.before_app_request
def _require_admin_second_factor():
    """Send an admin without two-factor sign-in to enrol before anything else (ADMIN_TOTP_REQUIRED)."""
    if not current_app.config["ADMIN_TOTP_REQUIRED"] or request.endpoint in _ENROL_ALLOWED:
        return None
    if not getattr(current_user, "is_authenticated", False) or current_user.has_totp \
            or not current_user.has_role(roles.ADMIN):
        return None
    from ..notifications import POLLING_ENDPOINTS
    if request.endpoint in POLLING_ENDPOINTS:
        return "", 204  # a background poll must not reload the enrolment page
    flash("Tài khoản quản trị phải bật xác thực hai bước trước khi tiếp tục.", "warning")
    if request.headers.get("HX-Request") == "true":
        return "", 403, {"HX-Redirect": url_for("auth.totp_setup")}
    return redirect(url_for("auth.totp_setup"))


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


_ENROLLING = "totp_enrolling"


def _enrolment_secret() -> str:
    """The secret being enrolled, kept encrypted in the session until a code confirms it."""
    stored = session.get(_ENROLLING)
    secret = totp.decrypt(stored) if stored else None
    if not secret:
        secret = totp.new_secret()
        session[_ENROLLING] = totp.encrypt(secret)
    return secret


@bp.route("/account/totp", methods=["GET", "POST"])
def totp_setup():
    """Turn on two-factor sign-in: show the secret and its QR code, confirm with a code from the app."""
    user = current_user._get_current_object()
    if user.has_totp:
        return render("auth/totp_setup.html", form=TotpCodeForm(), user=user, enrolled=True,
                      may_disable=_may_disable(user))
    secret = _enrolment_secret()
    form = TotpCodeForm()
    if form.validate_on_submit():
        step = totp.matching_step(secret, form.code.data)
        if step is None:
            form.code.errors.append("Mã xác thực không đúng. Kiểm tra giờ của điện thoại và nhập mã mới nhất.")
        else:
            with db.atomic():
                # The confirming code's step is spent too, and every session opened without the code ends.
                User.update(totp_secret=totp.encrypt(secret), totp_last_step=step,
                            session_version=User.session_version + 1).where(User.id == user.id).execute()
                audit.record("enable_totp", "user", user.id, actor=user)
            start_session(User.get_by_id(user.id))
            flash("Đã bật xác thực hai bước. Từ nay mỗi lần đăng nhập cần thêm mã trong ứng dụng xác thực.",
                  "success")
            return redirect(url_for("main.index"), 303)
    uri = totp.provisioning_uri(secret, user.username)
    return render("auth/totp_setup.html", form=form, user=user, enrolled=False, secret=secret,
                  secret_groups=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                  qr=totp.qr_svg(uri), status=422 if form.is_submitted() else 200)


def _may_disable(user: User) -> bool:
    return not (current_app.config["ADMIN_TOTP_REQUIRED"] and user.has_role(roles.ADMIN))


@bp.route("/account/totp/disable", methods=["POST"])
def totp_disable():
    """Turn two-factor sign-in off (not for admins while it is required); a current code proves the phone."""
    user = current_user._get_current_object()
    if not user.has_totp or not _may_disable(user):
        return redirect(url_for("auth.totp_setup"), 303)
    form = TotpCodeForm()
    if not (form.validate_on_submit() and totp.accept(user, form.code.data)):
        form.code.errors.append("Mã xác thực không đúng hoặc đã được dùng.")
        return render("auth/totp_setup.html", form=form, user=user, enrolled=True, may_disable=True, status=422)
    with db.atomic():
        User.update(totp_secret=None, totp_last_step=None).where(User.id == user.id).execute()
        audit.record("disable_totp", "user", user.id, actor=user)
    flash("Đã tắt xác thực hai bước.", "success")
    return redirect(url_for("main.index"), 303)


@bp.cli.command("disable-inactive")
def disable_inactive_command():
    """Disable the accounts unused for INACTIVE_DAYS (safe to run twice: for cron or the worker)."""
    with db.connection_context():
        names = inactive.disable_inactive()
    days = current_app.config["INACTIVE_DAYS"]
    click.echo(f"Đã khóa {len(names)} tài khoản không đăng nhập quá {days} ngày"
               + (": " + ", ".join(names) if names else "."))


@bp.cli.command("enable-user")
@click.argument("username")
def enable_user_command(username: str):
    """Re-enable an account from the command line (when no admin can sign in any more)."""
    from ..admin import services
    with db.connection_context():
        user = User.by_username(username)
        if user is None:
            raise click.ClickException(f"Không có tài khoản “{username}”.")
        services.set_user_active(user, True, user)
    click.echo(f"Đã mở lại tài khoản “{user.username}”.")
