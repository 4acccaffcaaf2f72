"""Public notice before the council meets: working days, the gate on opening the session, frozen agenda,
objections recorded for the council and its minutes."""
import datetime

import pytest

from thidua import clock
from thidua.council import notices, sessions
from thidua.forms_support import FieldError
from thidua.models import CouncilSession
from thidua.workflow import WorkflowError
from tests.council_factories import MEETING, Meeting, set_rule, verified

POSTED = datetime.date(2021, 12, 1)  # a Wednesday


@pytest.fixture(autouse=True)
def context(app, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: POSTED)
    with app.app_context():
        yield


def test_working_days_skip_weekends_and_configured_holidays():
    off = {datetime.date(2021, 12, 6)}
    # Wed 1, Thu 2, Fri 3, (weekend), Mon 6 is a holiday, Tue 7, Wed 8.
    assert notices.last_working_day(POSTED, 5, off) == datetime.date(2021, 12, 8)
    assert notices.last_working_day(datetime.date(2021, 12, 4), 1, set()) == datetime.date(2021, 12, 6)


def test_a_required_posting_gates_the_opening_of_the_session(app, monkeypatch):
    m = Meeting(members=3, dossiers=1)
    set_rule(m.campaign, "LDTT", notice_working_days=3)
    with pytest.raises(WorkflowError) as error:
        sessions.act(m.session, "open_attendance", m.chair)
    assert "phải được công khai ít nhất 3 ngày làm việc" in error.value.message
    notice = notices.post(CouncilSession.get_by_id(m.session.id), m.office)
    assert (notice.working_days, notice.ends_on) == (3, datetime.date(2021, 12, 3))
    session = CouncilSession.get_by_id(m.session.id)
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 12, 3))
    with pytest.raises(WorkflowError) as error:
        sessions.act(session, "open_attendance", m.chair)
    assert "đang được công khai đến hết ngày 03/12/2021" in error.value.message
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 12, 6))
    sessions.act(CouncilSession.get_by_id(m.session.id), "open_attendance", m.chair)


def test_a_meeting_inside_the_posting_period_is_refused(app):
    m = Meeting(members=3, dossiers=1)
    set_rule(m.campaign, "LDTT", notice_working_days=10)
    CouncilSession.update(meets_at=datetime.datetime(2021, 12, 10, 8, 0)).execute()
    with pytest.raises(FieldError) as error:
        notices.post(CouncilSession.get_by_id(m.session.id), m.office)
    assert "phải sau ngày đó" in error.value.message


def test_the_agenda_is_frozen_once_posted(app):
    m = Meeting(members=3, dossiers=1)
    notices.post(m.session, m.office)
    verified(m.campaign, m.unit, m.office)
    with pytest.raises(WorkflowError) as error:
        sessions.refresh_agenda(CouncilSession.get_by_id(m.session.id), m.office)
    assert "đã được công khai" in error.value.message


def test_objections_are_recorded_and_reach_the_minutes(app, monkeypatch):
    from thidua.council.minutes import build_minutes
    m = Meeting(members=3, dossiers=1)
    notice = notices.post(m.session, m.office)
    nomination = m.nominations[0]
    with pytest.raises(FieldError):
        notices.record_objection(notice, {"sender": "Ông A", "content": "ngắn", "received_on": POSTED}, m.office)
    notices.record_objection(notice, {"sender": "Ông Trần Văn Dân", "content": "Đề nghị xem lại thời gian công tác",
                                      "received_on": POSTED, "nomination_id": nomination.id,
                                      "handling": "Đã đối chiếu hồ sơ, đủ điều kiện."}, m.office)
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 12, 20))
    m.session = CouncilSession.get_by_id(m.session.id)
    m.vote()
    m.close()
    doc = build_minutes(CouncilSession.get_by_id(m.session.id))
    text = "\n".join(doc.agenda)
    assert "nhận được 1 ý kiến" in text and "Ông Trần Văn Dân" in text and nomination.person.full_name in text
    assert MEETING.date() > notice.ends_on
