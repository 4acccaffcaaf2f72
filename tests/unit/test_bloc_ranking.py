"""Ranking a bloc's units with the compact's tie-break rules, and the bloc's secret vote: one ballot per member unit,
nothing stored of who chose what, the result opening dossiers with the bloc's minutes attached."""
from decimal import Decimal

import pytest

from thidua import workflow
from thidua.blocs import points, ranking, scoring, voting
from thidua.models import (AuditLog, Attachment, BlocBallotReceipt, BlocVoteCount, BlocVoteLine, Nomination)
from thidua.workflow import WorkflowError
from tests.bloc_factories import BlocWorld


@pytest.fixture(autouse=True)
def context(app):
    with app.app_context():
        yield


def _entry(name, score="0", bonus="0", penalty="0"):
    return ranking.Ranked(0, name, points.Totals(Decimal(score), Decimal(bonus), Decimal(penalty)))


def test_higher_total_ranks_first():
    ranked = ranking.rank([_entry("B", "80"), _entry("A", "90")], ["bonus", "penalty"])
    assert [(r.name, r.rank) for r in ranked] == [("A", 1), ("B", 2)]


def test_equal_totals_are_split_by_more_bonus_points_then_fewer_penalty_points():
    a = _entry("A", "90", bonus="2", penalty="-2")       # 90
    b = _entry("B", "89", bonus="3", penalty="-2")       # 90, more bonus
    c = _entry("C", "92", bonus="0", penalty="-2")       # 90, no bonus
    ranked = ranking.rank([a, b, c], ["bonus", "penalty"])
    assert [(r.name, r.rank, r.tied) for r in ranked] == [("B", 1, False), ("A", 2, False), ("C", 3, False)]
    assert ranked[0].note == "Xếp trên đơn vị sau nhờ tiêu chí phụ: nhiều điểm thưởng hơn"


def test_the_order_of_the_rules_is_the_compacts():
    a = _entry("A", "88", bonus="4", penalty="-2")       # 90: more bonus
    b = _entry("B", "90", bonus="0", penalty="0")        # 90: fewer penalties
    assert [r.name for r in ranking.rank([a, b], ["bonus", "penalty"])] == ["A", "B"]
    assert [r.name for r in ranking.rank([a, b], ["penalty", "bonus"])] == ["B", "A"]


def test_a_tie_the_rules_cannot_break_shares_the_rank_and_goes_to_the_vote():
    ranked = ranking.rank([_entry("A", "90", "2"), _entry("B", "90", "2"), _entry("C", "70")], ["bonus", "penalty"])
    assert [(r.name, r.rank, r.tied) for r in ranked] == [("A", 1, True), ("B", 1, True), ("C", 3, False)]
    assert ranked[0].note == ranking.VOTE_NEEDED


def test_an_unknown_tie_break_rule_is_refused_in_vietnamese():
    with pytest.raises(ValueError) as error:
        ranking.parse_rules("bonus,luck")
    assert str(error.value) == "Quy tắc xếp hạng không hợp lệ: luck."


def _closed_year(w: BlocWorld, scores: list[dict]) -> None:
    w.open_round("year_end")
    for index, values in enumerate(scores):
        w.finish(index, values)
    w.close_round()


def test_the_round_ranks_units_on_agreed_scores_after_it_closes(app):
    w = BlocWorld().in_force()
    w.open_round("year_end")
    w.finish(0, {"1.1": "38", "1.2": "30", "2": "30"})                 # 98
    w.self_score(1, {"1.1": "40", "1.2": "30", "2": "30"})            # 100 self, 95 agreed
    w.agree(1, {"1.1": ("35", "Chỉ tiêu giải ngân đạt 87%")})
    workflow.apply(w.card(1), "review", w.leader)
    workflow.apply(w.card(1), "accept", w.officers[1])
    w.finish(2, {"1.1": "35", "1.2": "30", "2": "30", "3": ("5", "Mô hình mới")})  # 95 + 5 bonus = 100
    w.close_round()
    ranked, left_out = scoring.standings(w.round)
    assert [(r.name, r.rank, points.show(r.totals.total)) for r in ranked] == [
        (w.units[2].name, 1, "100"), (w.units[0].name, 2, "98"), (w.units[1].name, 3, "95")]
    assert left_out == []


def test_the_vote_puts_every_unit_tied_at_the_top_on_the_flag_line(app):
    w = BlocWorld().in_force()
    _closed_year(w, [{"1.1": "40", "1.2": "30", "2": "30"}, {"1.1": "40", "1.2": "30", "2": "30"},
                     {"1.1": "30", "1.2": "30", "2": "30"}])
    vote = voting.create(w.round, w.leader)
    lines = voting.lines_of(vote)
    assert [(line.unit_id, line.award, line.rank) for line in lines] == [
        (w.units[0].id, "flag", 1), (w.units[1].id, "flag", 1), (w.units[2].id, "bk", 3)]


def test_each_member_unit_votes_once_and_only_totals_are_kept(app):
    w = BlocWorld().in_force()
    _closed_year(w, [{"1.1": "40", "1.2": "30", "2": "30"}, {"1.1": "35", "1.2": "30", "2": "30"},
                     {"1.1": "30", "1.2": "30", "2": "30"}])
    vote = w.vote()
    flag, bk = voting.lines_of(vote)
    voting.cast(vote, w.heads[0], {flag.id: True, bk.id: False})
    with pytest.raises(WorkflowError) as error:
        voting.cast(vote, w.heads[0], {flag.id: True, bk.id: True})
    assert error.value.message == "Đơn vị của bạn đã bỏ phiếu; mỗi đơn vị chỉ bỏ một phiếu."
    with pytest.raises(WorkflowError) as error:
        voting.cast(vote, w.officers[1], {flag.id: True, bk.id: True})
    assert error.value.code == 403   # the officer does not vote for the unit: its head does
    assert [(c.yes, c.no) for c in BlocVoteCount.select().order_by(BlocVoteCount.line)] == [(1, 0), (0, 1)]
    assert BlocBallotReceipt.select().count() == 1
    entry = AuditLog.select().where(AuditLog.action == "cast_bloc_ballot").get()
    assert entry.state_after == "" and entry.comment == ""


def test_the_vote_proposes_the_flag_and_opens_dossiers_with_the_minutes_attached(app):
    w = BlocWorld().in_force()
    _closed_year(w, [{"1.1": "40", "1.2": "30", "2": "30"}, {"1.1": "35", "1.2": "30", "2": "30"},
                     {"1.1": "30", "1.2": "30", "2": "30"}])
    vote = w.vote()
    flag, bk = voting.lines_of(vote)
    voting.cast(vote, w.heads[0], {flag.id: True, bk.id: True})
    voting.cast(vote, w.heads[1], {flag.id: True, bk.id: False})
    voting.cast(vote, w.heads[2], {flag.id: False, bk.id: False})
    voting.close(vote, w.leader)
    flag, bk = voting.lines_of(vote)
    assert (flag.yes, flag.no, flag.passed) == (2, 1, True)
    assert (bk.yes, bk.passed) == (1, False)
    assert flag.explanation.startswith("Đạt: 2/3 phiếu đồng ý (66,67%) trên tổng số 3 đơn vị thành viên")
    made = voting.make_nominations(vote, w.leader)
    assert len(made) == 1
    nomination = Nomination.get_by_id(made[0].id)
    assert (nomination.unit_id, nomination.status, nomination.award_kind.code) == (w.units[0].id, "draft", "CO_TINH")
    minutes = Attachment.get(Attachment.owner_type == "nomination", Attachment.owner_id == nomination.id)
    assert minutes.component == "bien_ban" and minutes.original_name.startswith("Biên bản bình xét 2021")
    assert BlocVoteLine.get_by_id(flag.id).nomination_id == nomination.id
    with pytest.raises(WorkflowError):
        voting.make_nominations(vote, w.leader)


def test_the_vote_does_not_count_before_two_thirds_of_the_units_voted(app):
    w = BlocWorld().in_force()
    _closed_year(w, [{"1.1": "40", "1.2": "30", "2": "30"}, {"1.1": "35", "1.2": "30", "2": "30"},
                     {"1.1": "30", "1.2": "30", "2": "30"}])
    vote = w.vote()
    flag, bk = voting.lines_of(vote)
    voting.cast(vote, w.heads[0], {flag.id: True, bk.id: True})
    with pytest.raises(WorkflowError) as error:
        voting.close(vote, w.leader)
    assert error.value.message == "Mới có 1/3 đơn vị bỏ phiếu; cần ít nhất 2 (hai phần ba) để kiểm phiếu."


def test_a_tie_on_the_flag_vote_beyond_the_quota_proposes_nobody(app):
    w = BlocWorld().in_force()
    _closed_year(w, [{"1.1": "40", "1.2": "30", "2": "30"}, {"1.1": "40", "1.2": "30", "2": "30"},
                     {"1.1": "30", "1.2": "30", "2": "30"}])
    vote = w.vote()
    a, b, bk = voting.lines_of(vote)
    for head in w.heads[:2]:
        voting.cast(vote, head, {a.id: True, b.id: True, bk.id: True})
    voting.close(vote, w.leader)
    a, b, bk = voting.lines_of(vote)
    assert (a.passed, b.passed, bk.passed) == (False, False, True)
    assert "cần bỏ phiếu lại" in a.explanation
