"""Council sessions through their services: quorum gate, secret ballot storage, double submission, recusal,
written and paper votes, closing with frozen results that move the dossiers, and a second round."""
from decimal import Decimal

import pytest

from thidua.council import sessions
from thidua.db import db
from thidua.models import (AuditLog, BallotReceipt, LineResult, Nomination, Recusal, VoteCount)
from thidua.workflow import WorkflowError
from tests.council_factories import Meeting, set_rule, verified


@pytest.fixture(autouse=True)
def context(app):
    with app.app_context():  # password hashing for the factories' users reads the app's settings
        yield


def test_new_session_agenda_holds_the_campaigns_verified_dossiers_grouped_by_award(app):
    m = Meeting(members=3, dossiers=2)
    extra = verified(m.campaign, m.unit, m.office, "CSTDCS")
    draft = verified(m.campaign, m.unit, m.office)
    Nomination.update(status="submitted").where(Nomination.id == draft.id).execute()
    assert sessions.refresh_agenda(m.session, m.office) == 1
    items = m.items()
    assert {i.nomination_id for i in items} == {*(n.id for n in m.nominations), extra.id}
    assert [kind.code for kind, _ in sessions.groups_of(items)] == ["LDTT", "CSTDCS"]


def test_a_dossier_on_an_open_session_is_not_put_on_a_second_one(app):
    m = Meeting(members=3, dossiers=1)
    other = sessions.create(m.campaign, {"title": "Phiên khác", "meets_at": m.session.meets_at, "place": "P"}, m.office)
    assert sessions.items_of(other) == []


def test_voting_does_not_open_without_quorum(app):
    m = Meeting(members=7)
    m.attend(present=4)  # 2/3 of 7 needs 5
    with pytest.raises(WorkflowError) as error:
        sessions.act(m.session, "open_voting", m.chair)
    assert "có mặt 4/7, cần ít nhất 5" in error.value.message
    assert m.session.status == "attendance"


def test_voting_opens_at_exactly_the_quorum(app):
    m = Meeting(members=7)
    m.vote(present=5)
    assert m.session.status == "voting"


def test_stored_votes_name_no_member_and_hold_no_order_or_time(app):
    m = Meeting(members=3, dossiers=2)
    m.vote()
    m.ballot(m.members[0], True, False)
    m.ballot(m.members[1], True, True)
    # The only columns of a stored vote: which line, which round, and the totals — not even the channel.
    assert set(VoteCount._meta.columns) == {"id", "item_id", "round", "yes", "no"}
    rows = list(VoteCount.select().order_by(VoteCount.item))
    assert [(r.yes, r.no) for r in rows] == [(2, 0), (1, 1)]
    # The rows existed, at zero, before anybody voted: their ids follow the agenda, not the voters.
    ids = [r.id for r in VoteCount.select().order_by(VoteCount.id)]
    assert len(ids) == 2 and ids == sorted(ids)
    # That a member voted is kept apart, with no choice in it.
    assert set(BallotReceipt._meta.columns) == {"id", "session_id", "round", "seat_id", "channel"}
    assert BallotReceipt.select().count() == 2


def test_the_audit_log_says_who_voted_but_never_what(app):
    m = Meeting(members=3, dossiers=1)
    m.vote()
    m.ballot(m.members[1], False)
    entry = AuditLog.select().where(AuditLog.action == "cast_ballot").get()
    assert entry.actor_id == m.members[1].id
    assert entry.state_before == "" and entry.state_after == "" and entry.comment == "Vòng 1"


def test_a_member_cannot_submit_twice(app):
    m = Meeting(members=3, dossiers=1)
    m.vote()
    m.ballot(m.members[1], True)
    with pytest.raises(WorkflowError) as error:
        m.ballot(m.members[1], False)
    assert "chỉ gửi một lần" in error.value.message
    count = VoteCount.get()
    assert (count.yes, count.no) == (1, 0)


def test_a_ballot_with_a_blank_line_is_refused_and_nothing_is_counted(app):
    m = Meeting(members=3, dossiers=2)
    m.vote()
    with pytest.raises(WorkflowError) as error:
        m.ballot(m.members[1], True)
    assert "Còn 1 dòng chưa chọn" in error.value.message
    assert BallotReceipt.select().count() == 0
    assert sum(c.yes + c.no for c in VoteCount.select()) == 0


def test_an_absent_member_cannot_vote_online(app):
    m = Meeting(members=4, dossiers=1)
    m.vote(present=3)
    with pytest.raises(WorkflowError) as error:
        m.ballot(m.members[3], True)
    assert error.value.code == 403


def test_a_user_not_on_the_council_cannot_vote(app, make_user):
    from thidua import roles
    m = Meeting(members=3, dossiers=1)
    m.vote()
    outsider = make_user(roles.COUNCIL_MEMBER)
    with pytest.raises(WorkflowError) as error:
        m.ballot(outsider, True)
    assert "không phải thành viên Hội đồng" in error.value.message


def test_a_ballot_after_close_is_refused(app):
    m = Meeting(members=3, dossiers=1)
    m.vote()
    lines = m.items()
    m.close()
    with pytest.raises(WorkflowError) as error:
        sessions.cast_ballot(m.session, m.members[1], {lines[0].id: True}, 1)
    assert error.value.message == sessions.CLOSED_MESSAGE


def _ten_members_at_90_percent(votes_yes: int) -> LineResult:
    m = Meeting(members=10, dossiers=1)
    set_rule(m.campaign, "LDTT", threshold_percent=Decimal("90"), denominator="all")
    m.vote()
    for n, user in enumerate(m.members):
        m.ballot(user, n < votes_yes)
    m.close()
    return LineResult.get()


def test_nine_of_ten_at_ninety_percent_passes(app):
    result = _ten_members_at_90_percent(9)
    assert (result.yes, result.base, result.passed) == (9, 10, True)
    assert Nomination.get().status == "passed"


def test_eight_of_ten_at_ninety_percent_does_not_pass(app):
    result = _ten_members_at_90_percent(8)
    assert (result.yes, result.no, result.passed) == (8, 2, False)
    assert "8/10 phiếu đồng ý (80%)" in result.explanation
    assert Nomination.get().status == "not_passed"


def _six_members_five_present_all_yes(denominator: str) -> LineResult:
    m = Meeting(members=6, dossiers=1)
    set_rule(m.campaign, "LDTT", threshold_percent=Decimal("90"), denominator=denominator)
    m.vote(present=5)
    for user in m.members[:5]:
        m.ballot(user, True)
    m.close()
    return LineResult.get()


def test_on_all_members_an_absent_member_counts_against(app):
    result = _six_members_five_present_all_yes("all")
    assert (result.yes, result.base, result.passed) == (5, 6, False)
    assert "5/6 phiếu đồng ý (83,33%)" in result.explanation


def test_on_members_present_only_those_present_count(app):
    result = _six_members_five_present_all_yes("present")
    assert (result.yes, result.base, result.passed) == (5, 5, True)


def test_a_present_member_who_did_not_submit_counts_as_not_yes(app):
    m = Meeting(members=3, dossiers=1)
    set_rule(m.campaign, "LDTT", threshold_percent=Decimal("66.67"), denominator="present")
    m.vote()
    m.ballot(m.members[0], True)
    m.ballot(m.members[1], True)
    m.close()
    result = LineResult.get()
    assert (result.yes, result.no, result.base, result.passed) == (2, 0, 3, False)  # 66,66…% < 66,67%


def test_the_nominee_on_the_council_is_recused_and_the_denominator_shrinks(app):
    from tests.campaign_factories import person_in
    m = Meeting(members=5, dossiers=0)
    member = m.members[2]
    nominee = person_in(member.unit, full_name=member.full_name)
    verified(m.campaign, member.unit, m.office, person=nominee)
    set_rule(m.campaign, "LDTT", threshold_percent=Decimal("90"), denominator="all")
    sessions.refresh_agenda(m.session, m.office)
    m.vote()
    line = m.items()[0]
    assert sessions.ballot_lines(m.session, m.row_of(member).seat_id) == [(line, "Là người được đề nghị")]
    for user in m.members:
        if user is not member:
            m.ballot(user, True)
    # The recused member's sheet has nothing to vote on: any choice for the line is dropped, not counted.
    sessions.cast_ballot(m.session, member, {line.id: False}, 1)
    m.close()
    result = LineResult.get()
    assert (result.yes, result.no, result.eligible, result.recused, result.passed) == (4, 0, 4, 1, True)
    assert Recusal.get().reason == "Là người được đề nghị"


def test_members_from_the_nominees_unit_are_recused_when_the_rule_says_so(app):
    m = Meeting(members=4, dossiers=1)
    set_rule(m.campaign, "LDTT", recuse_same_unit=True)
    same_unit = m.members[3]
    same_unit.unit = m.unit
    same_unit.save()
    m.vote()
    assert [r for _, r in sessions.ballot_lines(m.session, m.row_of(same_unit).seat_id)] == [
        "Cùng đơn vị với người, tập thể được đề nghị (theo quy tắc biểu quyết)"]


def test_written_votes_of_absent_members_count_where_the_rule_allows(app):
    m = Meeting(members=5, dossiers=1)
    set_rule(m.campaign, "LDTT", threshold_percent=Decimal("80"), denominator="all", written_votes_allowed=True)
    m.vote(present=4)
    for user in m.members[:4]:
        m.ballot(user, True)
    absent = m.row_of(m.members[4])
    sessions.record_written_vote(m.session, absent.id, {m.items()[0].id: True}, m.office)
    m.close()
    result = LineResult.get()
    assert (result.yes, result.participants, result.base) == (5, 5, 5)
    assert BallotReceipt.get(BallotReceipt.seat == absent.seat_id).channel == "written"


def test_written_votes_are_refused_where_the_rule_does_not_allow_them(app):
    m = Meeting(members=5, dossiers=1)
    set_rule(m.campaign, "LDTT", written_votes_allowed=False)
    m.vote(present=4)
    with pytest.raises(WorkflowError) as error:
        sessions.record_written_vote(m.session, m.row_of(m.members[4]).id, {m.items()[0].id: True}, m.office)
    assert "Không có dòng nào được biểu quyết bằng văn bản" in error.value.message


def test_paper_ballots_are_entered_as_counts_and_marked_as_paper(app):
    m = Meeting(members=4, dossiers=1)
    m.vote()
    m.ballot(m.members[0], True)
    line = m.items()[0]
    paper = [m.row_of(u).id for u in m.members[1:]]
    sessions.record_paper_ballots(m.session, paper, {line.id: (2, 1)}, m.office)
    m.close()
    result = LineResult.get()
    assert (result.yes, result.no) == (3, 1)
    assert {r.channel for r in BallotReceipt.select()} == {"online", "paper"}


def test_paper_counts_above_the_paper_voters_are_refused(app):
    from thidua.forms_support import FieldError
    m = Meeting(members=4, dossiers=1)
    m.vote()
    line = m.items()[0]
    with pytest.raises(FieldError) as error:
        sessions.record_paper_ballots(m.session, [m.row_of(m.members[1]).id], {line.id: (1, 1)}, m.office)
    assert "nhiều hơn 1 thành viên" in error.value.message
    assert BallotReceipt.select().count() == 0


def test_results_are_frozen_in_the_database(app):
    m = Meeting(members=3, dossiers=1)
    m.vote()
    m.close()
    with pytest.raises(Exception):  # noqa: B017 - the trigger's error class differs between SQLite and PostgreSQL
        with db.atomic():
            LineResult.update(yes=3).execute()
    assert LineResult.get().yes == 0


def test_closing_moves_each_dossier_on_and_records_why(app):
    m = Meeting(members=3, dossiers=2)
    m.vote()
    for user in m.members:
        m.ballot(user, True, False)
    m.close()
    first, second = (Nomination.get_by_id(n.id) for n in m.nominations)
    assert (first.status, second.status) == ("passed", "not_passed")
    entry = AuditLog.select().where(AuditLog.object_type == "nomination", AuditLog.object_id == second.id,
                                    AuditLog.action == "council_fail").get()
    assert "0/3 phiếu đồng ý" in entry.comment


def test_second_round_for_a_named_nominee_keeps_the_first_result(app):
    m = Meeting(members=3, dossiers=2)
    m.vote()
    for user in m.members:
        m.ballot(user, True, False)
    m.close()
    failed = m.items()[1]
    sessions.second_round(m.session, [failed.id], "Hội đồng thảo luận lại thành tích bổ sung", m.chair)
    assert (m.session.status, m.session.round) == ("voting", 2)
    assert Nomination.get_by_id(failed.nomination_id).status == "verified"
    assert [i.id for i, _ in sessions.ballot_lines(m.session, m.row_of(m.members[0]).seat_id)] == [failed.id]
    for user in m.members:
        m.ballot(user, True)
    m.close()
    rounds = [(r.round, r.yes, r.passed) for r in LineResult.select().where(LineResult.item == failed.id)
              .order_by(LineResult.round)]
    assert rounds == [(1, 0, False), (2, 3, True)]
    assert Nomination.get_by_id(failed.nomination_id).status == "passed"
    assert Nomination.get_by_id(m.nominations[0].id).status == "passed"  # round 1 result untouched
    entry = AuditLog.get(AuditLog.action == "second_round")
    assert "Bỏ phiếu lại:" in entry.comment and entry.actor_id == m.chair.id


def test_a_ballot_drawn_for_round_one_is_refused_in_round_two(app):
    m = Meeting(members=3, dossiers=1)
    m.vote()
    line = m.items()[0]
    m.close()
    sessions.second_round(m.session, [line.id], "Bỏ phiếu lại theo đề nghị của Hội đồng", m.chair)
    with pytest.raises(WorkflowError) as error:
        sessions.cast_ballot(m.session, m.members[1], {line.id: True}, 1)
    assert "Vòng bỏ phiếu này đã kết thúc" in error.value.message


def test_progress_counts_who_submitted_never_what(app):
    m = Meeting(members=4, dossiers=1)
    m.vote(present=3)
    m.ballot(m.members[0], True)
    p = sessions.progress(m.session)
    assert (p.members, p.present, p.submitted_present, p.waiting) == (4, 3, 1, 2)
    assert not any(hasattr(p, name) for name in ("yes", "no"))


def test_attendance_cannot_change_once_voting_opened(app):
    m = Meeting(members=3, dossiers=1)
    m.vote()
    with pytest.raises(WorkflowError):
        sessions.set_attendance(m.session, m.row_of(m.members[1]).id, False, m.office)


def test_the_result_names_the_rule_that_applied_the_default_one_included(app):
    m = Meeting(members=3, dossiers=1)  # 2021: LDTT has no rule of its own under ND 91, the "*" default applies
    m.vote()
    m.close()
    result = LineResult.get()
    assert "quy tắc mặc định của chế độ pháp lý" in result.explanation
    assert "Chưa được xác nhận" in result.explanation


def test_a_lone_written_voters_choice_cannot_be_told_apart_from_the_others(app):
    m = Meeting(members=4, dossiers=1)
    set_rule(m.campaign, "LDTT", written_votes_allowed=True)
    m.vote(present=3)
    for user in m.members[:3]:
        m.ballot(user, True)
    sessions.record_written_vote(m.session, m.row_of(m.members[3]).id, {m.items()[0].id: False}, m.office)
    m.close()
    # One total per line and round: nothing stored says which of the four "yes/no" came in writing.
    assert [(c.yes, c.no) for c in VoteCount.select()] == [(3, 1)]
    assert not any("written" in name or "paper" in name for name in LineResult._meta.columns)


def test_the_chair_role_without_a_chair_seat_on_the_day_does_not_run_the_session(app, make_user):
    import datetime
    from thidua import roles
    from thidua.models import CouncilMember
    m = Meeting(members=3, dossiers=1)
    former = make_user(roles.COUNCIL_CHAIR)
    CouncilMember.create(user=former, role="chair", served_from=datetime.date(2019, 1, 1),
                         served_to=datetime.date(2020, 12, 31))
    with pytest.raises(WorkflowError) as error:
        sessions.act(m.session, "open_attendance", former)
    assert error.value.code == 403
