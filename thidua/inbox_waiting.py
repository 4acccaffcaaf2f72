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
from .flows import (BLOC_ROUND, BLOC_VOTE, CAMPAIGN, COMPACT, COUNCIL_SESSION, DECISION, NOMINATION, REGISTRATION,
                    REPORT, SCORECARD)
from .inbox import InboxItem, provider
from .models import (AwardKind, Bloc, BlocRound, BlocUser, BlocVote, Campaign, Compact, CouncilSession, Decision,
                     DeadlineExtension, Nomination, Person, Registration, Report, Scorecard, Unit)
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
    # Narrows the query to what the user may act on at all (the blocs they hold a seat in), before the per-record
    # check: keeps the inbox's queries bounded.
    scope: Callable[[object, object], object] | None = None


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


def _my_blocs(user):
    return BlocUser.select(BlocUser.bloc).where(BlocUser.user == user.id)


def _compact_scope(query, user):
    return query.where(Compact.bloc.in_(_my_blocs(user)))


def _round_query(model):
    def query():
        q = model.select(model, BlocRound, Compact, Bloc)
        if model is not BlocRound:
            q = q.join(BlocRound)
        q = q.switch(BlocRound).join(Compact).join(Bloc).order_by(model.id)
        if model is Scorecard:
            q = q.select_extend(Unit).switch(Scorecard).join(Unit, on=(Scorecard.unit == Unit.id))
        return q
    return query


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
    # Emulation blocs: only the blocs the user holds a seat in; the seat decides (flows._leader_team, _member_of,
    # _checker: a scorecard to check waits for the leader's team, the leader unit's own for the deputy's team).
    Waiting(COMPACT, {"draft": "Giao ước thi đua cần hoàn thiện", "signing": "Giao ước thi đua đang lấy chữ ký"},
            lambda: Compact.select(Compact, Bloc).join(Bloc).order_by(Compact.year.desc()),
            lambda c: f"{c.bloc.name}: giao ước năm {c.year}", lambda c: url_for("blocs.compact", compact_id=c.id),
            lambda c: c.created_at, unit_scoped=False, scope=_compact_scope),
    Waiting(BLOC_ROUND, {"self_scoring": "Vòng chấm điểm của khối cần điều hành",
                         "cross_checking": "Vòng chấm điểm của khối cần điều hành"}, _round_query(BlocRound),
            lambda r: f"{r.compact.bloc.name}: {r.period_label.lower()} năm {r.compact.year}",
            lambda r: url_for("blocs.round_detail", round_id=r.id), lambda r: r.opened_at, unit_scoped=False,
            scope=_compact_scope),
    Waiting(SCORECARD, {"draft": "Bảng điểm thi đua của khối chờ tự chấm, gửi",
                        "submitted": "Bảng điểm của đơn vị chờ thẩm định",
                        "reviewed": "Điểm thẩm định có chênh lệch chờ đơn vị xem",
                        "objected": "Ý kiến về điểm thẩm định chờ giải quyết"}, _round_query(Scorecard),
            lambda s: f"{s.round.compact.bloc.name}: bảng điểm {s.round.period_label.lower()} năm "
                      f"{s.round.compact.year} — {s.unit.name}",
            lambda s: url_for("blocs.scorecard", scorecard_id=s.id), lambda s: s.submitted_at, unit_scoped=False,
            scope=_compact_scope),
    Waiting(BLOC_VOTE, {"draft": "Bỏ phiếu suy tôn của khối cần mở"}, _round_query(BlocVote),
            lambda v: f"{v.round.compact.bloc.name}: bỏ phiếu suy tôn năm {v.round.compact.year}",
            lambda v: url_for("blocs.vote_detail", vote_id=v.id), lambda v: v.created_at, unit_scoped=False,
            scope=_compact_scope),
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
        if w.scope is not None:
            query = w.scope(query, user)
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
