"""Slow down password guessing: lock a username or an IP after repeated failures."""
from __future__ import annotations

import datetime
import math

from flask import current_app

from ..models import LoginAttempt, User


def _window_start() -> datetime.datetime:
    return datetime.datetime.now() - datetime.timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def _failures(where, reset_by_success: bool, cleared_at=None) -> tuple[int, datetime.datetime | None]:
    """Count failures within the window, and the newest one's time.

    For a username a success clears the count; for an IP it does not, or an attacker
    could clear it by signing in to an account of their own between guesses.
    """
    since = _window_start()
    if cleared_at is not None and cleared_at > since:
        since = cleared_at  # an admin ended the lock early: older failures no longer count
    rows = (LoginAttempt.select(LoginAttempt.at, LoginAttempt.success)
            .where(where, LoginAttempt.at >= since)
            .order_by(LoginAttempt.at.desc(), LoginAttempt.id.desc()))
    count, newest = 0, None
    for row in rows:
        if row.success:
            if reset_by_success:
                break
            continue
        count += 1
        newest = newest or row.at
    return count, newest


def minutes_locked(username: str, ip: str) -> int:
    """Return how many minutes the username or IP must still wait, 0 when free to try."""
    cfg = current_app.config
    user = User.by_username(username)
    checks = (
        (LoginAttempt.username == username.lower(), cfg["LOGIN_MAX_FAILURES_PER_USER"], True,
         user.lock_cleared_at if user else None),
        (LoginAttempt.ip_address == ip, cfg["LOGIN_MAX_FAILURES_PER_IP"], False, None),
    )
    wait = 0.0
    for where, limit, reset_by_success, cleared_at in checks:
        count, newest = _failures(where, reset_by_success, cleared_at)
        if count >= limit and newest is not None:
            until = newest + datetime.timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
            wait = max(wait, (until - datetime.datetime.now()).total_seconds() / 60)
    return math.ceil(wait) if wait > 0 else 0


def note_attempt(username: str, ip: str, success: bool) -> None:
    LoginAttempt.create(username=username.lower()[:60], ip_address=ip, success=success)
    if not success:
        _audit_failure(username, ip)


def _audit_failure(username: str, ip: str) -> None:
    """A failed sign-in, and the lock it may start, go to the chained audit log too (the name typed is kept, the
    password never)."""
    from .. import audit
    from ..models import User
    user = User.by_username(username)
    audit.record("login_failed", "user", user.id if user else None, comment=username[:60], actor=None)
    if minutes_locked(username, ip):
        audit.record("lockout", "user", user.id if user else None, comment=f"{username[:60]} — {ip}", actor=None)
