"""Public notice before the council meets (công khai, ND 98/2023 Điều 46): the office posts the session's agenda for
the working days the vote rules require; the council may not open the session before the posting has run its
course; objections received meanwhile are recorded for the council and its minutes."""
from __future__ import annotations

import datetime

from flask import current_app
from peewee import JOIN

from .. import audit, clock, workflow
from ..db import db
from ..forms_support import FieldError
from ..models import CouncilSession, NoticeObjection, Nomination, Person, PublicNotice, Unit
from ..workflow import WorkflowError
from . import sessions


def holidays() -> set[datetime.date]:
    """Public holidays from the PUBLIC_HOLIDAYS setting (ISO dates, comma-separated); weekends are always off."""
    raw = current_app.config.get("PUBLIC_HOLIDAYS", "") or ""
    return {datetime.date.fromisoformat(part.strip()) for part in raw.split(",") if part.strip()}


def is_working_day(day: datetime.date, off: set[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in off


def last_working_day(start: datetime.date, count: int, off: set[datetime.date]) -> datetime.date:
    """The count-th working day counted from start (start itself counts when it is a working day)."""
    day, seen = start, 0
    while True:
        if is_working_day(day, off):
            seen += 1
            if seen >= count:
                return day
        day += datetime.timedelta(days=1)


def required_days(session: CouncilSession) -> int:
    """The longest posting the agenda's rules require (0: none)."""
    code = sessions.regime_code(session)
    regime_rules = sessions.rules_of(code)
    rules = [sessions.rule_in(regime_rules, i) for i in sessions.items_of(session)]
    return max((r.notice_working_days for r in rules if r is not None), default=0)


def notice_of(session: CouncilSession) -> PublicNotice | None:
    return PublicNotice.get_or_none(PublicNotice.session == session.id)


def post(session: CouncilSession, actor) -> PublicNotice:
    """Post the agenda publicly from today; the agenda is frozen from then on."""
    if not sessions.items_of(session):
        raise FieldError("notice", "Chương trình họp chưa có hồ sơ nào để công khai.")
    days = required_days(session) or current_app.config.get("NOTICE_DEFAULT_WORKING_DAYS", 3)
    today = clock.today()
    first = today
    off = holidays()
    ends = last_working_day(first, days, off)
    if session.meets_at.date() <= ends:
        raise FieldError("notice", f"Thời hạn công khai {days} ngày làm việc kéo dài đến hết ngày {ends:%d/%m/%Y}; "
                                   f"ngày họp ({session.meets_at:%d/%m/%Y}) phải sau ngày đó. Vui lòng dời ngày họp.")
    with db.atomic():
        workflow.lock_for_change(session, ("draft",), "Chỉ công khai danh sách khi phiên họp đang chuẩn bị.")
        if notice_of(session) is not None:
            raise WorkflowError(409, "Danh sách của phiên họp này đã được công khai.")
        notice = PublicNotice.create(session=session, posted_on=today, working_days=days, ends_on=ends,
                                     created_by=actor)
        audit.record("post_notice", "council_session", session.id, actor=actor,
                     after={"posted_on": today, "ends_on": ends, "working_days": days})
    return notice


def posting_blocker(session: CouncilSession) -> str | None:
    """Why the session may not open yet because of the posting, or None."""
    needed = required_days(session)
    notice = notice_of(session)
    if needed and notice is None:
        return (f"Danh sách đề nghị phải được công khai ít nhất {needed} ngày làm việc trước khi Hội đồng họp. "
                "Văn phòng cần công khai danh sách trước.")
    if notice is not None and clock.today() <= notice.ends_on:
        return f"Danh sách đang được công khai đến hết ngày {notice.ends_on:%d/%m/%Y}; Hội đồng họp sau ngày đó."
    return None


def record_objection(notice: PublicNotice, values: dict, actor) -> NoticeObjection:
    sender = (values.get("sender") or "").strip()
    content = (values.get("content") or "").strip()
    received = values.get("received_on")
    if not sender:
        raise FieldError("sender", "Vui lòng ghi người, cơ quan gửi ý kiến.")
    if len(content) < 10:
        raise FieldError("content", "Vui lòng ghi nội dung ý kiến.")
    if received is None or received < notice.posted_on:
        raise FieldError("received_on", f"Ngày nhận phải từ ngày công khai ({notice.posted_on:%d/%m/%Y}) trở đi.")
    if received > clock.today():
        raise FieldError("received_on", "Ngày nhận không được ở tương lai.")
    nomination_id = values.get("nomination_id") or None
    if nomination_id and not any(i.nomination_id == nomination_id for i in sessions.items_of(notice.session)):
        raise FieldError("nomination_id", "Hồ sơ này không có trong danh sách công khai.")
    with db.atomic():
        row = NoticeObjection.create(notice=notice, nomination=nomination_id, received_on=received, sender=sender,
                                     content=content, handling=(values.get("handling") or "").strip(),
                                     recorded_by=actor)
        audit.record("record_objection", "council_session", notice.session_id, actor=actor,
                     after={"sender": sender, "nomination": nomination_id}, comment=content[:200])
    return row


def objections_of(notice: PublicNotice | None) -> list[NoticeObjection]:
    if notice is None:
        return []
    return list(NoticeObjection.select(NoticeObjection, Nomination, Person, Unit)
                .join(Nomination, on=(NoticeObjection.nomination == Nomination.id), join_type=JOIN.LEFT_OUTER)
                .join(Person, on=(Nomination.person == Person.id), join_type=JOIN.LEFT_OUTER)
                .switch(Nomination).join(Unit, on=(Nomination.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
                .where(NoticeObjection.notice == notice.id).order_by(NoticeObjection.received_on,
                                                                      NoticeObjection.id))
