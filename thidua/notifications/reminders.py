"""Deadline reminders: before a deadline to the units that have not submitted, once after it to their heads, and a
daily digest of overdue units to the office.

Deadlines the data holds: a campaign's registration deadline (or the later one granted to a unit by a
DeadlineExtension) and its nomination deadline. Reports carry no deadline in the schema, so none is reminded.

Idempotent: every reminder writes a ReminderLog row with a unique key in the same small transaction as its
notifications, so a second run (the worker's 07:00 task and a cron `flask remind` on the same day, or two at
once) sends nothing twice. A reminder is due on the day REMINDER_DAYS names or, when a run was missed, on a later
day before the deadline (the nearest one only); never for a day before the deadline was announced, so a deadline
already close (or past) when the plan was published does not produce "N days before" messages after the fact.
"""
from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from flask import current_app
from peewee import JOIN, DatabaseError, IntegrityError

from .. import clock, roles
from ..db import write_transaction
from ..models import (Campaign, CampaignUnit, DeadlineExtension, Nomination, Registration, ReminderLog, Unit, User,
                      UserRole)
from ..web import format_date
from .service import Message, path_for, record, send_queued
from .transitions import unit_users

logger = logging.getLogger(__name__)

OPEN_STATES = ("draft", "returned")  # a record in these states has not been submitted (again)
WHAT = {"registration": "đăng ký thi đua", "nomination": "gửi hồ sơ đề nghị khen thưởng"}


@dataclass(frozen=True)
class Due:
    """One unit's deadline of one kind in one published campaign."""
    kind: str
    campaign: Campaign
    unit: Unit
    deadline: datetime.date
    opened: datetime.date  # the day the deadline became known: no reminder is due for a day before it
    extended: bool = False


@dataclass
class Summary:
    reminders: int = 0
    overdue: int = 0
    digests: int = 0
    failed: int = 0
    overdue_units: list = field(default_factory=list)

    def __str__(self) -> str:
        text = (f"{self.reminders} lời nhắc trước hạn, {self.overdue} thông báo quá hạn cho trưởng đơn vị, "
                f"{self.digests} bản tổng hợp cho Văn phòng")
        return text + (f"; {self.failed} lời nhắc chưa gửi được (xem nhật ký)" if self.failed else "")


def reminder_days() -> list[int]:
    """The REMINDER_DAYS setting ("7,3,1") as whole days, largest first; bad entries are ignored with a warning."""
    days = set()
    for part in str(current_app.config.get("REMINDER_DAYS", "")).split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit():
            days.add(int(part))
        else:
            logger.warning("REMINDER_DAYS: bỏ qua giá trị không hợp lệ %r", part)
    return sorted(days, reverse=True)


def deadlines() -> list[Due]:
    """Every addressed, active unit's registration and nomination deadline in the published campaigns."""
    rows = (CampaignUnit.select(CampaignUnit, Campaign, Unit, DeadlineExtension)
            .join(Campaign).switch(CampaignUnit).join(Unit)
            .switch(CampaignUnit)
            .join(DeadlineExtension, JOIN.LEFT_OUTER,
                  on=((DeadlineExtension.campaign == CampaignUnit.campaign)
                      & (DeadlineExtension.unit == CampaignUnit.unit)))
            .where(Campaign.status == "published", Unit.active == True)  # noqa: E712
            .order_by(Campaign.id, Unit.sort_key))
    result = []
    for row in rows:
        campaign, unit = row.campaign, row.unit
        published = campaign.published_at.date() if campaign.published_at else campaign.issued_on
        extension = getattr(row, "deadlineextension", None)
        deadline, opened, extended = campaign.registration_deadline, published, False
        if extension is not None and extension.id and (deadline is None or extension.until > deadline):
            deadline, extended = extension.until, True
            opened = max(published, extension.granted_at.date())
        if deadline is not None:
            result.append(Due("registration", campaign, unit, deadline, opened, extended))
        if campaign.nomination_deadline is not None:
            result.append(Due("nomination", campaign, unit, campaign.nomination_deadline, published))
    return result


def open_work(due: Due) -> str | None:
    """Say what the unit has not submitted for this deadline (read from committed data), or None when done."""
    if due.kind == "registration":
        registration = Registration.get_or_none(Registration.campaign == due.campaign.id,
                                                Registration.unit == due.unit.id)
        if registration is None:
            return "Đơn vị chưa lập bản đăng ký thi đua."
        if registration.status == "draft":
            return "Bản đăng ký thi đua của đơn vị đang soạn, chưa nộp."
        if registration.status == "returned":
            return "Bản đăng ký thi đua của đơn vị bị trả lại, chưa nộp lại."
        return None
    states = [n.status for n in Nomination.select(Nomination.status)
              .where(Nomination.campaign == due.campaign.id, Nomination.unit == due.unit.id)]
    unsent = sum(1 for s in states if s in OPEN_STATES)
    if unsent:
        return f"Đơn vị còn {unsent} hồ sơ đề nghị khen thưởng chưa nộp."
    if not states:
        return "Đơn vị chưa nộp hồ sơ đề nghị khen thưởng nào."
    return None


def days_before_due(due: Due, today: datetime.date, days: list[int]) -> int | None:
    """The reminder due today: the nearest REMINDER_DAYS entry whose day has come, not before the deadline was known."""
    if today > due.deadline or today < due.opened:
        return None
    remaining = (due.deadline - today).days
    known = (due.deadline - due.opened).days
    fitting = [n for n in days if remaining <= n <= known]
    return min(fitting) if fitting else None


def _url(due: Due) -> str:
    if due.kind == "registration":
        registration = Registration.get_or_none(Registration.campaign == due.campaign.id,
                                                Registration.unit == due.unit.id)
        if registration is not None:
            return path_for("registrations.detail", registration_id=registration.id)
    return path_for("campaigns.detail", campaign_id=due.campaign.id)


def _before_message(due: Due, today: datetime.date, missing: str) -> Message:
    remaining = (due.deadline - today).days
    when = "hôm nay là hạn cuối" if remaining == 0 else f"còn {remaining} ngày"
    deadline = format_date(due.deadline) + (" (đã được gia hạn)" if due.extended else "")
    return Message(
        title=f"Nhắc hạn {WHAT[due.kind]}: {when} — kế hoạch {due.campaign.number_symbol}",
        body="\n".join([f"Kế hoạch {due.campaign.number_symbol} “{due.campaign.title}”.",
                        f"Hạn {WHAT[due.kind]} của {due.unit.name}: {deadline}.", missing,
                        "Vui lòng hoàn thành và nộp trước hạn."]),
        url=_url(due), kind="reminder")


def _overdue_message(due: Due, today: datetime.date, missing: str) -> Message:
    return Message(
        title=f"Quá hạn {WHAT[due.kind]} — kế hoạch {due.campaign.number_symbol}",
        body="\n".join([f"Kế hoạch {due.campaign.number_symbol} “{due.campaign.title}”.",
                        f"Hạn {WHAT[due.kind]} của {due.unit.name} là {format_date(due.deadline)}, "
                        f"đã quá {(today - due.deadline).days} ngày.", missing,
                        "Vui lòng nộp ngay, hoặc liên hệ Văn phòng Ban nếu cần gia hạn."]),
        url=_url(due), kind="overdue")


def _digest_message(today: datetime.date, overdue: list[tuple[Due, str]]) -> Message:
    lines: list[str] = []
    campaigns = []
    for due, missing in overdue:
        if due.campaign.id not in campaigns:
            campaigns.append(due.campaign.id)
            lines.append(f"Kế hoạch {due.campaign.number_symbol} “{due.campaign.title}”:")
        lines.append(f"- {due.unit.name}: quá hạn {WHAT[due.kind]} {format_date(due.deadline)} "
                     f"({(today - due.deadline).days} ngày). {missing}")
    units = len({due.unit.id for due, _ in overdue})
    url = (path_for("campaigns.detail", campaign_id=campaigns[0]) if len(campaigns) == 1
           else path_for("campaigns.index"))
    return Message(title=f"Tổng hợp ngày {format_date(today)}: {units} đơn vị quá hạn",
                   body="\n".join(lines), url=url, kind="digest")


class _Done(Exception):
    """The unit submitted between the first look and this reminder's transaction: nothing to send."""


def _send_once(summary: Summary, key: str, log: dict, users: list, message: Message, still_due=None) -> bool:
    """Write the reminder's log row and its notifications in one small transaction, then queue the e-mails."""
    if not users:
        return False
    try:
        with write_transaction():
            # The insert comes first: it takes the write lock, and the unique key refuses a second sending.
            ReminderLog.create(key=key, sent_at=clock.now(), **log)
            if still_due is not None and still_due() is None:
                raise _Done
            ids = record([(u, message) for u in users])
    except (IntegrityError, _Done):
        return False
    except DatabaseError:
        # Busy or unreachable database: this reminder is left for the next run; the others go on.
        logger.exception("Không gửi được lời nhắc %s", key)
        summary.failed += 1
        return False
    send_queued(ids)
    return True


def _office_users() -> list[User]:
    return list(User.select().join(UserRole)
                .where(UserRole.role == roles.OFFICE, User.active == True)  # noqa: E712
                .distinct().order_by(User.id))


def run(today: datetime.date | None = None) -> Summary:
    """Send the reminders due on today (default: the real today); safe to run any number of times."""
    today = today or clock.today()
    days = reminder_days()
    summary = Summary()
    overdue: list[tuple[Due, str]] = []
    for due in deadlines():
        missing = open_work(due)
        if missing is None:
            continue
        base = f"{due.kind}:{due.campaign.id}:{due.unit.id}:{due.deadline.isoformat()}"
        log = {"kind": due.kind, "campaign": due.campaign.id, "unit": due.unit.id, "deadline": due.deadline}
        if today > due.deadline:
            overdue.append((due, missing))
            heads = unit_users(due.unit.id, (roles.UNIT_HEAD,))
            if _send_once(summary, f"{base}:overdue", {**log, "kind": f"{due.kind}_overdue", "days_before": 0},
                          heads, _overdue_message(due, today, missing), lambda due=due: open_work(due)):
                summary.overdue += 1
            continue
        n = days_before_due(due, today, days)
        if n is None:
            continue
        if _send_once(summary, f"{base}:{n}", {**log, "days_before": n}, unit_users(due.unit.id),
                      _before_message(due, today, missing), lambda due=due: open_work(due)):
            summary.reminders += 1
    summary.overdue_units = [(due.campaign.number_symbol, due.unit.name, due.kind) for due, _ in overdue]
    if overdue:
        message = _digest_message(today, overdue)
        for user in _office_users():
            if _send_once(summary, f"digest:{today.isoformat()}:{user.id}",
                          {"kind": "digest", "user": user.id, "deadline": today}, [user], message):
                summary.digests += 1
    return summary
