"""Sign-in state, CSRF, session lifetime and response headers."""
from __future__ import annotations

import time

from flask import flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, logout_user
from flask_wtf.csrf import CSRFProtect

from .authz import PUBLIC_ENDPOINTS
from .models import User

login_manager = LoginManager()
csrf = CSRFProtect()

# Endpoints a user who must change the password may still reach.
_PASSWORD_CHANGE_ALLOWED = frozenset({"auth.change_password", "auth.logout", "static"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


@login_manager.user_loader
def load_user(token: str):
    """Load the user of a session, refusing sessions older than the last logout."""
    try:
        user_id, version = (int(part) for part in token.split(":"))
    except ValueError:
        return None
    user = User.get_or_none(User.id == user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def _wants_fragment() -> bool:
    return request.headers.get("HX-Request") == "true"


@login_manager.unauthorized_handler
def unauthorized():
    """Send the visitor to sign-in; an htmx caller is told to redirect the whole page."""
    login_url = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
    flash("Phiên làm việc đã hết hạn hoặc bạn chưa đăng nhập. Vui lòng đăng nhập để tiếp tục.", "info")
    if _wants_fragment():
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url)


def start_session(user: User) -> None:
    """Begin a fresh session for user, dropping anything the old one held."""
    from flask_login import login_user

    session.clear()
    session.permanent = True
    login_user(user, remember=False)
    session["signed_in_at"] = int(time.time())


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    csrf.init_app(app)

    @app.before_request
    def _login_gate():
        """Require a live session everywhere except the public allow-list."""
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        started = session.get("signed_in_at", 0)
        if time.time() - started > app.config["SESSION_ABSOLUTE_HOURS"] * 3600:
            logout_user()
            session.clear()
            return login_manager.unauthorized()
        if current_user.must_change_password and request.endpoint not in _PASSWORD_CHANGE_ALLOWED:
            flash("Vui lòng đổi mật khẩu trước khi tiếp tục.", "warning")
            if _wants_fragment():
                return "", 403, {"HX-Redirect": url_for("auth.change_password")}
            return redirect(url_for("auth.change_password"))
        return None

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if current_user and getattr(current_user, "is_authenticated", False):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
