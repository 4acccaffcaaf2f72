"""Write notifications and queue their e-mails: the one way anything in the app tells a person something.

`record()` writes inside the caller's transaction and returns the outbox ids; `send_queued()` hands them to
the worker once that transaction has committed; `notify()` does both for a caller that has no transaction.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Union

from flask import current_app, has_app_context, has_request_context, request

from .. import clock
from ..db import db
from ..models import EmailLog, Notification, User

logger = logging.getLogger(__name__)

DEV_BASE_URL = "http://127.0.0.1:5000"
# Deliberately loose: the mail server has the last word; this only stops what cannot be an address at all.
_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+$")

NO_ADDRESS = "Người dùng chưa có địa chỉ thư điện tử: chỉ nhận thông báo trong ứng dụng."
BAD_ADDRESS = "Địa chỉ thư điện tử không hợp lệ: “{address}”. Quản trị hệ thống cần sửa địa chỉ của người dùng."
NOT_QUEUED = "Không đưa được thư vào hàng đợi gửi: {error}"


@dataclass(frozen=True)
class Message:
    """What one person is told: a title, a few lines, a path on this site, and the comment when there is one."""
    title: str
    body: str
    url: str = ""
    comment: str = ""
    kind: str = "transition"


MessageFor = Union[Message, Callable[[User], Message]]


def valid_address(address: str) -> bool:
    return bool(_ADDRESS.match(address or ""))


def mail_enabled() -> bool:
    """E-mail goes out only when a mail server is configured; otherwise notifications stay in the app."""
    return has_app_context() and bool(current_app.config.get("MAIL_SERVER"))


def path_for(endpoint: str, **values) -> str:
    """Build a path on this site without needing a request (the worker and the CLI have none)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute_url(path: str) -> str:
    """Make a path absolute for an e-mail: BASE_URL, else the host of the current request."""
    base = current_app.config.get("BASE_URL") or (request.host_url if has_request_context() else DEV_BASE_URL)
    return base.rstrip("/") + path


def record(pairs: Iterable[tuple[User, Message]]) -> list[int]:
    """Write each user's notification and the outbox row of its e-mail; return the ids to send after commit.

    A user who turned e-mail off gets the notification only. A user without an address, or with one that
    cannot be an address, gets it too, and the outbox keeps a row saying why no e-mail went, for the admin.
    """
    from . import mailer
    seen: set[int] = set()
    queued: list[int] = []
    now = clock.now()
    send_mail = mail_enabled()
    with db.atomic():
        rows = []
        for user, message in pairs:
            if user.id in seen:
                continue
            seen.add(user.id)
            rows.append({"user": user.id, "kind": message.kind, "title": message.title[:500],
                         "body": message.body, "url": message.url[:500], "comment": message.comment,
                         "created_at": now})
            if not send_mail or not user.email_notifications:
                continue
            address = (user.email or "").strip()
            subject, body = mailer.compose(user, message)
            row = {"user": user.id, "to_address": address, "subject": subject[:500], "body": body,
                   "created_at": now, "updated_at": now}
            if not address:
                EmailLog.create(**row, status="skipped", last_error=NO_ADDRESS)
                logger.info("Không gửi thư cho người dùng %s: chưa có địa chỉ", user.id)
            elif not valid_address(address):
                EmailLog.create(**row, status="failed", last_error=BAD_ADDRESS.format(address=address))
                logger.warning("Không gửi thư cho người dùng %s: địa chỉ không hợp lệ %r", user.id, address)
            else:
                queued.append(EmailLog.create(**row, status="queued").id)
        if rows:
            Notification.insert_many(rows).execute()
    return queued


def send_queued(email_ids: list[int]) -> None:
    """Hand committed outbox rows to the worker; a queue that cannot be reached is noted on the row."""
    if not email_ids:
        return
    from ..tasks import send_email
    for email_id in email_ids:
        try:
            send_email(email_id)
        except Exception as error:  # noqa: BLE001 — the change is committed; nothing here may undo or hide it
            logger.exception("Không đưa được thư %s vào hàng đợi", email_id)
            try:
                (EmailLog.update(last_error=NOT_QUEUED.format(error=error), updated_at=clock.now())
                 .where(EmailLog.id == email_id).execute())
            except Exception:  # noqa: BLE001
                logger.exception("Không ghi được lỗi của thư %s", email_id)


def notify(users: Iterable[User], message: MessageFor) -> int:
    """Notify users in the app and by e-mail (after commit); return how many were notified.

    message is one Message for everybody, or a function of the user for a text that differs per person.
    """
    users = list(users)
    pairs = [(u, message(u) if callable(message) else message) for u in users]
    if db.in_transaction():
        # The worker could look for outbox rows before they are committed: record() + send_queued() after commit.
        logger.warning("notify() được gọi trong một giao dịch chưa kết thúc")
    send_queued(record(pairs))
    return len({u.id for u in users})


def unread_count(user) -> int:
    return Notification.select().where(Notification.user == user.id, Notification.read_at.is_null()).count()
