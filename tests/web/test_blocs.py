"""Emulation blocs through the browser's requests: what each user sees, the messages for bad input, and the
server-side checks on every record (another unit's scores stay hidden until the round closes)."""
from __future__ import annotations

import pytest

from thidua import workflow
from thidua.blocs import voting
from thidua.models import AuditLog, CompactSignature, Score
from tests.bloc_factories import FULL, BlocWorld
from tests.page_text import page_text


@pytest.fixture
def world(app):
    with app.app_context():
        w = BlocWorld().in_force()
        w.open_round("year_end")
        return w


def _as(client, sign_in, user):
    client.post("/logout")
    sign_in(user)
    return client


def test_a_member_sees_its_own_scorecard_and_not_another_units_before_the_round_closes(app, client, sign_in, world):
    _as(client, sign_in, world.officers[1])
    own, other = world.card(1), world.card(2)
    assert client.get(f"/blocs/scorecards/{own.id}").status_code == 200
    assert client.get(f"/blocs/scorecards/{other.id}").status_code == 404
    text = page_text(client.get(f"/blocs/rounds/{world.round.id}"))
    assert world.units[1].name in text and world.units[2].name not in text
    assert "Điểm của các đơn vị khác được công bố khi vòng chấm điểm kết thúc." in text


def test_a_user_outside_the_bloc_gets_404_everywhere(app, client, sign_in, world, make_user, make_unit):
    from thidua import roles
    stranger = make_user(roles.UNIT_HEAD, unit=make_unit())
    _as(client, sign_in, stranger)
    for url in (f"/blocs/{world.bloc.id}", f"/blocs/compacts/{world.compact.id}", f"/blocs/rounds/{world.round.id}",
                f"/blocs/scorecards/{world.card(0).id}"):
        assert client.get(url).status_code == 404, url


def test_a_score_above_the_maximum_is_shown_beside_its_criterion_and_nothing_is_saved(app, client, sign_in, world):
    _as(client, sign_in, world.officers[1])
    card = world.card(1)
    c11 = world.criteria["1.1"].id
    response = client.post(f"/blocs/scorecards/{card.id}/self",
                           data={f"points-{c11}": "45", f"note-{c11}": "", "version": card.version})
    assert response.status_code == 422
    text = page_text(response)
    assert "Tiêu chí 1.1 “Hoàn thành chỉ tiêu kế hoạch năm”: 45 điểm vượt điểm tối đa 40." in text
    assert 'value="45"' in response.get_data(as_text=True)   # what was typed comes back to be corrected
    with app.app_context():
        assert Score.select().count() == 0


@pytest.mark.parametrize("typed", ["1e30", "123456789012345678901234567890"])
def test_points_in_exponent_form_or_too_long_are_a_422_beside_the_criterion_not_a_500(app, client, sign_in, world,
                                                                                    typed):
    _as(client, sign_in, world.officers[1])
    card = world.card(1)
    c11 = world.criteria["1.1"].id
    response = client.post(f"/blocs/scorecards/{card.id}/self", data={f"points-{c11}": typed, f"note-{c11}": ""})
    assert response.status_code == 422
    assert "Tiêu chí 1.1 “Hoàn thành chỉ tiêu kế hoạch năm”" in page_text(response)
    with app.app_context():
        assert Score.select().count() == 0


def test_a_penalty_without_a_reason_is_refused_with_a_clear_message(app, client, sign_in, world):
    _as(client, sign_in, world.officers[1])
    card = world.card(1)
    c4 = world.criteria["4"].id
    response = client.post(f"/blocs/scorecards/{card.id}/self", data={f"points-{c4}": "1,5", f"note-{c4}": " "})
    assert response.status_code == 422
    assert "điểm trừ phải ghi rõ lý do" in page_text(response)


def test_self_scores_are_saved_and_submitted_through_the_workflow(app, client, sign_in, world):
    _as(client, sign_in, world.officers[1])
    card = world.card(1)
    data = {f"points-{world.criteria[code].id}": value for code, value in FULL.items()}
    assert client.post(f"/blocs/scorecards/{card.id}/self", data=data).status_code == 303
    response = client.post(f"/blocs/scorecards/{card.id}/act/submit", follow_redirects=True)
    text = page_text(response)
    assert "Đã gửi, chờ thẩm định" in text and "Tổng điểm: 100" in text


def test_scoring_after_self_scoring_closed_is_a_409_with_the_reason(app, client, sign_in, world):
    with app.app_context():
        workflow.apply(world.round, "start_check", world.leader)
    _as(client, sign_in, world.officers[1])
    card = world.card(1)
    response = client.post(f"/blocs/scorecards/{card.id}/self",
                           data={f"points-{world.criteria['1.1'].id}": "30"})
    assert response.status_code == 409
    assert "đã kết thúc phần tự chấm điểm" in page_text(response)


def test_the_member_sees_the_difference_with_the_reason_and_may_object(app, client, sign_in, world):
    with app.app_context():
        world.self_score(1, FULL)
        world.agree(1, {"1.2": ("25", "Chưa có minh chứng số hóa")})
        workflow.apply(world.card(1), "review", world.leader)
    _as(client, sign_in, world.heads[1])
    card = world.card(1)
    text = page_text(client.get(f"/blocs/scorecards/{card.id}"))
    assert "chênh lệch ở 1 tiêu chí" in text and "Chưa có minh chứng số hóa" in text
    assert "Có ý kiến về điểm thẩm định (một lần)" in text
    response = client.post(f"/blocs/scorecards/{card.id}/act/object",
                           data={"comment": "Đã số hóa 80% hồ sơ", "version": card.version}, follow_redirects=True)
    assert "Đơn vị có ý kiến, chờ giải quyết" in page_text(response)


def test_the_leader_must_give_a_reason_for_a_different_score(app, client, sign_in, world):
    with app.app_context():
        world.self_score(1, FULL)
    _as(client, sign_in, world.leader)
    card = world.card(1)
    c12 = world.criteria["1.2"].id
    response = client.post(f"/blocs/scorecards/{card.id}/agreed", data={f"agreed-{c12}": "25", f"reason-{c12}": ""})
    assert response.status_code == 422
    assert "vui lòng ghi lý do" in page_text(response)


def test_another_member_cannot_enter_the_leaders_agreed_scores(app, client, sign_in, world):
    with app.app_context():
        world.self_score(1, FULL)
    _as(client, sign_in, world.officers[2])
    assert client.post(f"/blocs/scorecards/{world.card(1).id}/agreed", data={}).status_code == 404


def test_after_the_round_closes_every_member_sees_the_totals_and_ranking(app, client, sign_in, world):
    with app.app_context():
        world.finish(0, FULL)
        world.finish(1, {"1.1": "35", "1.2": "30", "2": "30"})
        world.finish(2, {"1.1": "30", "1.2": "30", "2": "30"})
        world.close_round()
    _as(client, sign_in, world.officers[2])
    text = page_text(client.get(f"/blocs/rounds/{world.round.id}"))
    assert "Kết quả xếp hạng" in text
    assert text.index(world.units[0].name) < text.index(world.units[1].name) < text.index(world.units[2].name)
    assert client.get(f"/blocs/scorecards/{world.card(0).id}").status_code == 200


def test_a_unit_that_signed_no_compact_is_told_so(app, client, sign_in):
    with app.app_context():
        w = BlocWorld(size=3, signed=2).in_force()
        w.open_round()
    _as(client, sign_in, w.officers[2])
    text = page_text(client.get(f"/blocs/rounds/{w.round.id}"))
    assert "đơn vị chưa ký giao ước thi đua năm nay" in text


def test_signing_the_compact_is_the_heads_and_is_audited(app, client, sign_in):
    with app.app_context():
        w = BlocWorld(size=3, signed=1)
    _as(client, sign_in, w.officers[1])
    assert client.post(f"/blocs/compacts/{w.compact.id}/sign").status_code == 403
    _as(client, sign_in, w.heads[1])
    assert "Ký giao ước thay mặt đơn vị" in client.get(f"/blocs/compacts/{w.compact.id}").get_data(as_text=True)
    assert client.post(f"/blocs/compacts/{w.compact.id}/sign").status_code == 303
    with app.app_context():
        assert CompactSignature.select().where(CompactSignature.compact == w.compact.id).count() == 2
        assert AuditLog.select().where(AuditLog.action == "sign_compact").count() == 2
    response = client.get(f"/blocs/compacts/{w.compact.id}/document")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")


def test_the_board_sees_every_bloc_and_the_compact_document(app, client, sign_in, world):
    _as(client, sign_in, world.board)
    assert world.bloc.name in client.get("/blocs").get_data(as_text=True)
    text = page_text(client.get(f"/blocs/rounds/{world.round.id}"))
    assert all(u.name in text for u in world.units)


def test_the_vote_page_hides_who_voted_what_and_the_minutes_follow_the_count(app, client, sign_in, world):
    with app.app_context():
        world.finish(0, FULL)
        world.finish(1, {"1.1": "35", "1.2": "30", "2": "30"})
        world.finish(2, {"1.1": "30", "1.2": "30", "2": "30"})
        world.close_round()
        vote = world.vote()
    _as(client, sign_in, world.heads[1])
    lines = voting.lines_of(vote)
    response = client.post(f"/blocs/votes/{vote.id}/ballot", data={f"line-{line.id}": "yes" for line in lines},
                           follow_redirects=True)
    text = page_text(response)
    assert "Đơn vị của bạn đã bỏ phiếu." in text and "1/3 đơn vị đã bỏ phiếu" in text
    assert client.get(f"/blocs/votes/{vote.id}/minutes").status_code == 409


def test_the_inbox_lists_the_units_scorecard_to_fill_and_the_leaders_to_check(app, client, sign_in, world):
    _as(client, sign_in, world.officers[2])
    text = page_text(client.get("/inbox"))
    assert "Bảng điểm thi đua của khối chờ tự chấm, gửi" in text and world.units[2].name in text
    assert world.units[1].name not in text
    with app.app_context():
        world.self_score(1, FULL)
    _as(client, sign_in, world.leader)
    text = page_text(client.get("/inbox"))
    assert "Bảng điểm của đơn vị chờ thẩm định" in text and world.units[1].name in text


def _count_queries(the_client, url: str) -> int:
    from thidua.db import db
    calls = []

    def hook(event):
        calls.append(event.sql)
    db.obj.query_hooks.append(hook)
    try:
        assert the_client.get(url).status_code == 200, url
    finally:
        db.obj.query_hooks.remove(hook)
    return len(calls)


def test_the_inbox_and_the_bloc_pages_make_as_many_queries_for_twelve_units_as_for_three(app, sign_in):
    counts = {}
    for size in (3, 12):
        with app.app_context():
            w = BlocWorld(size=size).in_force()
            w.open_round()
            for index in range(1, size):
                w.self_score(index, FULL)   # a scorecard waiting for the leader per member unit
        leader = app.test_client()
        sign_in(w.leader, the_client=leader)
        for page, url in (("inbox", "/inbox"), ("bloc", f"/blocs/{w.bloc.id}"),
                          ("compact", f"/blocs/compacts/{w.compact.id}"), ("round", f"/blocs/rounds/{w.round.id}"),
                          ("scorecard", f"/blocs/scorecards/{w.card(1).id}")):
            counts.setdefault(page, []).append(_count_queries(leader, url))
    assert all(small == large for small, large in counts.values()), counts


def test_only_a_user_with_the_unit_head_role_acts_as_the_head_of_a_member_unit(app, client, sign_in):
    from thidua import roles
    from thidua.blocs import services
    from thidua.forms_support import FieldError
    from thidua.models import UserRole
    from tests.factories import make_user
    with app.app_context():
        w = BlocWorld(size=3, signed=1)
        # The board cannot give an officer the head's seat...
        officer = make_user(roles.UNIT_STAFF, unit=w.units[1])
        with pytest.raises(FieldError) as error:
            services.add_user(w.bloc, officer.id, "head", w.board)
        assert "không có vai trò Trưởng đơn vị" in error.value.message
        # ...and a head whose unit head role is withdrawn no longer signs for the unit.
        UserRole.delete().where(UserRole.user == w.heads[1].id, UserRole.role == roles.UNIT_HEAD).execute()
        UserRole.create(user=w.heads[1].id, role=roles.UNIT_STAFF)
    _as(client, sign_in, w.heads[1])
    assert "Ký giao ước thay mặt đơn vị" not in client.get(f"/blocs/compacts/{w.compact.id}").get_data(as_text=True)
    response = client.post(f"/blocs/compacts/{w.compact.id}/sign")
    assert response.status_code == 403
    assert "Chỉ thủ trưởng đơn vị thành viên ký giao ước thi đua." in page_text(response)
    with app.app_context():
        assert CompactSignature.select().where(CompactSignature.compact == w.compact.id).count() == 1


def test_a_head_seat_without_the_unit_head_role_does_not_vote_or_object(app, client, sign_in, world):
    from thidua import roles
    from thidua.models import UserRole
    with app.app_context():
        world.self_score(1, FULL)
        world.agree(1, {"1.2": ("25", "Chưa có minh chứng số hóa")})
        workflow.apply(world.card(1), "review", world.leader)
        UserRole.delete().where(UserRole.user == world.heads[1].id, UserRole.role == roles.UNIT_HEAD).execute()
        UserRole.create(user=world.heads[1].id, role=roles.UNIT_STAFF)
    _as(client, sign_in, world.heads[1])
    card = world.card(1)
    response = client.post(f"/blocs/scorecards/{card.id}/act/object", data={"comment": "Không đồng ý"})
    assert response.status_code == 403
    with app.app_context():
        world.finish(0, FULL)
        world.finish(2, FULL)
        workflow.apply(world.card(1), "accept", world.officers[1])
        world.close_round()
        vote = world.vote()
        lines = voting.lines_of(vote)
    assert "Phiếu của đơn vị" not in page_text(client.get(f"/blocs/votes/{vote.id}"))
    response = client.post(f"/blocs/votes/{vote.id}/ballot", data={f"line-{line.id}": "yes" for line in lines})
    assert response.status_code == 403
    assert "Chỉ thủ trưởng đơn vị thành viên bỏ phiếu thay cho đơn vị." in page_text(response)


def test_evidence_after_the_scores_were_sent_is_refused_with_the_reason_not_a_permission_error(app, client, sign_in,
                                                                                             world):
    import io
    with app.app_context():
        world.self_score(1, FULL)
    _as(client, sign_in, world.officers[1])
    card = world.card(1)
    response = client.post(f"/blocs/scorecards/{card.id}/files/{world.criteria['1.1'].id}",
                           data={"file": (io.BytesIO(b"%PDF-1.4 minh chung"), "minh-chung.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 409
    assert "Điểm tự chấm đã gửi để thẩm định, không đính kèm minh chứng được nữa." in page_text(response)


# --- conflict of interest: nobody checks its own scores; a draft is the unit's own ------------------------------------

def test_the_leader_sees_that_a_draft_is_not_sent_and_none_of_its_figures_or_evidence(app, client, sign_in, world):
    import io
    card = world.card(1)
    _as(client, sign_in, world.officers[1])
    client.post(f"/blocs/scorecards/{card.id}/self", data={
        f"points-{world.criteria['1.1'].id}": "37,25", f"note-{world.criteria['1.1'].id}": "Đạt 93% kế hoạch riêng",
        f"points-{world.criteria['1.2'].id}": "29,75", f"points-{world.criteria['2'].id}": "30"})
    client.post(f"/blocs/scorecards/{card.id}/files/{world.criteria['1.1'].id}",
                data={"file": (io.BytesIO(b"%PDF-1.4 minh chung"), "minh-chung-rieng.pdf")},
                content_type="multipart/form-data")
    assert "Đạt 93% kế hoạch riêng" in page_text(client.get(f"/blocs/scorecards/{card.id}"))   # its own, always
    with app.app_context():
        from thidua.models import Attachment
        attachment = Attachment.get(Attachment.owner_type == "scorecard", Attachment.owner_id == card.id)
    _as(client, sign_in, world.leader)
    response = client.get(f"/blocs/scorecards/{card.id}")
    assert response.status_code == 200
    text = page_text(response)
    assert "Đơn vị chưa gửi điểm tự chấm." in text
    for figure in ("Đạt 93% kế hoạch riêng", "minh-chung-rieng.pdf", "37,25", "29,75", "Tổng điểm"):
        assert figure not in text, figure
    assert client.get(f"/attachments/{attachment.id}").status_code in (403, 404)
    with app.app_context():
        workflow.apply(world.card(1), "submit", world.officers[1])
    text = page_text(client.get(f"/blocs/scorecards/{card.id}"))
    assert "Đạt 93% kế hoạch riêng" in text and "minh-chung-rieng.pdf" in text and "37,25" in text
    assert "Đơn vị chưa gửi" not in text


def test_the_leader_team_has_no_check_button_on_its_own_scorecard_and_is_told_why(app, client, sign_in, world):
    with app.app_context():
        card = world.self_score(0, FULL)
    from thidua.blocs.access import OWN_CARD as own_card
    _as(client, sign_in, world.leader)
    text = page_text(client.get(f"/blocs/scorecards/{card.id}"))
    assert "Thống nhất điểm (không có chênh lệch)" not in text and "Lưu điểm thẩm định" not in text
    assert f"do Khối phó ({world.units[1].name}) thẩm định" in text
    response = client.post(f"/blocs/scorecards/{card.id}/act/confirm", data={"version": card.version})
    assert response.status_code == 403 and own_card in page_text(response)
    response = client.post(f"/blocs/scorecards/{card.id}/agreed",
                           data={f"agreed-{world.criteria['1.1'].id}": "40", "version": card.version})
    assert response.status_code == 403 and own_card in page_text(response)
    assert "Bảng điểm của đơn vị chờ thẩm định" not in page_text(client.get("/inbox"))

    # The deputy's officer finds it in the inbox and on the round, and confirms it.
    _as(client, sign_in, world.officers[1])
    text = page_text(client.get("/inbox"))
    assert "Bảng điểm của đơn vị chờ thẩm định" in text and world.units[0].name in text
    round_text = page_text(client.get(f"/blocs/rounds/{world.round.id}"))
    assert world.units[0].name in round_text and world.units[2].name not in round_text
    text = page_text(client.get(f"/blocs/scorecards/{card.id}"))
    assert "Thống nhất điểm (không có chênh lệch)" in text and "Lưu điểm thẩm định" in text
    response = client.post(f"/blocs/scorecards/{card.id}/act/confirm", data={"version": card.version},
                           follow_redirects=True)
    assert "Đã thống nhất điểm" in page_text(response)
    # ... and only that one: another member's scorecard stays out of the deputy's reach until the round closes.
    assert client.get(f"/blocs/scorecards/{world.card(2).id}").status_code == 404


def test_a_plain_member_does_not_see_the_leader_units_scorecard_before_the_round_closes(app, client, sign_in, world):
    with app.app_context():
        world.self_score(0, FULL)
    _as(client, sign_in, world.officers[2])
    assert client.get(f"/blocs/scorecards/{world.card(0).id}").status_code == 404


def test_a_year_without_a_deputy_is_refused_with_the_reason(app, client, sign_in, world):
    _as(client, sign_in, world.board)
    response = client.post(f"/blocs/{world.bloc.id}/years", data={
        "year": 2023, "leader_unit_id": world.units[0].id, "deputy_unit_id": 0, "campaign_id": 0})
    assert response.status_code == 422
    assert "Vui lòng chọn Khối phó" in page_text(response)
