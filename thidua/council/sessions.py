"""Council sessions: the one path for preparing the agenda, recording attendance, casting and counting the secret
ballot, closing with frozen results and ordering a second round. Every change is one transaction with its audit
entry; state changes go through the workflow module.

The secrecy rule every function here keeps: what a member voted is added to one running total per line and round
(VoteCount, every channel together) in the same transaction that records that the member has voted
(BallotReceipt), and never stored anywhere else — not per channel (a lone written or paper voter would be exposed),
not in the audit log, not in the session cookie, not in a draft table.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace

from peewee import JOIN, IntegrityError, fn

from .. import audit, roles, workflow
from ..db import db
from ..forms_support import FieldError
from ..models import (AgendaItem, AwardKind, BallotReceipt, Campaign, CouncilMember, CouncilSession, LegalRegime,
                      LineResult, Nomination, Person, Recusal, SessionAttendance, Unit, User, VoteCount, VoteRule)
from ..vnsort import name_key, text_key
from ..workflow import WorkflowError
from . import tally

SESSION_FIELDS = ("title", "meets_at", "place", "secretary_id")
EDITABLE_STATES = ("draft",)
CLOSED_MESSAGE = "Phiên họp đã kết thúc bỏ phiếu; phiếu không được ghi nhận."


# --- reading ------------------------------------------------------------------------------------------------

def nominee_name(nomination: Nomination) -> str:
    return nomination.person.full_name if nomination.person_id else f"Tập thể {nomination.unit.name}"


def items_of(session: CouncilSession, round_: int | None = None) -> list[AgendaItem]:
    """The agenda lines with their dossier, nominee, unit and award (one query), in agenda order."""
    query = (AgendaItem.select(AgendaItem, Nomination, Person, Unit, AwardKind)
             .join(Nomination).join(Person, on=(Nomination.person == Person.id), join_type=JOIN.LEFT_OUTER)
             .switch(Nomination).join(Unit, on=(Nomination.unit == Unit.id))
             .switch(Nomination).join(AwardKind, on=(Nomination.award_kind == AwardKind.id))
             .where(AgendaItem.session == session.id).order_by(AgendaItem.position, AgendaItem.id))
    if round_ is not None:
        query = query.where(AgendaItem.round == round_)
    return list(query)


def groups_of(items: list[AgendaItem]) -> list[tuple[AwardKind, list[AgendaItem]]]:
    """The lines grouped by award, in agenda order."""
    groups: list[tuple[AwardKind, list[AgendaItem]]] = []
    for item in items:
        kind = item.nomination.award_kind
        if not groups or groups[-1][0].id != kind.id:
            groups.append((kind, []))
        groups[-1][1].append(item)
    return groups


def attendance_of(session: CouncilSession) -> list[SessionAttendance]:
    order = {role: i for i, role in enumerate(("chair", "vice_chair", "standing", "member"))}
    rows = list(SessionAttendance.select(SessionAttendance, CouncilMember, User)
                .join(CouncilMember).join(User).where(SessionAttendance.session == session.id))
    return sorted(rows, key=lambda a: (order.get(a.seat.role, 9), name_key(a.seat.user.full_name), a.id))


def seat_of(session: CouncilSession, user) -> SessionAttendance | None:
    """The user's place at this session (None: not on the council that day)."""
    return (SessionAttendance.select(SessionAttendance, CouncilMember).join(CouncilMember)
            .where(SessionAttendance.session == session.id, CouncilMember.user == user.id).first())


def has_voted(session: CouncilSession, seat_id: int) -> BallotReceipt | None:
    return BallotReceipt.get_or_none(BallotReceipt.session == session.id, BallotReceipt.round == session.round,
                                     BallotReceipt.seat == seat_id)


@dataclass
class Progress:
    members: int
    present: int
    submitted_online: int
    submitted_paper: int
    written: int
    quorum_needed: int | None

    @property
    def submitted_present(self) -> int:
        return self.submitted_online + self.submitted_paper

    @property
    def waiting(self) -> int:
        return self.present - self.submitted_present


def progress(session: CouncilSession, attendance: list[SessionAttendance] | None = None,
             items: list[AgendaItem] | None = None) -> Progress:
    """How many have voted in the current round — never what (one aggregate query, and two counts unless the
    caller already holds the session's attendance; the agenda is read again unless given)."""
    if attendance is not None:
        members, present = len(attendance), sum(1 for a in attendance if a.present)
    else:
        members = SessionAttendance.select().where(SessionAttendance.session == session.id).count()
        present = SessionAttendance.select().where(SessionAttendance.session == session.id,
                                                   SessionAttendance.present == True).count()  # noqa: E712
    by_channel = dict(BallotReceipt.select(BallotReceipt.channel, fn.COUNT(BallotReceipt.id))
                      .where(BallotReceipt.session == session.id, BallotReceipt.round == session.round)
                      .group_by(BallotReceipt.channel).tuples())
    needed = quorum_needed(session, members, items) if members else None
    return Progress(members, present, by_channel.get("online", 0), by_channel.get("paper", 0),
                    by_channel.get("written", 0), needed)


def rules_of(regime_code_: str) -> dict[str, VoteRule]:
    """Every vote rule of a regime by award code ("*" the default), in one query."""
    return {r.award_code: r for r in VoteRule.select().join(LegalRegime).where(LegalRegime.code == regime_code_)}


def rule_in(rules: dict[str, VoteRule], item: AgendaItem) -> VoteRule | None:
    """The rule for an agenda line: its award's own, else the regime's default."""
    return rules.get(item.nomination.award_kind.code) or rules.get("*")


def regime_code(session: CouncilSession) -> str:
    return (LegalRegime.select(LegalRegime.code).join(Campaign, on=(Campaign.regime == LegalRegime.id))
            .where(Campaign.id == session.campaign_id).scalar())


def quorum_needed(session: CouncilSession, members: int, items: list[AgendaItem] | None = None) -> int:
    """The quorum of the strictest rule among the lines on the agenda (frozen rules once voting opened); items:
    the agenda, when the caller already read it."""
    items = items_of(session) if items is None else items
    if not items:
        return 0
    if items[0].rule_denominator is not None:
        rules = [snapshot(i) for i in items]
    else:
        code = regime_code(session)
        regime_rules = rules_of(code)
        rules = [r for r in (rule_in(regime_rules, i) for i in items) if r is not None]
    return max((tally.quorum_needed(members, r) for r in rules), default=0)


def snapshot(item: AgendaItem) -> SimpleNamespace:
    """The rule frozen on the line when voting opened, in the shape tally.py reads."""
    return SimpleNamespace(quorum_numerator=item.rule_quorum_numerator,
                           quorum_denominator=item.rule_quorum_denominator,
                           threshold_percent=item.rule_threshold, denominator=item.rule_denominator,
                           award_code=item.rule_award_code, article=item.rule_article,
                           confirmed=item.rule_confirmed)


def recusals_of(session: CouncilSession) -> dict[int, dict[int, str]]:
    """{item id: {seat id: reason}} for the whole session (one query)."""
    result: dict[int, dict[int, str]] = {}
    for r in (Recusal.select(Recusal.item, Recusal.seat, Recusal.reason).join(AgendaItem)
              .where(AgendaItem.session == session.id)):
        result.setdefault(r.item_id, {})[r.seat_id] = r.reason
    return result


def results_of(session: CouncilSession) -> dict[int, list[LineResult]]:
    """{item id: [result of round 1, round 2, …]} (one query)."""
    result: dict[int, list[LineResult]] = {}
    for r in (LineResult.select().join(AgendaItem).where(AgendaItem.session == session.id)
              .order_by(LineResult.round)):
        result.setdefault(r.item_id, []).append(r)
    return result


# --- preparing ------------------------------------------------------------------------------------------------

def _check_values(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise FieldError("title", "Vui lòng nhập nội dung phiên họp.")
    if not (values.get("place") or "").strip():
        raise FieldError("place", "Vui lòng nhập địa điểm họp.")


def _state(session: CouncilSession) -> dict:
    return {f: getattr(session, f) for f in SESSION_FIELDS}


def create(campaign: Campaign, values: dict, actor) -> CouncilSession:
    """A new session in draft, its agenda filled with the campaign's verified dossiers not on another session."""
    _check_values(values)
    if campaign.status != "published":
        raise FieldError("campaign", "Chỉ chuẩn bị phiên họp cho phong trào đang triển khai.")
    with db.atomic():
        session = CouncilSession.create(campaign=campaign, created_by=actor,
                                        **{f: values.get(f) for f in SESSION_FIELDS})
        audit.record("create", "council_session", session.id, after={"campaign_id": campaign.id, **_state(session)},
                     comment=session.title, actor=actor)
        _add_waiting(session, actor)
    return session


def update(session: CouncilSession, values: dict, actor, expected_version: int | None) -> None:
    _check_values(values)
    with db.atomic():
        workflow.lock_for_change(session, EDITABLE_STATES, "Phiên họp đã khai mạc, không sửa được thông tin.",
                                 expected_version)
        before = _state(session)
        for field in SESSION_FIELDS:
            setattr(session, field, values.get(field))
        CouncilSession.update(title=session.title, meets_at=session.meets_at, place=session.place,
                              secretary=session.secretary_id).where(CouncilSession.id == session.id).execute()
        old, new = audit.changes(before, _state(session))
        if new:
            audit.record("update", "council_session", session.id, before=old, after=new, comment=session.title,
                         actor=actor)


def waiting_nominations(campaign_id: int):
    """Verified dossiers of the campaign not yet on the agenda of any session still open."""
    taken = (AgendaItem.select(AgendaItem.nomination).join(CouncilSession)
             .where(CouncilSession.status != "closed"))
    return (Nomination.select(Nomination, Person, Unit, AwardKind)
            .join(Person, on=(Nomination.person == Person.id), join_type=JOIN.LEFT_OUTER)
            .switch(Nomination).join(Unit, on=(Nomination.unit == Unit.id))
            .switch(Nomination).join(AwardKind, on=(Nomination.award_kind == AwardKind.id))
            .where(Nomination.campaign == campaign_id, Nomination.status == "verified",
                   Nomination.id.not_in(taken)))


def _agenda_order(nomination: Nomination) -> tuple:
    kind = nomination.award_kind
    return (kind.category != "title", kind.sort_order, kind.id, nomination.subject != "collective",
            text_key(nomination.unit.name), name_key(nomination.person.full_name) if nomination.person_id else "",
            nomination.id)


def _add_waiting(session: CouncilSession, actor) -> int:
    # Lock the campaign's row first: two sessions built at once would otherwise both take the same waiting
    # dossiers (READ COMMITTED lets each read the other's uncommitted absence).
    Campaign.update(id=Campaign.id).where(Campaign.id == session.campaign_id).execute()
    present = items_of(session)
    adding = list(waiting_nominations(session.campaign_id))
    if not adding:
        return 0
    ordered = sorted([i.nomination for i in present] + adding, key=_agenda_order)
    positions = {n.id: p for p, n in enumerate(ordered, start=1)}
    for item in present:
        if item.position != positions[item.nomination_id]:
            AgendaItem.update(position=positions[item.nomination_id]).where(AgendaItem.id == item.id).execute()
    for nomination in adding:
        AgendaItem.create(session=session, nomination=nomination, position=positions[nomination.id])
    audit.record("add_agenda", "council_session", session.id, after=[n.id for n in adding],
                 comment="; ".join(f"{nominee_name(n)} — {n.award_kind.name}" for n in adding), actor=actor)
    return len(adding)


def _refuse_if_posted(session: CouncilSession) -> None:
    from .notices import notice_of
    if notice_of(session) is not None:
        raise WorkflowError(409, "Danh sách đã được công khai nên chương trình họp không thay đổi được nữa.")


def refresh_agenda(session: CouncilSession, actor, expected_version: int | None = None) -> int:
    """Add the dossiers verified since the agenda was drawn; return how many were added."""
    with db.atomic():
        workflow.lock_for_change(session, EDITABLE_STATES, "Phiên họp đã khai mạc, không sửa được chương trình.",
                                 expected_version)
        _refuse_if_posted(session)
        return _add_waiting(session, actor)


def remove_item(session: CouncilSession, item_id: int, actor, expected_version: int | None = None) -> None:
    with db.atomic():
        workflow.lock_for_change(session, EDITABLE_STATES, "Phiên họp đã khai mạc, không sửa được chương trình.",
                                 expected_version)
        _refuse_if_posted(session)
        item = next((i for i in items_of(session) if i.id == item_id), None)
        if item is None:
            raise WorkflowError(404, "Không có hồ sơ này trong chương trình họp.")
        item.delete_instance()
        audit.record("remove_agenda", "council_session", session.id, before=item.nomination_id,
                     comment=f"{nominee_name(item.nomination)} — {item.nomination.award_kind.name}", actor=actor)


def set_attendance(session: CouncilSession, attendance_id: int, present: bool, actor) -> SessionAttendance:
    """Mark one member present or absent while attendance is open (the office or the chair)."""
    with db.atomic():
        workflow.lock_for_change(session, ("attendance",), "Chỉ điểm danh khi phiên họp đang điểm danh.")
        row = (SessionAttendance.select(SessionAttendance, CouncilMember, User).join(CouncilMember).join(User)
               .where(SessionAttendance.id == attendance_id, SessionAttendance.session == session.id).first())
        if row is None:
            raise WorkflowError(404, "Người này không có trong danh sách Hội đồng của phiên họp.")
        if row.present != present:
            SessionAttendance.update(present=present).where(SessionAttendance.id == row.id).execute()
            row.present = present
            audit.record("attendance", "council_session", session.id, before=not present, after=present,
                         comment=f"{row.seat.user.full_name}: {'có mặt' if present else 'vắng mặt'}", actor=actor)
    return row


def add_recusal(session: CouncilSession, item_id: int, attendance_id: int, reason: str, actor) -> None:
    """Record that a member does not vote on one line (before voting opens)."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise FieldError("reason", "Vui lòng ghi rõ lý do không tham gia biểu quyết.")
    with db.atomic():
        workflow.lock_for_change(session, ("draft", "attendance"),
                                 "Chỉ ghi nhận việc không tham gia biểu quyết trước khi bắt đầu bỏ phiếu.")
        item = AgendaItem.get_or_none(AgendaItem.id == item_id, AgendaItem.session == session.id)
        row = SessionAttendance.get_or_none(SessionAttendance.id == attendance_id,
                                            SessionAttendance.session == session.id)
        if item is None or row is None:
            raise WorkflowError(404, "Không tìm thấy dòng hoặc thành viên này trong phiên họp.")
        try:
            with db.atomic():
                Recusal.create(item=item, seat=row.seat_id, reason=reason)
        except IntegrityError:
            raise FieldError("reason", "Thành viên này đã được ghi nhận không tham gia biểu quyết dòng này.") from None
        audit.record("recuse", "council_session", session.id, after={"item": item.id, "seat": row.seat_id},
                     comment=f"{row.seat.user.full_name}: {reason}", actor=actor)


# --- transitions ----------------------------------------------------------------------------------------------

def transition_blocker(session: CouncilSession, action: str) -> str | None:
    """Why the session may not take action now (called by the workflow inside the transaction), or None."""
    if action == "open_attendance":
        if not AgendaItem.select().where(AgendaItem.session == session.id).exists():
            return "Chương trình họp chưa có hồ sơ nào."
        if not CouncilMember.members_on(session.meets_at.date()):
            return "Hội đồng chưa có thành viên nào vào ngày họp. Vui lòng cập nhật danh sách Hội đồng."
        from .notices import posting_blocker
        return posting_blocker(session)
    if action == "open_voting":
        code = regime_code(session)
        regime_rules = rules_of(code)
        missing = sorted({i.nomination.award_kind.name for i in items_of(session) if rule_in(regime_rules, i) is None})
        if missing:
            return "Chưa có quy tắc biểu quyết cho: " + ", ".join(missing) + "."
        p = progress(session)
        if not tally.quorum_met(p.present, p.members, _strictest(session, code)):
            return (f"Chưa đủ số thành viên dự họp: có mặt {p.present}/{p.members}, cần ít nhất {p.quorum_needed} "
                    "thành viên. Không thể bắt đầu bỏ phiếu.")
        return None
    return None


def _strictest(session: CouncilSession, code: str):
    regime_rules = rules_of(code)
    rules = [rule_in(regime_rules, i) for i in items_of(session)]
    return max(rules, key=lambda r: (r.quorum_numerator / r.quorum_denominator))


def act(session: CouncilSession, action: str, actor, comment: str = "") -> CouncilSession:
    """Take a session transition with the rows that come with it, in one transaction."""
    if action == "second_round":
        raise WorkflowError(404, "Dùng biểu mẫu bỏ phiếu lại để chọn người được bỏ phiếu lại.")
    with workflow.batch():
        workflow.apply(session, action, actor, comment)
        if action == "open_attendance":
            for seat in CouncilMember.members_on(session.meets_at.date()):
                SessionAttendance.create(session=session, seat=seat)
        elif action == "open_voting":
            _freeze_rules_and_recusals(session, actor)
            _open_counts(session, items_of(session))
        elif action == "close":
            _count_and_move(session, actor)
    return session


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _freeze_rules_and_recusals(session: CouncilSession, actor) -> None:
    code = regime_code(session)
    regime_rules = rules_of(code)
    seats = attendance_of(session)
    existing = recusals_of(session)
    for item in items_of(session):
        rule = rule_in(regime_rules, item)
        AgendaItem.update(rule_threshold=rule.threshold_percent, rule_denominator=rule.denominator,
                          rule_quorum_numerator=rule.quorum_numerator,
                          rule_quorum_denominator=rule.quorum_denominator,
                          rule_written_allowed=rule.written_votes_allowed, rule_recuse_unit=rule.recuse_same_unit,
                          rule_award_code=rule.award_code, rule_article=rule.article,
                          rule_confirmed=rule.confirmed,
                          rule_text=tally.rule_text(rule)).where(AgendaItem.id == item.id).execute()
        nomination = item.nomination
        for row in seats:
            user = row.seat.user
            reason = None
            if (nomination.person_id and _fold(user.full_name) == _fold(nomination.person.full_name)
                    and user.unit_id == nomination.unit_id):
                reason = "Là người được đề nghị"
            elif rule.recuse_same_unit and user.unit_id == nomination.unit_id:
                reason = "Cùng đơn vị với người, tập thể được đề nghị (theo quy tắc biểu quyết)"
            if reason and row.seat_id not in existing.get(item.id, {}):
                Recusal.create(item=item, seat=row.seat_id, reason=reason)
                audit.record("recuse", "council_session", session.id, after={"item": item.id, "seat": row.seat_id},
                             comment=f"{user.full_name}: {reason} ({nominee_name(nomination)})", actor=actor)


def _open_counts(session: CouncilSession, items: list[AgendaItem]) -> None:
    # Every total exists, at zero, before the first ballot: no row is created by a particular voter.
    VoteCount.insert_many([{"item": i.id, "round": session.round, "yes": 0, "no": 0} for i in items]).execute()


def _count_and_move(session: CouncilSession, actor) -> None:
    items = items_of(session, session.round)
    seats = attendance_of(session)
    members = len(seats)
    present = {a.seat_id for a in seats if a.present}
    receipts = {r.seat_id: r.channel for r in BallotReceipt.select()
                .where(BallotReceipt.session == session.id, BallotReceipt.round == session.round)}
    written = {seat for seat, channel in receipts.items() if channel == "written"}
    recused = recusals_of(session)
    totals: dict[int, dict[str, tuple[int, int]]] = {}
    for c in VoteCount.select().where(VoteCount.item.in_([i.id for i in items]), VoteCount.round == session.round):
        totals[c.item_id] = (c.yes, c.no)
    for item in items:
        rule = snapshot(item)
        out = set(recused.get(item.id, {}))
        eligible = members - len(out)
        participants = len(present - out) + (len(written - out) if item.rule_written_allowed else 0)
        yes, no = totals.get(item.id, (0, 0))
        passed, share, explanation = tally.passes(yes, participants, members, eligible, rule)
        LineResult.create(item=item, round=session.round, members=members, eligible=eligible,
                          participants=participants, base=eligible if rule.denominator == "all" else participants,
                          yes=yes, no=no, recused=len(out),
                          threshold_percent=item.rule_threshold, denominator=item.rule_denominator, passed=passed,
                          explanation=explanation)
        workflow.apply(item.nomination, "council_pass" if passed else "council_fail", actor,
                       f"{session.title}, vòng {session.round}: {explanation}")


def second_round(session: CouncilSession, item_ids: list[int], reason: str, actor) -> list[AgendaItem]:
    """The chair orders a new round for named lines: fresh ballots, earlier results kept as they were."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise FieldError("reason", "Vui lòng ghi rõ lý do bỏ phiếu lại (ít nhất 10 ký tự).")
    chosen = [i for i in items_of(session) if i.id in set(item_ids)]
    if not chosen:
        raise FieldError("items", "Vui lòng chọn ít nhất một người, tập thể để bỏ phiếu lại.")
    names = "; ".join(f"{nominee_name(i.nomination)} — {i.nomination.award_kind.name}" for i in chosen)
    with workflow.batch():
        workflow.apply(session, "second_round", actor, f"{reason} — Bỏ phiếu lại: {names}")
        AgendaItem.update(round=session.round).where(AgendaItem.id.in_([i.id for i in chosen])).execute()
        for item in chosen:
            workflow.apply(item.nomination, "council_revote", actor,
                           f"{session.title}: bỏ phiếu lại vòng {session.round}. {reason}")
        _open_counts(session, chosen)
    return chosen


# --- voting ---------------------------------------------------------------------------------------------------

def ballot_lines(session: CouncilSession, seat_id: int) -> list[tuple[AgendaItem, str | None]]:
    """The current round's lines for one member, each with the reason the member does not vote on it (or None)."""
    recused = recusals_of(session)
    return [(i, recused.get(i.id, {}).get(seat_id)) for i in items_of(session, session.round)]


def _claim_open_round(session: CouncilSession, round_seen: int | None) -> None:
    """Inside the transaction, lock the session row while it is still voting in the round the ballot was drawn
    for: a close waits for this ballot, or this ballot finds the round closed — never a vote lost in between."""
    query = CouncilSession.update(version=CouncilSession.version).where(
        CouncilSession.id == session.id, CouncilSession.status == "voting")
    if round_seen is not None:
        query = query.where(CouncilSession.round == round_seen)
    if query.execute() != 1:
        status = CouncilSession.select(CouncilSession.status).where(CouncilSession.id == session.id).scalar()
        if status == "voting":
            raise WorkflowError(409, "Vòng bỏ phiếu này đã kết thúc. Vui lòng tải lại trang để nhận phiếu mới.")
        raise WorkflowError(409, CLOSED_MESSAGE if status == "closed" else "Phiên họp chưa bắt đầu bỏ phiếu.")
    session.round = CouncilSession.select(CouncilSession.round).where(CouncilSession.id == session.id).scalar()


def _choices_for(lines: list[tuple[AgendaItem, str | None]], choices: dict[int, bool]) -> dict[int, bool]:
    """Keep the choices of the lines this voter votes on; refuse a sheet with a line left blank or a stranger."""
    votable = {i.id for i, reason in lines if reason is None}
    unknown = set(choices) - {i.id for i, _ in lines}
    if unknown:
        raise WorkflowError(422, "Phiếu có dòng không thuộc chương trình bỏ phiếu. Vui lòng tải lại trang.")
    missing = [i for i, reason in lines if reason is None and i.id not in choices]
    if missing:
        raise WorkflowError(422, f"Còn {len(missing)} dòng chưa chọn “Đồng ý” hoặc “Không đồng ý”.")
    return {item_id: choice for item_id, choice in choices.items() if item_id in votable}


def _add_to_totals(session: CouncilSession, choices: dict[int, bool]) -> None:
    # Two statements whatever the number of lines: fifty members voting at once queue for the write lock, so
    # the time each holds it is what the last one waits (bench/RESULTS.md).
    for column, wanted in ((VoteCount.yes, True), (VoteCount.no, False)):
        items = [item_id for item_id, choice in choices.items() if choice is wanted]
        if items:
            VoteCount.update({column: column + 1}).where(VoteCount.item.in_(items),
                                                         VoteCount.round == session.round).execute()


def _receipt(session: CouncilSession, seat_id: int, channel: str) -> None:
    try:
        with db.atomic():
            BallotReceipt.create(session=session, round=session.round, seat=seat_id, channel=channel)
    except IntegrityError:
        raise WorkflowError(409, "Thành viên này đã gửi phiếu trong vòng bỏ phiếu này; "
                                 "mỗi người chỉ gửi một lần.") from None


def cast_ballot(session: CouncilSession, user, choices: dict[int, bool], round_seen: int | None) -> None:
    """A present member submits their ballot once: that they voted is recorded, what they voted is only added."""
    with db.atomic():
        _claim_open_round(session, round_seen)
        row = seat_of(session, user)
        if row is None or not user.has_role(roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR):
            raise WorkflowError(403, "Bạn không phải thành viên Hội đồng của phiên họp này.")
        if not row.present:
            raise WorkflowError(403, "Bạn không có tên trong danh sách có mặt, nên không bỏ phiếu trực tuyến được. "
                                "Vui lòng báo Văn phòng.")
        kept = _choices_for(ballot_lines(session, row.seat_id), choices)
        _receipt(session, row.seat_id, "online")
        _add_to_totals(session, kept)
        audit.record("cast_ballot", "council_session", session.id, comment=f"Vòng {session.round}", actor=user)


def record_written_vote(session: CouncilSession, attendance_id: int, choices: dict[int, bool], actor,
                        round_seen: int | None = None) -> None:
    """The office enters the written vote of an absent member, on the lines whose rule allows it."""
    with db.atomic():
        _claim_open_round(session, round_seen)
        row = (SessionAttendance.select(SessionAttendance, CouncilMember, User).join(CouncilMember).join(User)
               .where(SessionAttendance.id == attendance_id, SessionAttendance.session == session.id).first())
        if row is None:
            raise WorkflowError(404, "Người này không có trong danh sách Hội đồng của phiên họp.")
        if row.present:
            raise WorkflowError(409, "Thành viên này có mặt: tự bỏ phiếu, không nhập ý kiến bằng văn bản.")
        lines = [(i, reason if reason else (None if i.rule_written_allowed else "Quy tắc không cho biểu quyết "
                                            "bằng văn bản")) for i, reason in ballot_lines(session, row.seat_id)]
        if all(reason for _, reason in lines):
            raise WorkflowError(409, "Không có dòng nào được biểu quyết bằng văn bản theo quy tắc đã áp dụng.")
        kept = _choices_for(lines, choices)
        _receipt(session, row.seat_id, "written")
        _add_to_totals(session, kept)
        audit.record("written_vote", "council_session", session.id,
                     comment=f"{row.seat.user.full_name}, vòng {session.round}", actor=actor)


def record_paper_ballots(session: CouncilSession, attendance_ids: list[int], counts: dict[int, tuple[int, int]],
                         actor, round_seen: int | None = None) -> None:
    """The office enters the counts of paper ballots handed in by present members (marked as paper)."""
    with db.atomic():
        _claim_open_round(session, round_seen)
        rows = list(SessionAttendance.select(SessionAttendance, CouncilMember, User).join(CouncilMember).join(User)
                    .where(SessionAttendance.id.in_(attendance_ids or [0]), SessionAttendance.session == session.id))
        if not rows or len(rows) != len(set(attendance_ids)):
            raise FieldError("voters", "Vui lòng chọn những thành viên đã bỏ phiếu giấy.")
        absent = [r.seat.user.full_name for r in rows if not r.present]
        if absent:
            raise FieldError("voters", "Chỉ thành viên có mặt bỏ phiếu giấy: " + ", ".join(absent) + " vắng mặt.")
        recused = recusals_of(session)
        lines = items_of(session, session.round)
        for item in lines:
            yes, no = counts.get(item.id, (0, 0))
            voters = len({r.seat_id for r in rows} - set(recused.get(item.id, {})))
            if yes < 0 or no < 0:
                raise FieldError(f"item-{item.id}", "Số phiếu không được âm.")
            if yes + no > voters:
                raise FieldError(f"item-{item.id}", f"{nominee_name(item.nomination)}: {yes + no} phiếu hợp lệ "
                                 f"nhiều hơn {voters} thành viên bỏ phiếu giấy được biểu quyết dòng này.")
        for row in rows:
            _receipt(session, row.seat_id, "paper")
        for item in lines:
            yes, no = counts.get(item.id, (0, 0))
            VoteCount.update(yes=VoteCount.yes + yes, no=VoteCount.no + no).where(
                VoteCount.item == item.id, VoteCount.round == session.round).execute()
        audit.record("paper_ballots", "council_session", session.id,
                     comment=f"Vòng {session.round}: {len(rows)} phiếu giấy", actor=actor)
