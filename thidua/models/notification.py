"""What the app tells people: in-app notifications, the e-mail outbox, and the log that keeps reminders single."""
from __future__ import annotations

import datetime

from peewee import CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .campaign import Campaign
from .org import Unit, User

EMAIL_STATES = {"queued": "Chờ gửi", "sent": "Đã gửi", "failed": "Gửi không được", "skipped": "Không gửi"}
NOTIFICATION_KINDS = {"transition": "Hồ sơ thay đổi", "reminder": "Nhắc hạn", "overdue": "Quá hạn",
                      "digest": "Tổng hợp quá hạn"}


def _in(column: str, values) -> Check:
    quoted = ", ".join(f"'{v}'" for v in values)
    return Check(f"{column} IN ({quoted})")


class Notification(BaseModel):
    """One message in a user's bell: what happened, where to look, the comment when a record came back."""
    user = ForeignKeyField(User, backref="notifications", on_delete="CASCADE")
    kind = CharField(max_length=12, default="transition", constraints=[_in("kind", NOTIFICATION_KINDS)])
    title = CharField(max_length=500)
    body = TextField(default="")
    url = CharField(max_length=500, default="")  # a path on this site
    comment = TextField(default="")
    created_at = DateTimeField(default=datetime.datetime.now)
    read_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "read_at"), False),)


class EmailLog(BaseModel):
    """The outbox: one e-mail to one address, its attempts and the last error, for the administrator to see."""
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    to_address = CharField(max_length=200, default="")
    subject = CharField(max_length=500)
    body = TextField()
    status = CharField(max_length=8, default="queued", constraints=[_in("status", EMAIL_STATES)])
    attempts = IntegerField(default=0, constraints=[Check("attempts >= 0")])
    last_error = TextField(default="")
    created_at = DateTimeField(default=datetime.datetime.now)
    updated_at = DateTimeField(default=datetime.datetime.now)
    sent_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("status", "created_at"), False),)

    @property
    def status_label(self) -> str:
        return EMAIL_STATES.get(self.status, self.status)


class ReminderLog(BaseModel):
    """One reminder sent: the unique key makes a second run of the same day send nothing again.

    key spells out (kind, campaign, unit, deadline, days before) for a unit's reminder and (digest, day, user)
    for the office's digest; the columns beside it say the same for people and queries.
    """
    key = CharField(max_length=200, unique=True)
    kind = CharField(max_length=24)
    campaign = ForeignKeyField(Campaign, null=True, backref="+", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, null=True, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, null=True, backref="+", on_delete="CASCADE")
    deadline = DateField()  # the deadline reminded of, or the digest's day
    days_before = IntegerField(default=0)
    sent_at = DateTimeField(default=datetime.datetime.now)
