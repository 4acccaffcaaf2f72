"""E-mail: the Vietnamese text of a notification, and its delivery over SMTP from the outbox, with retries."""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid

from flask import current_app

from .. import clock
from ..models import EmailLog

logger = logging.getLogger(__name__)

SENDER_NAME = "Thi đua – Khen thưởng"
NOT_FOUND = -1  # deliver(): no such outbox row (yet)
SUBJECT_PREFIX = "[Thi đua – Khen thưởng] "


def compose(user, message) -> tuple[str, str]:
    """Return the subject and plain-text body of the e-mail telling user about message."""
    from .service import absolute_url, path_for
    lines = [f"Kính gửi {user.full_name},", "", message.title, "", message.body.strip()]
    if message.comment:
        lines += ["", "Ý kiến kèm theo:", message.comment.strip()]
    if message.url:
        lines += ["", f"Xem chi tiết: {absolute_url(message.url)}"]
    agency = current_app.config.get("AGENCY_NAME", "")
    lines += ["", "--",
              f"Thư gửi tự động từ Hệ thống quản lý thi đua, khen thưởng – {agency}. Vui lòng không trả lời thư này.",
              f"Không muốn nhận thư thông báo? Tắt tại: {absolute_url(path_for('notifications.settings'))}"]
    return SUBJECT_PREFIX + message.title, "\n".join(lines) + "\n"


def _smtp_send(to_address: str, subject: str, body: str) -> None:
    config = current_app.config
    # The legacy Header class keeps the spaces inside its encoded words; the modern policy folds a long
    # Vietnamese subject between encoded words, where readers drop the space ("đăng ký" became "đăngký").
    msg = MIMEText(body, "plain", "utf-8")
    msg["Subject"] = Header(subject, "utf-8")
    msg["From"] = formataddr((SENDER_NAME, config["MAIL_FROM"]), charset="utf-8")
    msg["To"] = to_address
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(msg, from_addr=config["MAIL_FROM"], to_addrs=[to_address])


def _classify(error: Exception) -> tuple[bool, str]:
    """Say whether trying again may help, and describe the error in Vietnamese for the admin."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        detail = "; ".join(f"{addr}: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
                           for addr, (code, text) in error.recipients.items())
        return any(code < 500 for code in codes), f"Máy chủ thư từ chối người nhận ({detail})"
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return error.smtp_code < 500, f"Máy chủ thư trả lời lỗi {error.smtp_code}: {text}"
    if isinstance(error, (smtplib.SMTPServerDisconnected, OSError)):
        return True, f"Không kết nối được máy chủ thư: {error}"
    return False, f"Lỗi khi gửi thư: {error!r}"


def deliver(email_id: int) -> int | None:
    """Try once to send an outbox row; return the seconds to wait before trying again, None when done, or
    NOT_FOUND when the row is not there (yet).

    Each attempt is written on the row (attempts, last error, status). A permanent refusal (5xx, a bad
    recipient) fails at once; a temporary one (server down, 4xx) is retried MAIL_RETRIES times.
    """
    row = EmailLog.get_or_none(EmailLog.id == email_id)
    if row is None:
        # Not committed yet (a caller that notified inside its own transaction) or rolled back with it.
        logger.warning("Không tìm thấy thư %s trong hộp thư đi", email_id)
        return NOT_FOUND
    if row.status != "queued":
        return None  # sent already (a task enqueued twice), or given up
    config = current_app.config
    attempts = row.attempts + 1
    try:
        _smtp_send(row.to_address, row.subject, row.body)
    except Exception as error:  # noqa: BLE001 — every failure is recorded, none reaches the user
        retry, text = _classify(error)
        retry = retry and attempts <= config["MAIL_RETRIES"]
        logger.warning("Gửi thư %s tới %s thất bại (lần %s): %s", email_id, row.to_address, attempts, text)
        (EmailLog.update(attempts=attempts, last_error=text, status="queued" if retry else "failed",
                         updated_at=clock.now())
         .where(EmailLog.id == email_id).execute())
        return config["MAIL_RETRY_DELAY"] if retry else None
    (EmailLog.update(attempts=attempts, status="sent", sent_at=clock.now(), updated_at=clock.now(), last_error="")
     .where(EmailLog.id == email_id).execute())
    return None
