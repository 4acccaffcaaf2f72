"""The inbox items that come from the transition tables: a record waits for a user exactly when
`workflow.available(record, user)` offers that user a button on it — the same source as the buttons.

One declaration per record type says which states wait (and under which heading), how to name and link a
record, and its deadline. One more rule, stated once: a record returned to its unit waits for the unit's people
who fix it (an edit, not a transition), the unit's staff as well as its head.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import url_for
from peewee import JOIN

from . import roles
from .flows import CAMPAIGN, COUNCIL_SESSION, DECISION, NOMINATION, REGISTRATION, REPORT
from .inbox import InboxItem, provider
from .models import (AwardKind, Campaign, CouncilSession, Decision, DeadlineExtension, Nomination, Person, Registration,
                     Report, Unit)
from .workflow import Machine, available

# States with a button that nevertheless wait for nobody: a published plan may be closed any day, a closed council
# session may be given a second round — optional acts, nothing pending. Every other state with a button waits.
NOT_WAITING = {("campaign", "published"), ("council_session", "closed")}
# Per record type, the longest waiting first: an inbox lists what to do next, the full lists have their own pages
# (a ministry's office has thousands of dossiers waiting; 200 lines per group made a 110 KB page, bench/RESULTS.md).
LIMIT = 50
FIXERS = (roles.UNIT_STAFF, roles.UNIT_HEAD)


@dataclass(frozen=True)
class Waiting:
    machine: Machine
    labels: dict[str, str]                  # waiting state -> inbox heading; other states never wait
    query: Callable[[], object]             # the records with what title/url/deadline read, in order
    title: Callable[[object], str]
    url: Callable[[object], str]
    since: Callable[[object], object] = lambda r: None
    deadline: Callable[[object], object] = lambda r: None
    unit_scoped: bool = True                # the record belongs to a unit (unit roles see their own only)
    fixable: bool = False                   # "returned" also waits for the unit's fixers


# The columns an inbox line reads of the records around a registration or a dossier: a ministry's inbox holds
# hundreds of lines, and the plan's long texts (preamble, purpose…) would be read and converted for each.
_CAMPAIGN = (Campaign.id, Campaign.number, Campaign.symbol, Campaign.year, Campaign.status,
             Campaign.registration_deadline, Campaign.nomination_deadline)


def _campaign_query():
    return Campaign.select()


def _registration_query():
    return (Registration.select(Registration, *_CAMPAIGN, Unit.id, Unit.name).join(Campaign).switch(Registration)
            .join(Unit)
            .where(Campaign.status == "published").order_by(Registration.submitted_at, Registration.id))


def _report_query():
    return (Report.select(Report, Campaign, Unit).join(Campaign).switch(Report).join(Unit)
            .where(Campaign.status == "published").order_by(Report.submitted_at, Report.id))


def _nomination_query():
    return (Nomination.select(Nomination, *_CAMPAIGN, Unit.id, Unit.name, AwardKind.id, AwardKind.code,
                              AwardKind.name, Person.id, Person.full_name).join(Campaign)
            .switch(Nomination).join(Unit).switch(Nomination).join(AwardKind)
            .switch(Nomination).join(Person, JOIN.LEFT_OUTER)
            .where(Campaign.status == "published").order_by(Nomination.submitted_at, Nomination.id))


def _who(n: Nomination) -> str:
    return n.person.full_name if n.person_id else f"Tập thể {n.unit.name}"


WAITING: list[Waiting] = [
    Waiting(CAMPAIGN, {"draft": "Kế hoạch thi đua chờ ban hành"}, _campaign_query,
            lambda c: f"{c.number_symbol}: {c.title}", lambda c: url_for("campaigns.detail", campaign_id=c.id),
            lambda c: c.created_at, unit_scoped=False),
    Waiting(REGISTRATION, {"draft": "Bản đăng ký thi đua chờ trình", "returned": "Bản đăng ký bị trả lại cần sửa",
                           "submitted": "Bản đăng ký thi đua chờ duyệt"}, _registration_query,
            lambda r: f"{r.unit.name} — {r.campaign.number_symbol}",
            lambda r: url_for("registrations.detail", registration_id=r.id),
            lambda r: r.submitted_at or r.decided_at, lambda r: r.campaign.registration_deadline, fixable=True),
    Waiting(REPORT, {"draft": "Báo cáo chờ gửi", "returned": "Báo cáo bị trả lại cần bổ sung",
                     "submitted": "Báo cáo chờ tiếp nhận"}, _report_query,
            lambda r: f"{r.unit.name}: {r.kind_label} — {r.campaign.number_symbol}",
            lambda r: url_for("reports.detail", report_id=r.id), lambda r: r.submitted_at or r.decided_at,
            fixable=True),
    Waiting(NOMINATION, {"draft": "Hồ sơ đề nghị khen thưởng chờ nộp", "returned": "Hồ sơ bị trả lại cần bổ sung",
                         "submitted": "Hồ sơ đề nghị khen thưởng chờ thẩm định"}, _nomination_query,
            lambda n: f"{_who(n)}: {n.award_kind.name} ({n.unit.name})",
            lambda n: url_for("nominations.detail", nomination_id=n.id), lambda n: n.submitted_at or n.decided_at,
            lambda n: n.campaign.nomination_deadline, fixable=True),
    Waiting(COUNCIL_SESSION, {"draft": "Phiên họp Hội đồng cần điều hành",
                              "attendance": "Phiên họp Hội đồng cần điều hành",
                              "voting": "Phiên họp Hội đồng cần điều hành"},
            lambda: CouncilSession.select().order_by(CouncilSession.meets_at),
            lambda s: f"{s.title} ({COUNCIL_SESSION.label(s.status).lower()})",
            lambda s: url_for("sessions.detail", session_id=s.id), lambda s: s.created_at,
            lambda s: s.meets_at.date(), unit_scoped=False),
    Waiting(DECISION, {"draft": "Dự thảo quyết định, tờ trình chờ trình ký",
                       "returned": "Văn bản bị lãnh đạo trả lại", "submitted": "Quyết định, tờ trình chờ ký"},
            lambda: Decision.select().order_by(Decision.submitted_at, Decision.id),
            lambda d: f"{d.kind_label}: {d.summary}", lambda d: url_for("decisions.detail", decision_id=d.id),
            lambda d: d.submitted_at or d.decided_at or d.created_at, unit_scoped=False),
]


def _states_for(w: Waiting, user) -> list[str]:
    waiting = []
    for state in w.labels:
        acts = any(t.manual and state in t.sources and user.has_role(*t.roles) for t in w.machine.transitions)
        fixes = w.fixable and state == "returned" and user.has_role(*FIXERS)
        if acts or fixes:
            waiting.append(state)
    return waiting


def waits_for(w: Waiting, record, user) -> bool:
    """The one rule: a button for this user now, or a returned record of the user's own unit to fix."""
    state = getattr(record, w.machine.state_field)
    if state not in w.labels:
        return False
    if available(record, user):
        return True
    return (w.fixable and state == "returned" and user.has_role(*FIXERS)
            and getattr(record, "unit_id", None) == user.unit_id)


@provider
def waiting_records(user) -> list[InboxItem]:
    items: list[InboxItem] = []
    for w in WAITING:
        states = _states_for(w, user)
        if not states:
            continue
        model = w.machine.model
        query = w.query().where(getattr(model, w.machine.state_field).in_(states))
        if w.unit_scoped and not user.is_committee_wide:
            query = query.where(model.unit == user.unit_id)
        rows = list(query.limit(LIMIT))
        extended = _extensions(rows) if w.machine is REGISTRATION else {}
        for record in rows:
            if not waits_for(w, record, user):
                continue
            deadline = w.deadline(record)
            granted = extended.get((getattr(record, "campaign_id", None), getattr(record, "unit_id", None)))
            if granted and (deadline is None or granted > deadline):
                deadline = granted
            items.append(InboxItem(w.labels[getattr(record, w.machine.state_field)], w.title(record), w.url(record),
                                   w.since(record), deadline))
    return items


def _extensions(rows) -> dict:
    """The later deadlines granted to the units of these registrations (one query)."""
    campaigns = {r.campaign_id for r in rows}
    if not campaigns:
        return {}
    return {(e.campaign_id, e.unit_id): e.until
            for e in DeadlineExtension.select().where(DeadlineExtension.campaign.in_(campaigns))}
