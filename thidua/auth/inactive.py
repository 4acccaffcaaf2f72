"""Accounts unused for INACTIVE_DAYS are disabled: by `flask --app app disable-inactive` (cron or the worker) and
again at sign-in, so an account is refused even on a day the command did not run."""
from __future__ import annotations

import datetime

from flask import current_app

from .. import audit
from ..db import db
from ..models import User

REASON = "inactive"
MESSAGE = ("Tài khoản của bạn đã không được sử dụng quá {days} ngày nên đã bị khóa để bảo đảm an toàn. "
           "Vui lòng liên hệ cán bộ quản trị hệ thống để được mở lại.")


def _days() -> int:
    return current_app.config["INACTIVE_DAYS"]


def message() -> str:
    return MESSAGE.format(days=_days())


def is_stale(user: User, now: datetime.datetime | None = None) -> bool:
    """Say whether user has not signed in (nor been created or re-enabled) within INACTIVE_DAYS."""
    days = _days()
    if days <= 0:
        return False
    now = now or datetime.datetime.now()
    return user.last_activity() < now - datetime.timedelta(days=days)


def disable(user: User) -> bool:
    """Disable user for inactivity, audited; False when another request or run already did."""
    with db.atomic():
        changed = (User.update(active=False, disabled_reason=REASON, session_version=User.session_version + 1)
                   .where(User.id == user.id, User.active == True)  # noqa: E712 - SQL comparison
                   .execute())
        if changed:
            audit.record("deactivate", "user", user.id, before={"active": True}, after={"active": False},
                         comment=f"Tự động khóa: không đăng nhập quá {_days()} ngày", actor=None)
    if changed:
        user.active, user.disabled_reason = False, REASON
    return bool(changed)


def disable_inactive(now: datetime.datetime | None = None) -> list[str]:
    """Disable every active account unused for INACTIVE_DAYS; return their usernames (none on a second run)."""
    now = now or datetime.datetime.now()
    disabled = []
    for user in User.select().where(User.active == True).order_by(User.id):  # noqa: E712
        if is_stale(user, now) and disable(user):
            disabled.append(user.username)
    return disabled
