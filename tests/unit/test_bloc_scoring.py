"""Scoring in an emulation bloc: limits per criterion, penalties with reasons, the round's clock, the compact's
signature, and the difference → objection → settlement cycle, each step through the workflow and audited."""
from decimal import Decimal

import pytest

from thidua import workflow
from thidua.blocs import points, scoring
from thidua.models import AuditLog, Criterion, Score, Scorecard
from thidua.workflow import WorkflowError
from tests.bloc_factories import FULL, BlocWorld


@pytest.fixture(autouse=True)
def context(app):
    with app.app_context():
        yield


def _typed(world, code, value, note=""):
    return {world.criteria[code].id: (value, note)}


def test_a_score_above_the_criterions_maximum_is_refused_and_nothing_is_stored(app):
    w = BlocWorld().in_force()
    w.open_round()
    with pytest.raises(scoring.ScoreErrors) as error:
        scoring.save_self(w.card(1), _typed(w, "1.1", "41"), w.officers[1])
    assert "Tiêu chí 1.1 “Hoàn thành chỉ tiêu kế hoạch năm”: 41 điểm vượt điểm tối đa 40." in str(error.value)
    assert Score.select().count() == 0


def test_points_are_exact_decimals_with_a_comma_or_a_point(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(1, {"1.1": "39,75", "1.2": "29.5", "2": "30", "3": "0,1"}, submit=False)
    lines = scoring.lines_of(w.card(1))
    assert scoring.totals_of(lines).total == Decimal("99.35")


@pytest.mark.parametrize("typed", ["1e30", "1E+1", "4e1", "Infinity", "NaN", "1_0", "٣", "1,2,3", "--5"])
def test_what_is_not_plain_points_is_refused_with_a_message_never_an_error(app, typed):
    criterion = Criterion(code="1.1", title="Hoàn thành chỉ tiêu", kind="score", max_points=Decimal("40"))
    with pytest.raises(points.PointsError) as error:
        points.parse(typed, criterion)
    assert f"“{typed}” không phải là số điểm." in str(error.value)


def test_more_digits_than_decimal_holds_is_refused_as_above_the_maximum(app):
    criterion = Criterion(code="1.1", title="Hoàn thành chỉ tiêu", kind="score", max_points=Decimal("40"))
    for typed in ("123456789012345678901234567890", "0.0000000000000000000000000000001"):
        with pytest.raises(points.PointsError) as error:
            points.parse(typed, criterion)
        assert "vượt điểm tối đa 40" in str(error.value) or "hai chữ số thập phân" in str(error.value)


def test_a_zero_is_never_stored_or_shown_negative(app):
    penalty = Criterion(code="4", title="Điểm trừ", kind="penalty", max_points=Decimal("5"))
    score = Criterion(code="2", title="Công tác thi đua", kind="score", max_points=Decimal("30"))
    for criterion in (penalty, score):
        value = points.parse("-0", criterion)
        assert value == 0 and not value.is_signed() and points.show(value) == "0"


def test_a_penalty_is_stored_negative_and_needs_a_reason(app):
    w = BlocWorld().in_force()
    w.open_round()
    with pytest.raises(scoring.ScoreErrors) as error:
        scoring.save_self(w.card(1), _typed(w, "4", "2"), w.officers[1])
    assert "Tiêu chí 4 “Điểm trừ: chậm báo cáo, vi phạm”: điểm trừ phải ghi rõ lý do." in str(error.value)
    scoring.save_self(w.card(1), _typed(w, "4", "2", "Chậm báo cáo quý II"), w.officers[1])
    assert Score.get().self_points == Decimal("-2")


def test_a_negative_score_outside_the_penalty_items_is_refused(app):
    w = BlocWorld().in_force()
    w.open_round()
    with pytest.raises(scoring.ScoreErrors) as error:
        scoring.save_self(w.card(1), _typed(w, "2", "-3"), w.officers[1])
    assert "điểm không được âm" in str(error.value)


def test_a_member_cannot_score_after_self_scoring_closed(app):
    w = BlocWorld().in_force()
    w.open_round()
    workflow.apply(w.round, "start_check", w.leader)
    with pytest.raises(WorkflowError) as error:
        scoring.save_self(w.card(1), _typed(w, "1.1", "30"), w.officers[1])
    assert error.value.code == 409
    assert "đã kết thúc phần tự chấm điểm" in error.value.message


def test_a_unit_that_signed_no_compact_gets_no_scorecard_and_cannot_score(app):
    w = BlocWorld(size=3, signed=2).in_force()
    w.open_round()
    assert Scorecard.select().where(Scorecard.unit == w.units[2].id).count() == 0
    # Even a scorecard made by hand for it refuses its scores.
    card = Scorecard.create(round=w.round, unit=w.units[2])
    with pytest.raises(WorkflowError) as error:
        scoring.save_self(card, _typed(w, "1.1", "30"), w.officers[2])
    assert error.value.message == "Đơn vị chưa ký giao ước thi đua năm nay nên không chấm điểm được."


def test_another_member_may_not_enter_a_units_scores(app):
    w = BlocWorld().in_force()
    w.open_round()
    with pytest.raises(WorkflowError) as error:
        scoring.save_self(w.card(1), _typed(w, "1.1", "30"), w.officers[2])
    assert error.value.code == 403


def test_submitting_needs_every_scored_criterion(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(1, {"1.1": "40"}, submit=False)
    with pytest.raises(WorkflowError) as error:
        workflow.apply(w.card(1), "submit", w.officers[1])
    assert error.value.message == "Còn 2 tiêu chí chưa tự chấm điểm: 1.2, 2."


def test_an_agreed_score_different_from_the_self_score_needs_a_reason(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(1, FULL)
    with pytest.raises(scoring.ScoreErrors) as error:
        w.agree(1, {"1.2": ("25", "")})
    assert "điểm thống nhất 25 khác điểm tự chấm 30, vui lòng ghi lý do" in str(error.value)


def test_difference_objection_and_settlement_each_move_the_scorecard_once_with_an_audit_row(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(1, FULL)
    w.agree(1, {"1.2": ("25", "Chưa có minh chứng số hóa hồ sơ")})
    card = w.card(1)
    with pytest.raises(WorkflowError):   # a difference cannot be confirmed as if there were none
        workflow.apply(card, "confirm", w.leader)
    workflow.apply(card, "review", w.leader)
    workflow.apply(card, "object", w.heads[1], "Đã gửi minh chứng số hóa 80% hồ sơ")
    assert Scorecard.get_by_id(card.id).objection == "Đã gửi minh chứng số hóa 80% hồ sơ"
    card = w.card(1)
    w.agree(1, {"1.2": ("28", "Ghi nhận minh chứng bổ sung")})
    workflow.apply(w.card(1), "settle", w.leader, "Chấp nhận một phần ý kiến: 28 điểm")
    card = w.card(1)
    assert card.status == "final"
    assert scoring.totals_of(scoring.lines_of(card)).total == Decimal("98")
    steps = [a.action for a in AuditLog.select().where(AuditLog.object_type == "scorecard",
                                                       AuditLog.object_id == card.id).order_by(AuditLog.id)]
    assert steps == ["self_score", "submit", "agreed_score", "review", "object", "agreed_score", "settle"]


def test_a_member_objects_only_once(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(1, FULL)
    w.agree(1, {"2": ("20", "Thiếu báo cáo sơ kết")})
    workflow.apply(w.card(1), "review", w.leader)
    workflow.apply(w.card(1), "object", w.heads[1], "Đề nghị xem lại")
    workflow.apply(w.card(1), "settle", w.leader, "Giữ nguyên")
    with pytest.raises(WorkflowError) as error:
        workflow.apply(w.card(1), "object", w.heads[1], "Đề nghị xem lại lần nữa")
    assert error.value.code == 409


def test_an_objection_needs_a_reason(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(1, FULL)
    w.agree(1, {"2": ("20", "Thiếu báo cáo sơ kết")})
    workflow.apply(w.card(1), "review", w.leader)
    with pytest.raises(WorkflowError) as error:
        workflow.apply(w.card(1), "object", w.heads[1], "  ")
    assert error.value.message == "Vui lòng ghi rõ lý do."


def test_the_round_does_not_close_while_a_unit_is_not_settled(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(1, FULL)
    workflow.apply(w.round, "start_check", w.leader)
    with pytest.raises(WorkflowError) as error:
        workflow.apply(type(w.round).get_by_id(w.round.id), "close", w.leader)
    assert error.value.message == "Còn 1 đơn vị chưa thống nhất điểm; chưa kết thúc vòng chấm điểm được."


def test_points_show_the_vietnamese_way():
    assert points.show(Decimal("8.50")) == "8,5"
    assert points.show(Decimal("-2.25")) == "−2,25"
    assert points.show(Decimal("10.00")) == "10"


# --- nobody checks its own scores: the deputy checks the leader unit's scorecard -----------------------------------

OWN_CARD = "Đơn vị Khối trưởng không tự thẩm định, thống nhất điểm hay giải quyết ý kiến về bảng điểm của chính mình"


def test_the_leader_unit_cannot_enter_agreed_scores_or_confirm_its_own_scorecard(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(0, FULL)
    card = w.card(0)
    for leader_team in (w.leader, w.heads[0]):
        assert not workflow.can(card, "confirm", leader_team)
        with pytest.raises(WorkflowError) as error:
            workflow.apply(card, "confirm", leader_team)
        assert error.value.code == 403 and OWN_CARD in error.value.message
        with pytest.raises(WorkflowError) as error:
            scoring.save_agreed(card, _typed(w, "1.1", "40", ""), leader_team)
        assert error.value.code == 403 and OWN_CARD in error.value.message
    assert Scorecard.get_by_id(card.id).status == "submitted"
    workflow.apply(card, "confirm", w.officers[1])      # the deputy unit's officer
    assert Scorecard.get_by_id(card.id).status == "final"


def test_the_deputy_settles_the_leader_units_objection_and_the_leader_cannot(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(0, FULL)
    w.agree(0, {"1.2": ("25", "Chưa có minh chứng")})    # entered by the deputy (BlocWorld.checker)
    workflow.apply(w.card(0), "review", w.heads[1])
    workflow.apply(w.card(0), "object", w.heads[0], "Đã số hóa toàn bộ hồ sơ")
    card = w.card(0)
    assert not workflow.can(card, "settle", w.leader)
    with pytest.raises(WorkflowError) as error:
        workflow.apply(card, "settle", w.heads[0], "Tự giải quyết")
    assert error.value.code == 403 and OWN_CARD in error.value.message
    workflow.apply(card, "settle", w.officers[1], "Chấp nhận: 30 điểm")
    entry = AuditLog.select().where(AuditLog.object_type == "scorecard", AuditLog.object_id == card.id,
                                    AuditLog.action == "settle").get()
    assert entry.actor_id == w.officers[1].id


def test_the_deputy_checks_the_leader_units_scorecard_only(app):
    w = BlocWorld().in_force()
    w.open_round()
    w.self_score(2, FULL)
    card = w.card(2)
    assert workflow.can(card, "confirm", w.leader) and not workflow.can(card, "confirm", w.officers[1])
    with pytest.raises(WorkflowError) as error:
        scoring.save_agreed(card, _typed(w, "1.1", "40", ""), w.officers[1])
    assert error.value.code == 403 and OWN_CARD not in error.value.message


def test_a_year_is_opened_with_a_deputy_other_than_the_leader(app):
    from thidua.blocs import services
    from thidua.forms_support import FieldError
    w = BlocWorld()
    for deputy in (None, w.units[0].id):
        with pytest.raises(FieldError) as error:
            services.create_year(w.bloc, {"year": 2022, "leader_unit_id": w.units[0].id, "deputy_unit_id": deputy},
                                 w.board)
        assert error.value.field == "deputy_unit_id"


def test_a_compact_without_a_deputy_is_not_put_to_signature(app):
    from thidua.blocs import services
    from thidua.models import Compact
    w = BlocWorld()
    compact = services.create_year(w.bloc, {"year": 2022, "leader_unit_id": w.units[0].id,
                                            "deputy_unit_id": w.units[1].id}, w.board)
    services.save_terms(compact, {"targets": "Hoàn thành chỉ tiêu", "tie_break": "bonus", "vote_threshold": 50,
                                  "flag_quota": 1, "bk_quota": 1}, w.leader)
    services.add_criterion(compact, {"code": "1", "title": "Nhiệm vụ", "kind": "score", "max_points": 100}, w.leader)
    Compact.update(deputy_unit=None).where(Compact.id == compact.id).execute()   # a year from before the rule
    compact = Compact.get_by_id(compact.id)
    with pytest.raises(WorkflowError) as error:
        workflow.apply(compact, "open_signing", w.leader)
    assert error.value.code == 409 and "chưa có Khối phó" in error.value.message
    assert Compact.get_by_id(compact.id).status == "draft"
