"""Notifications on transitions: who is told (the next actors, the unit when a record comes back), in the app and
by e-mail through a real SMTP server on 127.0.0.1, after commit, and what happens when e-mail cannot go."""
import datetime

import pytest

from thidua import clock, create_app, roles, tasks, workflow
from thidua.db import db
from thidua.models import EmailLog, Notification, Registration, SessionAttendance, User
from thidua.notifications import mailer, transitions
from tests.campaign_factories import make_campaign, make_registration, person_in
from tests.factories import make_unit, make_user
from tests.notification_support import (BASE_URL, REFUSED_MARK, body_of, free_port, mail_config, mailbox,  # noqa: F401
                                        smtp_server)


@pytest.fixture
def app(database_url, smtp_server):
    app = create_app({**mail_config(smtp_server.port), "DATABASE_URL": database_url})
    with app.app_context():
        yield app
    if not db.is_closed():
        db.close()


@pytest.fixture
def setting(app, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    office = make_user(roles.OFFICE, full_name="Trần Thị Thu Hà")
    head = make_user(roles.UNIT_HEAD, unit=unit, full_name="Nguyễn Đức Lợi")
    staff = make_user(roles.UNIT_STAFF, unit=unit, full_name="K’ Thị Hồng")
    campaign = make_campaign(office, units=[unit])
    registration = make_registration(campaign, unit, staff, lines=[("individual", person_in(unit), "LDTT")])
    return {"unit": unit, "office": office, "head": head, "staff": staff, "campaign": campaign,
            "registration": registration}


def _notified(user) -> list[Notification]:
    return list(Notification.select().where(Notification.user == user.id))


def _submitted(setting) -> Registration:
    return workflow.apply(setting["registration"], "submit", setting["head"])


def test_every_transition_table_notifies_after_commit(app):
    from thidua import flows  # noqa: F401
    assert workflow.MACHINES
    for machine in workflow.MACHINES.values():
        assert transitions.on_transition in machine._after_commit, machine.object_type


def test_submitting_tells_the_office_in_the_app(setting):
    _submitted(setting)
    [note] = _notified(setting["office"])
    assert note.title == ("Bản đăng ký thi đua của Phòng Dân tộc huyện Tân Phú (01/KH-BDT): đã nộp, chờ duyệt"
                          .replace("01", f"{setting['campaign'].number:02d}"))
    assert note.url == f"/registrations/{setting['registration'].id}" and note.read_at is None
    assert "Nguyễn Đức Lợi" in note.body and "Việc này đang chờ bạn xử lý." in note.body


def test_the_actor_and_users_who_cannot_act_are_not_told(setting):
    leader = make_user(roles.LEADER)
    _submitted(setting)
    assert _notified(setting["head"]) == [] and _notified(setting["staff"]) == [] and _notified(leader) == []


def test_an_office_user_of_the_same_unit_is_not_told(setting):
    # available() refuses an office user the registration of their own unit: the bell agrees with the buttons.
    own_office = make_user(roles.OFFICE, unit=setting["unit"])
    _submitted(setting)
    assert _notified(own_office) == []


def test_an_inactive_office_user_is_not_told(setting):
    gone = make_user(roles.OFFICE, active=False)
    _submitted(setting)
    assert _notified(gone) == []


def test_the_office_receives_a_vietnamese_email_with_an_absolute_link(setting, mailbox):
    _submitted(setting)
    [message] = mailbox.to(setting["office"].email)
    assert message["Subject"].startswith("[Thi đua – Khen thưởng] Bản đăng ký thi đua của Phòng Dân tộc huyện Tân Phú")
    body = body_of(message)
    assert body.startswith("Kính gửi Trần Thị Thu Hà,")
    assert f"Xem chi tiết: {BASE_URL}/registrations/{setting['registration'].id}" in body
    assert EmailLog.get(EmailLog.to_address == setting["office"].email).status == "sent"


def test_returning_tells_the_unit_staff_and_head_with_the_comment(setting, mailbox):
    registration = _submitted(setting)
    workflow.apply(registration, "return", setting["office"], "Thiếu danh sách cá nhân đăng ký Chiến sĩ thi đua.")
    for user in (setting["staff"], setting["head"]):
        [note] = _notified(user)
        assert note.comment == "Thiếu danh sách cá nhân đăng ký Chiến sĩ thi đua." and "bị trả lại" in note.title
        [message] = mailbox.to(user.email)
        assert "Ý kiến kèm theo:\nThiếu danh sách cá nhân đăng ký Chiến sĩ thi đua." in body_of(message)


def test_a_user_who_turned_email_off_is_told_in_the_app_only(setting, mailbox):
    User.update(email_notifications=False).where(User.id == setting["office"].id).execute()
    _submitted(setting)
    assert len(_notified(setting["office"])) == 1
    assert mailbox.messages == [] and EmailLog.select().count() == 0


def test_a_user_without_an_address_is_told_in_the_app_and_the_outbox_says_why(setting, mailbox):
    User.update(email="").where(User.id == setting["office"].id).execute()
    _submitted(setting)
    assert len(_notified(setting["office"])) == 1 and mailbox.messages == []
    row = EmailLog.get()
    assert row.status == "skipped" and "chưa có địa chỉ thư điện tử" in row.last_error


def test_an_invalid_address_is_recorded_as_failed_without_sending(setting, mailbox):
    User.update(email="ha.vanphong@").where(User.id == setting["office"].id).execute()
    registration = _submitted(setting)
    assert registration.status == "submitted" and mailbox.messages == []
    row = EmailLog.get()
    assert row.status == "failed" and row.attempts == 0 and "không hợp lệ" in row.last_error


def test_a_recipient_the_server_refuses_fails_at_once(setting, mailbox):
    User.update(email=f"{REFUSED_MARK}@example.invalid").where(User.id == setting["office"].id).execute()
    _submitted(setting)
    row = EmailLog.get()
    assert row.status == "failed" and row.attempts == 1 and "550" in row.last_error
    assert tasks.huey.scheduled_count() == 0  # a permanent refusal is not tried again


def test_an_unreachable_mail_server_neither_blocks_nor_undoes_the_transition(setting, app):
    app.config.update(MAIL_PORT=free_port())  # nothing listens there
    registration = _submitted(setting)
    assert Registration.get_by_id(registration.id).status == "submitted"
    assert len(_notified(setting["office"])) == 1
    row = EmailLog.get()
    assert row.status == "failed" and row.attempts == 1 and "Không kết nối được máy chủ thư" in row.last_error


def test_a_temporary_failure_is_queued_to_try_again_later(setting, app):
    app.config.update(MAIL_PORT=free_port(), MAIL_RETRIES=3)
    tasks.huey.flush()
    _submitted(setting)
    row = EmailLog.get()
    assert row.status == "queued" and row.attempts == 1 and row.last_error
    [retry] = tasks.huey.scheduled()
    assert retry.args == (row.id,)


def test_a_retry_once_the_server_is_back_sends_the_email(setting, app, smtp_server, mailbox):
    app.config.update(MAIL_PORT=free_port(), MAIL_RETRIES=3)
    _submitted(setting)
    app.config.update(MAIL_PORT=smtp_server.port)
    row = EmailLog.get()
    assert mailer.deliver(row.id) is None
    row = EmailLog.get_by_id(row.id)
    assert row.status == "sent" and row.attempts == 2 and row.last_error == ""
    assert len(mailbox.to(setting["office"].email)) == 1


def test_a_sent_email_is_not_sent_twice_when_its_task_runs_again(setting, mailbox):
    _submitted(setting)
    tasks.send_email(EmailLog.get().id)
    assert len(mailbox.messages) == 1


def test_without_a_mail_server_notifications_stay_in_the_app(setting, app, mailbox):
    app.config.update(MAIL_SERVER="")
    _submitted(setting)
    assert len(_notified(setting["office"])) == 1 and EmailLog.select().count() == 0 and mailbox.messages == []


def test_inside_a_batch_nobody_is_told_before_the_commit(setting):
    with workflow.batch():
        _submitted(setting)
        assert Notification.select().count() == 0
    assert len(_notified(setting["office"])) == 1


def test_a_batch_that_rolls_back_tells_nobody(setting):
    with pytest.raises(RuntimeError), workflow.batch():
        _submitted(setting)
        raise RuntimeError("một bước sau thất bại")
    assert Registration.get_by_id(setting["registration"].id).status == "draft"
    assert Notification.select().count() == 0


def test_a_failure_while_notifying_does_not_turn_the_transition_into_an_error(setting, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")
    monkeypatch.setattr(transitions, "notify", broken)
    registration = _submitted(setting)
    assert Registration.get_by_id(registration.id).status == "submitted"


def test_publishing_a_plan_tells_the_users_of_the_addressed_units(app, mailbox):
    office = make_user(roles.OFFICE)
    unit, elsewhere = make_unit(), make_unit()
    staff, head = make_user(roles.UNIT_STAFF, unit=unit), make_user(roles.UNIT_HEAD, unit=unit)
    outsider = make_user(roles.UNIT_HEAD, unit=elsewhere)
    campaign = make_campaign(office, units=[unit], status="draft", registration_deadline=datetime.date(2099, 2, 15),
                             issued_on=datetime.date(2099, 1, 18), nomination_deadline=datetime.date(2099, 11, 30))
    workflow.apply(campaign, "publish", make_user(roles.OFFICE))
    for user in (staff, head):
        [note] = _notified(user)
        assert "đăng ký thi đua trước hạn 15/02/2099" in note.body
    assert _notified(outsider) == []


def test_submitting_a_decision_tells_the_leader(app, mailbox):
    from tests.decision_factories import SignOff
    sign_off = SignOff(dossiers=1)
    sign_off.submit()
    [note] = _notified(sign_off.leader)
    assert note.title.startswith("Quyết định khen thưởng") and note.title.endswith("chờ lãnh đạo ký")
    assert note.url == f"/decisions/{sign_off.decision.id}"


def test_opening_the_vote_tells_the_members_present(app):
    from tests.council_factories import Meeting
    meeting = Meeting(members=3, dossiers=1)
    meeting.attend(present=2)
    absent = meeting.members[2]
    SessionAttendance.update(present=False).where(SessionAttendance.seat.in_(
        [meeting.row_of(absent).seat_id])).execute()
    Notification.delete().execute()
    workflow.apply(meeting.session, "open_voting", meeting.chair)
    assert [n.body.splitlines()[-1] for n in _notified(meeting.members[1])] == [
        "Phiên họp đang bỏ phiếu: vui lòng gửi phiếu bầu."]
    assert _notified(absent) == [] and _notified(meeting.chair) == []


def test_an_email_whose_row_is_not_committed_yet_is_looked_for_again_later(app):
    tasks.send_email(987654)
    [again] = tasks.huey.scheduled()
    assert again.args == (987654, 1)
