"""Council session screens in-process: who may do what, the ballot sheet, the chair's progress, the results and
the minutes. The arithmetic and the storage are tested in tests/unit/test_council_sessions.py."""
import io
import re

import pytest
from docx import Document

from thidua import roles
from thidua.council import sessions
from thidua.models import AuditLog, BallotReceipt, CouncilSession, Nomination
from tests.council_factories import MEETING, Meeting, verified
from tests.page_text import page_text


@pytest.fixture
def meeting(app):
    with app.app_context():
        return Meeting(members=3, dossiers=2)


@pytest.fixture
def as_user(app, sign_in):
    """A signed-in test client for user."""
    def _as(user):
        c = app.test_client()
        sign_in(user, the_client=c)
        return c
    return _as


def _text(response) -> str:
    return page_text(response).replace(" /", "/")  # "3 /3" when the count is its own element


def test_the_office_prepares_a_session_whose_agenda_holds_the_verified_dossiers(app, as_user):
    with app.app_context():
        m = Meeting(members=3, dossiers=1)  # its own session holds this one
        fresh = [verified(m.campaign, m.unit, m.office), verified(m.campaign, m.unit, m.office, "CSTDCS")]
    office = as_user(m.office)
    response = office.post("/council/sessions/new", data={
        "campaign_id": m.campaign.id, "title": "Xét khen thưởng đợt 2", "meets_on": "2021-12-21",
        "meets_time": "14:00", "place": "Hội trường", "secretary_id": 0})
    assert response.status_code == 303
    page = _text(office.get(response.headers["Location"]))
    assert "Xét khen thưởng đợt 2" in page and "Chương trình 2 hồ sơ" in page
    assert all(n.person.full_name in page for n in fresh)
    assert m.nominations[0].person.full_name not in page
    assert page.index("Lao động tiên tiến") < page.index("Chiến sĩ thi đua cơ sở")


def test_a_session_without_a_title_or_place_is_refused_with_messages(meeting, as_user):
    office = as_user(meeting.office)
    response = office.post("/council/sessions/new", data={
        "campaign_id": meeting.campaign.id, "title": "", "meets_on": "2021-12-21", "meets_time": "",
        "place": "", "secretary_id": 0})
    assert response.status_code == 422
    page = _text(response)
    assert "Trường này là bắt buộc." in page and "Giờ không hợp lệ" in page


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD, roles.ADMIN])
def test_people_outside_the_council_and_office_cannot_open_sessions(meeting, make_user, as_user, role):
    c = as_user(make_user(role))
    assert c.get(f"/council/sessions/{meeting.session.id}").status_code == 403


def test_only_the_chair_runs_the_session(meeting, as_user):
    member = as_user(meeting.members[1])
    response = member.post(f"/council/sessions/{meeting.session.id}/actions/open_attendance")
    assert response.status_code == 403
    assert CouncilSession.get_by_id(meeting.session.id).status == "draft"


def test_the_chair_opens_attendance_and_the_office_marks_members_present_with_htmx(meeting, as_user):
    chair = as_user(meeting.chair)
    assert chair.post(f"/council/sessions/{meeting.session.id}/actions/open_attendance").status_code == 303
    row = sessions.attendance_of(meeting.session)[1]
    office = as_user(meeting.office)
    response = office.post(f"/council/sessions/{meeting.session.id}/attendance/{row.id}", data={"present": "1"},
                           headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="att-{row.id}"' in fragment and "Đánh dấu vắng mặt" in fragment
    assert 'hx-swap-oob="true"' in fragment and "Có mặt: " in _text(response)


def test_voting_without_quorum_is_refused_with_the_numbers(app, meeting, as_user):
    with app.app_context():
        meeting.attend(present=1)
    chair = as_user(meeting.chair)
    response = chair.post(f"/council/sessions/{meeting.session.id}/actions/open_voting")
    assert response.status_code == 409
    assert "có mặt 1/3, cần ít nhất 2 thành viên" in _text(response)


def test_the_ballot_sheet_lists_every_line_and_the_review_stores_nothing(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
    member = as_user(meeting.members[1])
    page = _text(member.get(f"/council/sessions/{meeting.session.id}/ballot"))
    for n in meeting.nominations:
        assert n.person.full_name in page
    assert "Đã chọn 0/2 dòng" in page
    first = meeting.items()[0]
    review = member.post(f"/council/sessions/{meeting.session.id}/ballot/review", data={f"line-{first.id}": "yes"},
                         headers={"HX-Request": "true"})
    assert "Đã chọn 1/2 dòng" in _text(review) and "Còn 1 dòng chưa chọn" in _text(review)
    assert BallotReceipt.select().count() == 0


def test_a_member_submits_once_and_a_second_click_is_told_it_already_counted(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
    member = as_user(meeting.members[1])
    data = {"round": 1, **{f"line-{i.id}": "yes" for i in meeting.items()}}
    first = member.post(f"/council/sessions/{meeting.session.id}/ballot", data=data)
    second = member.post(f"/council/sessions/{meeting.session.id}/ballot", data=data)
    assert first.status_code == second.status_code == 303
    page = _text(member.get(first.headers["Location"]))
    assert "Phiếu của bạn đã được ghi nhận trước đó" in page and "Bạn đã gửi phiếu vòng 1" in page
    assert BallotReceipt.select().count() == 1


def test_a_blank_line_keeps_the_choices_made_and_says_what_is_missing(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
    member = as_user(meeting.members[1])
    first = meeting.items()[0]
    response = member.post(f"/council/sessions/{meeting.session.id}/ballot", data={"round": 1,
                                                                                  f"line-{first.id}": "no"})
    assert response.status_code == 422
    assert "Còn 1 dòng chưa chọn" in _text(response)
    assert re.search(rf'name="line-{first.id}" value="no" checked', response.get_data(as_text=True))


def test_progress_is_for_the_chair_and_office_only_and_shows_counts(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
        meeting.ballot(meeting.members[1], True, True)
    url = f"/council/sessions/{meeting.session.id}/progress?state=voting"
    assert as_user(meeting.members[2]).get(url).status_code == 403
    response = as_user(meeting.chair).get(url, headers={"HX-Request": "true"})
    assert "Đã gửi phiếu: 1/3" in _text(response) and "HX-Refresh" not in response.headers


def test_progress_asks_for_a_reload_once_the_state_moved_on(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
        meeting.close()
    response = as_user(meeting.office).get(f"/council/sessions/{meeting.session.id}/progress?state=voting",
                                           headers={"HX-Request": "true"})
    assert response.headers.get("HX-Refresh") == "true"


def test_results_minutes_and_the_units_view_after_close(app, meeting, as_user, make_user):
    with app.app_context():
        meeting.vote()
        for user in meeting.members:
            meeting.ballot(user, True, False)
        meeting.close()
    chair = as_user(meeting.chair)
    page = _text(chair.get(f"/council/sessions/{meeting.session.id}"))
    assert "Kết quả kiểm phiếu" in page and "3/3" in page and "0/3" in page
    docx = chair.get(f"/council/sessions/{meeting.session.id}/minutes.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    cells = " ".join(c.text for t in Document(io.BytesIO(docx.data)).tables for r in t.rows for c in r.cells)
    assert "BIÊN BẢN" in text and meeting.nominations[0].person.full_name in cells and "Không đạt" in cells
    head = make_user(roles.UNIT_HEAD, unit=meeting.unit)
    failed = Nomination.get_by_id(meeting.nominations[1].id)
    assert "Không được Hội đồng thông qua" in _text(as_user(head).get(f"/nominations/{failed.id}"))


def test_minutes_are_not_available_before_any_close(meeting, as_user):
    response = as_user(meeting.office).get(f"/council/sessions/{meeting.session.id}/minutes.pdf")
    assert response.status_code == 409


def test_the_paper_ballot_has_every_nominee_and_no_voter_name(app, meeting, as_user):
    with app.app_context():
        meeting.attend()
    response = as_user(meeting.office).get(f"/council/sessions/{meeting.session.id}/paper-ballot.docx")
    document = Document(io.BytesIO(response.data))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert all(n.person.full_name in cells for n in meeting.nominations)
    assert not any(u.full_name in cells for u in meeting.members)


def test_the_chair_orders_a_second_round_with_a_reason(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
        meeting.close()
    chair = as_user(meeting.chair)
    line = meeting.items()[1]
    refused = chair.post(f"/council/sessions/{meeting.session.id}/second-round", data={"items": [line.id],
                                                                                       "reason": ""})
    assert "Vui lòng ghi rõ lý do" in _text(chair.get(refused.headers["Location"]))
    done = chair.post(f"/council/sessions/{meeting.session.id}/second-round",
                      data={"items": [line.id], "reason": "Bổ sung thành tích, Hội đồng xét lại"})
    assert done.status_code == 303
    assert CouncilSession.get_by_id(meeting.session.id).round == 2
    assert AuditLog.select().where(AuditLog.action == "second_round").count() == 1


def test_the_office_enters_paper_counts_and_a_count_too_high_is_refused(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
    office = as_user(meeting.office)
    rows = {r.seat.user_id: r.id for r in sessions.attendance_of(meeting.session)}
    first, second = meeting.items()
    too_many = office.post(f"/council/sessions/{meeting.session.id}/paper", data={
        "voters": [rows[meeting.members[1].id]], f"yes-{first.id}": "2", f"no-{first.id}": "0"})
    assert too_many.status_code == 422 and "nhiều hơn 1 thành viên" in _text(too_many)
    ok = office.post(f"/council/sessions/{meeting.session.id}/paper", data={
        "voters": [rows[meeting.members[1].id], rows[meeting.members[2].id]],
        f"yes-{first.id}": "2", f"no-{first.id}": "0", f"yes-{second.id}": "1", f"no-{second.id}": "1"})
    assert ok.status_code == 303
    assert BallotReceipt.select().where(BallotReceipt.channel == "paper").count() == 2


def test_the_session_list_shows_state_and_time(meeting, as_user):
    page = _text(as_user(meeting.members[1]).get("/council/sessions"))
    assert meeting.session.title in page and "Đang chuẩn bị" in page and f"{MEETING:%d/%m/%Y}" in page


def test_the_inbox_asks_each_present_member_for_a_ballot_until_it_is_sent(app, meeting, as_user):
    with app.app_context():
        meeting.vote()
    member = as_user(meeting.members[1])
    assert "Phiếu bầu Hội đồng chờ gửi" in _text(member.get("/inbox"))
    with app.app_context():
        meeting.ballot(meeting.members[1], True, True)
    assert "Phiếu bầu Hội đồng chờ gửi" not in _text(member.get("/inbox"))


def test_the_inbox_shows_the_chair_the_session_to_run(meeting, as_user):
    assert "Phiên họp Hội đồng cần điều hành" in _text(as_user(meeting.chair).get("/inbox"))


def test_the_inbox_shows_the_office_verified_dossiers_not_yet_on_an_agenda(app, meeting, as_user):
    with app.app_context():
        verified(meeting.campaign, meeting.unit, meeting.office)
    page = _text(as_user(meeting.office).get("/inbox"))
    assert "Hồ sơ đã thẩm định chờ đưa ra Hội đồng" in page and ": 1 hồ sơ" in page


def test_the_office_posts_the_list_and_the_public_sees_it_without_sign_in(app, meeting, as_user, client, monkeypatch):
    import datetime
    from thidua import clock
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 12, 1))
    office = as_user(meeting.office)
    response = office.post(f"/council/sessions/{meeting.session.id}/notice")
    assert response.status_code == 303
    page = _text(office.get(f"/council/sessions/{meeting.session.id}"))
    assert "Công khai từ ngày" in page and "Chương trình họp không thay đổi được nữa" in page
    from thidua.models import PublicNotice
    notice = PublicNotice.get()
    public = _text(client.get(f"/cong-khai/thong-bao/{notice.id}"))
    assert all(n.person.full_name in public for n in meeting.nominations)
    assert "Danh sách đề nghị đang công khai" in _text(client.get("/cong-khai"))


def test_the_office_records_an_objection_with_clear_errors(app, meeting, as_user, monkeypatch):
    import datetime
    from thidua import clock
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 12, 1))
    office = as_user(meeting.office)
    office.post(f"/council/sessions/{meeting.session.id}/notice")
    bad = office.post(f"/council/sessions/{meeting.session.id}/objections", data={
        "received_on": "", "sender": "", "nomination_id": 0, "content": "", "handling": ""})
    assert bad.status_code == 422 and "Trường này là bắt buộc." in _text(bad)
    ok = office.post(f"/council/sessions/{meeting.session.id}/objections", data={
        "received_on": "2021-12-01", "sender": "Bà Lê Thị Góp Ý",
        "nomination_id": meeting.nominations[0].id, "content": "Đề nghị làm rõ thành tích năm nay", "handling": ""})
    assert ok.status_code == 303
    assert "Bà Lê Thị Góp Ý" in _text(office.get(f"/council/sessions/{meeting.session.id}"))


def _queries(app, client, url) -> int:
    from thidua.db import db
    real = db.obj.execute_sql
    count = 0

    def counting(*args, **kwargs):
        nonlocal count
        count += 1
        return real(*args, **kwargs)
    db.obj.execute_sql = counting
    try:
        assert client.get(url).status_code == 200
    finally:
        db.obj.execute_sql = real
    return count


@pytest.mark.parametrize("state", ["draft", "attendance"])
def test_the_session_page_makes_as_many_queries_for_twelve_dossiers_as_for_two(app, as_user, state):
    counts = []
    for dossiers in (2, 12):
        with app.app_context():
            m = Meeting(members=3, dossiers=dossiers)
            if state == "attendance":
                m.attend()
        counts.append(_queries(app, as_user(m.office), f"/council/sessions/{m.session.id}"))
    assert counts[0] == counts[1], counts
