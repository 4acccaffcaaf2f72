"""The background worker: e-mail delivery with retries, and the daily deadline reminders.

Run it beside the web server with `huey_consumer thidua.tasks.huey` (the Procfile's `worker:` line). The queue
lives in a SQLite file under the instance folder by default (one host); set HUEY_REDIS_URL when several hosts
share the work. The web process only enqueues; this module is imported by both.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager

from flask import has_app_context
from huey import RedisHuey, SqliteHuey, crontab
from huey.exceptions import RetryTask

from .db import db

logger = logging.getLogger(__name__)


def _instance_path() -> str:
    # The same folder create_app() uses, found without an app: the worker builds its app only when a task runs.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.environ.get("INSTANCE_PATH", os.path.join(root, "instance"))


def make_huey():
    """Build the queue named by the environment: Redis when HUEY_REDIS_URL is set, else a SQLite file."""
    # utc=False: the daily reminder's 07:00 is the Committee's local time, not UTC.
    redis_url = os.environ.get("HUEY_REDIS_URL", "")
    if redis_url:
        return RedisHuey("thidua", url=redis_url, results=False, utc=False)
    path = os.environ.get("HUEY_SQLITE_PATH") or os.path.join(_instance_path(), "huey.sqlite3")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    return SqliteHuey("thidua", filename=path, results=False, utc=False)


huey = make_huey()

_worker_app = None


@contextmanager
def _connected():
    """Use the caller's open connection (a request, immediate mode) or open one for the task and close it."""
    opened = db.is_closed()
    if opened:
        db.connect()
    try:
        yield
    finally:
        if opened and not db.is_closed():
            db.close()


def _in_app(func):
    """Run func inside an app context with a database connection: the caller's, or the worker's own app."""
    global _worker_app
    if has_app_context():
        with _connected():
            return func()
    if _worker_app is None:
        from . import create_app
        _worker_app = create_app()
    with _worker_app.app_context(), _connected():
        return func()


MISSING_ROW_TRIES = 3


@huey.task()
def send_email(email_id: int, missing: int = 0) -> None:
    """Send one queued e-mail of the outbox; a temporary failure is tried again later."""
    from .notifications import mailer
    delay = _in_app(lambda: mailer.deliver(email_id))
    if delay == mailer.NOT_FOUND:
        # The row may belong to a transaction that has not committed yet: look again a little later.
        if missing < MISSING_ROW_TRIES:
            send_email.schedule((email_id, missing + 1), delay=10)
    elif delay is not None:
        raise RetryTask(delay=delay)


@huey.periodic_task(crontab(hour="7", minute="0"))
def daily_reminders() -> None:
    """Send today's deadline reminders and the office's digest (idempotent: `flask remind` may run too)."""
    from .notifications import reminders
    summary = _in_app(reminders.run)
    logger.info("Nhắc hạn: %s", summary)
