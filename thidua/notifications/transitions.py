"""Tell the next actors when a record moves: the hook every transition table runs after its commit.

"Next actors" come from the same source as the buttons: the users for whom `workflow.available()` offers an
action on the record in its new state (candidates by role, then filtered per record). When a record comes back
(a transition that needs a comment, such as "return") or is refused, the users of its unit are told too, with the
comment. A few moves wait for people who act through a form of their own rather than a transition button (a
published plan waits for its units to register; a vote waits for the members present): EXTRA names them.
"""
from __future__ import annotations

import logging
from typing import Callable

from flask import has_app_context

from .. import clock, roles, workflow
from ..models import (Campaign, CampaignUnit, CouncilMember, CouncilSession, Decision, Nomination, Registration,
                      Report, SessionAttendance, User, UserRole)
from ..web import format_date
from .service import Message, notify, path_for

logger = logging.getLogger(__name__)

# States a unit learns about with the comment, besides any transition that needs one.
REFUSED_STATES = frozenset({"returned", "not_passed", "not_awarded"})
UNIT_ROLES = (roles.UNIT_STAFF, roles.UNIT_HEAD)


def describe(obj) -> tuple[str, str, str]:
    """Return (noun, name, path) of a record for a notification: "Bản đăng ký thi đua", "của …", "/registrations/5"."""
    if isinstance(obj, Campaign):
        return ("Kế hoạch thi đua", f"{obj.number_symbol} “{obj.title}”",
                path_for("campaigns.detail", campaign_id=obj.id))
    if isinstance(obj, Registration):
        return ("Bản đăng ký thi đua", f"của {obj.unit.name} ({obj.campaign.number_symbol})",
                path_for("registrations.detail", registration_id=obj.id))
    if isinstance(obj, Report):
        return ("Báo cáo", f"{obj.kind_label.lower()} của {obj.unit.name} ({obj.campaign.number_symbol})",
                path_for("reports.detail", report_id=obj.id))
    if isinstance(obj, Nomination):
        who = obj.person.full_name if obj.person_id else f"tập thể {obj.unit.name}"
        return ("Hồ sơ đề nghị khen thưởng", f"{who} — {obj.award_kind.name} ({obj.unit.name})",
                path_for("nominations.detail", nomination_id=obj.id))
    if isinstance(obj, CouncilSession):
        return "Phiên họp Hội đồng", f"“{obj.title}”", path_for("sessions.detail", session_id=obj.id)
    if isinstance(obj, Decision):
        number = f"số {obj.number_symbol} " if obj.number else ""
        return obj.kind_label, f"{number}“{obj.summary}”", path_for("decisions.detail", decision_id=obj.id)
    machine = workflow.machine_for(obj)
    return machine.object_type, f"#{obj.id}", ""


def _with_roles(users: list[User]) -> list[User]:
    """Load every user's roles in one query (available() reads them per user)."""
    codes: dict[int, set[str]] = {u.id: set() for u in users}
    for row in UserRole.select(UserRole.user, UserRole.role).where(UserRole.user.in_(list(codes) or [0])):
        codes[row.user_id].add(row.role)
    for user in users:
        user.__dict__["_role_codes"] = frozenset(codes[user.id])
    return users


def next_actors(obj) -> list[User]:
    """The active users who may take an action on obj now: candidates by role, kept when available() agrees."""
    machine = workflow.machine_for(obj)
    state = getattr(obj, machine.state_field)
    wanted = {role for t in machine.transitions if t.manual and state in t.sources for role in t.roles}
    if not wanted:
        return []
    candidates = list(User.select().join(UserRole).where(UserRole.role.in_(sorted(wanted)), User.active == True)  # noqa: E712
                      .distinct().order_by(User.id))
    return [u for u in _with_roles(candidates) if workflow.available(obj, u)]


def unit_users(unit_id: int, unit_roles=UNIT_ROLES) -> list[User]:
    """The active staff and head(s) of a unit."""
    return list(User.select().join(UserRole)
                .where(User.unit == unit_id, User.active == True, UserRole.role.in_(list(unit_roles)))  # noqa: E712
                .distinct().order_by(User.id))


def _addressed_units(campaign) -> list[User]:
    units = CampaignUnit.select(CampaignUnit.unit).where(CampaignUnit.campaign == campaign.id)
    return list(User.select().join(UserRole)
                .where(User.unit.in_(units), User.active == True, UserRole.role.in_(list(UNIT_ROLES)))  # noqa: E712
                .distinct().order_by(User.id))


def _present_members(session) -> list[User]:
    return list(User.select().join(CouncilMember, on=(CouncilMember.user == User.id))
                .join(SessionAttendance, on=(SessionAttendance.seat == CouncilMember.id))
                .where(SessionAttendance.session == session.id, SessionAttendance.present == True,  # noqa: E712
                       User.active == True).distinct().order_by(User.id))  # noqa: E712


def _register_before(campaign) -> str:
    if campaign.registration_deadline:
        return f"Đơn vị được giao thực hiện kế hoạch: vui lòng đăng ký thi đua trước hạn " \
               f"{format_date(campaign.registration_deadline)}."
    return "Đơn vị được giao thực hiện kế hoạch: vui lòng đăng ký thi đua."


# (object type, action) -> (who else waits, what they are asked to do)
EXTRA: dict[tuple[str, str], tuple[Callable, Callable]] = {
    ("campaign", "publish"): (_addressed_units, _register_before),
    ("council_session", "open_voting"): (_present_members,
                                         lambda s: "Phiên họp đang bỏ phiếu: vui lòng gửi phiếu bầu."),
    ("council_session", "second_round"): (_present_members,
                                          lambda s: "Phiên họp bỏ phiếu lại: vui lòng gửi phiếu bầu của vòng mới."),
}


def _message(obj, t, actor, comment: str, ask: str, described: tuple[str, str, str]) -> Message:
    machine = workflow.machine_for(obj)
    noun, name, path = described
    state = machine.label(t.target)
    who = f"{actor.full_name} ({actor.unit.name})" if actor is not None else "Hệ thống"
    body = "\n".join([f"{t.label}: {who}, lúc {format_date(clock.now(), True)}.",
                      f"Trạng thái hiện nay: {state}.", ask])
    return Message(title=f"{noun} {name}: {state[:1].lower()}{state[1:]}", body=body, url=path, comment=comment)


def recipients(obj, t, actor) -> list[tuple[User, str]]:
    """Everyone to tell about this move, each with the sentence saying what is asked of them."""
    machine = workflow.machine_for(obj)
    told: dict[int, tuple[User, str]] = {}
    for user in next_actors(obj):
        told[user.id] = (user, "Việc này đang chờ bạn xử lý.")
    extra = EXTRA.get((machine.object_type, t.action))
    if extra is not None:
        who, ask = extra
        for user in who(obj):
            told.setdefault(user.id, (user, ask(obj)))
    unit_id = getattr(obj, "unit_id", None)
    if unit_id and (t.needs_comment or t.target in REFUSED_STATES):
        ask = ("Vui lòng xem ý kiến, sửa rồi nộp lại." if t.target == "returned"
               else "Xem kết quả và ý kiến kèm theo trên hồ sơ.")
        for user in unit_users(unit_id):
            told[user.id] = (user, ask)
    # Whoever acted knows already.
    told.pop(getattr(actor, "id", None), None)
    return list(told.values())


def on_transition(obj, t, actor, comment: str) -> None:
    """After a transition has committed: notify its next actors (and the unit, when it came back)."""
    if not has_app_context():
        # Requests, the CLI and the worker all run in one; a bare script has no settings nor URLs to build.
        logger.warning("Không có ngữ cảnh ứng dụng: bỏ qua thông báo sau thao tác %s", t.action)
        return
    try:
        pairs = recipients(obj, t, actor)
        if not pairs:
            return
        described = describe(obj)
        messages = {user.id: _message(obj, t, actor, comment, ask, described) for user, ask in pairs}
        notify([user for user, _ in pairs], lambda user: messages[user.id])
    except Exception:  # noqa: BLE001 — the change is done; a failed notification must not turn it into an error page
        logger.exception("Không gửi được thông báo sau thao tác %s trên %s #%s", t.action,
                         workflow.machine_for(obj).object_type, obj.id)


_registered: set[str] = set()


def register_hooks() -> None:
    """Run on_transition after every transition of every table in thidua/flows.py (once per process)."""
    from .. import flows  # noqa: F401  (the tables register themselves on import)
    for machine in list(workflow.MACHINES.values()):
        if machine.object_type not in _registered:
            workflow.after_commit(machine, on_transition)
            _registered.add(machine.object_type)
