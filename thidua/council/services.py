"""Changes to the council roster and the vote rules: each one transaction with its audit entry.

Seats are never deleted: a member's service ends (served_to), so that past sessions keep their roster.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from .. import audit, roles
from ..db import db
from ..forms_support import FieldError
from ..models import CouncilMember, User, UserRole, VoteRule

SEAT_FIELDS = ("role", "served_from", "served_to", "note")
RULE_FIELDS = ("quorum_numerator", "quorum_denominator", "threshold_percent", "denominator",
               "written_votes_allowed", "method", "recuse_same_unit", "notice_working_days", "confirmed", "article",
               "note")


def _seat_state(seat: CouncilMember) -> dict:
    return {"user_id": seat.user_id, **{f: getattr(seat, f) for f in SEAT_FIELDS}}


def _check_period(served_from: datetime.date, served_to: datetime.date | None) -> None:
    if served_to is not None and served_to < served_from:
        raise FieldError("served_to", "Ngày thôi tham gia phải từ ngày bắt đầu tham gia trở về sau.")


def _check_overlap(user_id: int, served_from, served_to, exclude_id: int | None = None) -> None:
    """One person holds one seat at a time: refuse a period that overlaps another seat of theirs."""
    query = CouncilMember.select().where(CouncilMember.user == user_id)
    if exclude_id is not None:
        query = query.where(CouncilMember.id != exclude_id)
    for other in query:
        starts_before_other_ends = other.served_to is None or served_from <= other.served_to
        ends_after_other_starts = served_to is None or served_to >= other.served_from
        if starts_before_other_ends and ends_after_other_starts:
            raise FieldError("served_from", "Người này đã là thành viên Hội đồng trong khoảng thời gian trùng lặp.")


def _grant_role(user_id: int, seat_role: str) -> None:
    """A seat carries the app role that lets its holder vote (and the chair run sessions); roles are only added
    here, never taken away, so nothing the administrator granted by hand is lost."""
    role = roles.COUNCIL_CHAIR if seat_role == "chair" else roles.COUNCIL_MEMBER
    if not UserRole.select().where(UserRole.user == user_id, UserRole.role == role).exists():
        UserRole.create(user=user_id, role=role)
        audit.record("update", "user", user_id, after={"roles": [role]},
                     comment=f"Cấp vai trò “{roles.LABELS[role]}” theo ghế trong Hội đồng")


def add_member(user: User, values: dict) -> CouncilMember:
    _check_period(values["served_from"], values.get("served_to"))
    _check_overlap(user.id, values["served_from"], values.get("served_to"))
    with db.atomic():
        seat = CouncilMember.create(user=user, **{f: values.get(f) if f != "note" else values.get(f) or ""
                                                  for f in SEAT_FIELDS})
        _grant_role(user.id, seat.role)
        audit.record("create", "council_member", seat.id, after=_seat_state(seat), comment=user.full_name)
    return seat


def update_member(seat: CouncilMember, values: dict) -> None:
    _check_period(values["served_from"], values.get("served_to"))
    _check_overlap(seat.user_id, values["served_from"], values.get("served_to"), exclude_id=seat.id)
    before = _seat_state(seat)
    for field in SEAT_FIELDS:
        setattr(seat, field, values.get(field) if field != "note" else values.get(field) or "")
    with db.atomic():
        seat.save()
        _grant_role(seat.user_id, seat.role)
        old, new = audit.changes(before, _seat_state(seat))
        if new:
            audit.record("update", "council_member", seat.id, before=old, after=new, comment=seat.user.full_name)


def end_service(seat: CouncilMember, last_day: datetime.date) -> None:
    """End a member's service on last_day (inclusive); the seat stays in the roster's history."""
    if seat.served_to is not None and seat.served_to <= last_day:
        raise FieldError("served_to", "Thành viên này đã thôi tham gia Hội đồng.")
    _check_period(seat.served_from, last_day)
    before = _seat_state(seat)
    seat.served_to = last_day
    with db.atomic():
        seat.save()
        old, new = audit.changes(before, _seat_state(seat))
        audit.record("end_service", "council_member", seat.id, before=old, after=new, comment=seat.user.full_name)


def _rule_state(rule: VoteRule) -> dict:
    state = {f: getattr(rule, f) for f in RULE_FIELDS}
    state["threshold_percent"] = str(Decimal(str(state["threshold_percent"])).normalize())
    return state


def update_rule(rule: VoteRule, values: dict) -> None:
    if values["quorum_numerator"] > values["quorum_denominator"]:
        raise FieldError("quorum_numerator", "Tử số không được lớn hơn mẫu số.")
    before = _rule_state(rule)
    for field in RULE_FIELDS:
        setattr(rule, field, values[field])
    with db.atomic():
        rule.save()
        old, new = audit.changes(before, _rule_state(rule))
        if new:
            audit.record("update", "vote_rule", rule.id, before=old, after=new,
                         comment=f"{rule.award_code} ({rule.regime.name})")
