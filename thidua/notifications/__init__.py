"""Notifications: in the app (the bell) and by e-mail through the background worker, and deadline reminders.

Public API:
    notify(users, message)        tell users in the app and by e-mail (after commit); message: Message or f(user)
    record(pairs) / send_queued(ids)   the same in two steps, for a caller inside its own transaction
    Message(title, body, url, comment, kind)
    reminders.run(today)          send the deadline reminders due today (idempotent); also `flask remind`
Every transition of every table in thidua/flows.py notifies its next actors (transitions.on_transition).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, g, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

from .service import Message, notify, record, send_queued, unread_count

__all__ = ["Message", "init_app", "notify", "record", "send_queued", "unread_count"]

# Requests a page makes by itself every minute: they must not count as the user being active, or an open tab
# would keep a session alive past SESSION_IDLE_MINUTES forever.
POLLING_ENDPOINTS = frozenset({"notifications.bell", "main.inbox_count"})


class _PollingAwareSessionInterface(SecureCookieSessionInterface):
    def should_set_cookie(self, app, session) -> bool:
        if g.get("polling"):
            return False
        return super().should_set_cookie(app, session)


def _page_path(url: str | None) -> str | None:
    """The path (and query) of a page on this site named by an htmx header, or None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and not path.startswith("//") else None


def init_app(app) -> None:
    """Hook the transition tables, choose the queue mode, and give templates the unread count."""
    from .. import tasks
    from .transitions import register_hooks

    register_hooks()
    # Tests run tasks inline (MemoryHuey semantics); the worker and the web server use the configured queue.
    tasks.huey.immediate = bool(app.config.get("HUEY_IMMEDIATE"))
    if tasks.huey.immediate:
        tasks.huey.flush()  # an app built in immediate mode starts with an empty in-memory queue (no retries left over)

    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = _PollingAwareSessionInterface()

    def _polling():
        """Mark a poll so that it does not renew the session; when the session has ended, send the whole page
        to sign-in, coming back to the page the user was on rather than to the polled fragment."""
        if request.endpoint not in POLLING_ENDPOINTS:
            return None
        if current_user.is_authenticated:
            g.polling = True
            return None
        if request.headers.get("HX-Request") != "true":
            return None  # the app's gate answers a plain request
        flash("Phiên làm việc đã hết hạn hoặc bạn chưa đăng nhập. Vui lòng đăng nhập để tiếp tục.", "info")
        return "", 401, {"HX-Redirect": url_for("auth.login", next=_page_path(request.headers.get("HX-Current-URL")))}

    # Ahead of the app's sign-in gate, whose redirect would bring the user back to the bare fragment.
    app.before_request_funcs.setdefault(None, []).insert(0, _polling)

    @app.context_processor
    def _bell():
        def notification_count() -> int:
            if not getattr(current_user, "is_authenticated", False):
                return 0
            return unread_count(current_user)
        return {"notification_count": notification_count}
