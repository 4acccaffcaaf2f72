"""Sign-in state, CSRF, session lifetime and response headers."""
from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, logout_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException

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


# Shown above a long form re-rendered after its CSRF token failed (see keeps_input_on_csrf_failure).
CSRF_REFRESHED = "Phiên làm việc đã được làm mới, vui lòng bấm lưu lại."


def keeps_input_on_csrf_failure(view):
    """Mark a long form's view: a POST whose CSRF token expired gets the form back with the typed values.

    Only for views that validate a FlaskForm (with its csrf_token field) before writing anything: the form's own
    CSRF check then fails, so the view re-renders the form with the values and a fresh token. Put it under
    @bp.route so the registered function carries the mark.
    """
    view.keeps_input_on_csrf_failure = True
    return view


def rerender_after_csrf_failure():
    """Answer a CSRF failure on a marked form with 400 and the form re-rendered with the input; None otherwise.

    CSRFProtect raised before the later before_request hooks ran (the sign-in gate, the area role gates), so they
    run here first; if any of them, or the view, refuses, the caller gives the plain CSRF 400 instead. The view
    runs in a transaction that is always rolled back, so even a view that forgot to validate its form cannot
    write anything without a valid token.
    """
    from .db import write_transaction
    from .workflow import WorkflowError

    app = current_app._get_current_object()
    view = app.view_functions.get(request.endpoint or "")
    if request.method != "POST" or not getattr(view, "keeps_input_on_csrf_failure", False):
        return None
    hooks = list(app.before_request_funcs.get(None, ()))
    names = [f"{getattr(h, '__module__', '')}.{getattr(h, '__name__', '')}" for h in hooks]
    after_csrf = hooks[names.index("flask_wtf.csrf.csrf_protect") + 1:]
    for name in reversed(request.blueprints):
        after_csrf += app.before_request_funcs.get(name, [])
    for hook in after_csrf:
        if hook() is not None:
            return None  # signed out, wrong role...: the plain CSRF refusal, as for any other route
    flash(CSRF_REFRESHED, "warning")
    try:
        with write_transaction() as transaction:
            response = app.make_response(view(**(request.view_args or {})))
            transaction.rollback()
    except (HTTPException, WorkflowError):
        session.pop("_flashes", None)
        return None  # the view refused (404, 409...): the plain CSRF refusal
    if 300 <= response.status_code < 400:
        session.pop("_flashes", None)
        return None  # the view thought it saved (a redirect), but nothing was kept: the plain CSRF refusal
    # Still a refusal (400, as for any request without a valid token), but one whose body is the form again:
    # static/js/app.js lets htmx swap a response marked X-Form-Kept, which it would otherwise drop as an error.
    response.status_code = 400
    response.headers["X-Form-Kept"] = "1"
    return response


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


def _is_poll() -> bool:
    """A request the page makes by itself in the background (the waiting-work count, the bell)."""
    from .notifications import POLLING_ENDPOINTS
    return request.endpoint in POLLING_ENDPOINTS


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
            if _is_poll():
                return "", 204  # a background poll must not reload the password page the user is typing in
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
        # Static files carry no personal data and should be cached; everything a signed-in user sees, page or
        # fragment, must not stay in the browser's or a proxy's cache.
        if (request.endpoint != "static" and getattr(current_user, "is_authenticated", False)
                and "no-store" not in response.headers.get("Cache-Control", "")):
            response.headers["Cache-Control"] = "no-store"
        return response
