"""Deadline reminders: before the deadline to units that have not submitted, once after it to their heads, a
daily digest to the office; idempotent, never retroactive, safe while other work goes on."""
import datetime

import pytest
from peewee import OperationalError

from thidua import create_app, roles, tasks
from thidua.db import db
from thidua.models import (DeadlineExtension, EmailLog, Nomination, Notification, ReminderLog)
from thidua.notifications import reminders
from tests.campaign_factories import award, make_campaign, make_registration, person_in
from tests.factories import make_unit, make_user
from tests.notification_support import body_of, mail_config, mailbox, smtp_server  # noqa: F401

DEADLINE = datetime.date(2021, 2, 15)
PUBLISHED = datetime.datetime(2021, 1, 18, 9, 0)


@pytest.fixture
def app(database_url, smtp_server):
    app = create_app({**mail_config(smtp_server.port), "DATABASE_URL": database_url})
    with app.app_context():
        yield app
    if not db.is_closed():
        db.close()


class Plan:
    """A published plan addressed to two units (staff and head each), and the office."""

    def __init__(self, published_at=PUBLISHED, deadline=DEADLINE, nomination_deadline=None):
        self.office = make_user(roles.OFFICE, full_name="Trần Thị Thu Hà")
        self.unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
        self.other = make_unit(name="Phòng Dân tộc huyện Định Quán")
        self.staff = make_user(roles.UNIT_STAFF, unit=self.unit)
        self.head = make_user(roles.UNIT_HEAD, unit=self.unit)
        self.other_head = make_user(roles.UNIT_HEAD, unit=self.other)
        self.campaign = make_campaign(self.office, units=[self.unit, self.other], registration_deadline=deadline,
                                      nomination_deadline=nomination_deadline, published_at=published_at)

    def submit(self, unit):
        return make_registration(self.campaign, unit, self.office, status="submitted")


def notes(user, kind=None) -> list[Notification]:
    query = Notification.select().where(Notification.user == user.id)
    return list(query.where(Notification.kind == kind) if kind else query)


def on(days_before: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days_before)


def test_seven_days_before_the_staff_and_head_of_a_unit_that_has_not_registered_are_reminded(app):
    plan = Plan()
    summary = reminders.run(on(7))
    assert summary.reminders == 2
    for user in (plan.staff, plan.head):
        [note] = notes(user, "reminder")
        assert note.title == f"Nhắc hạn đăng ký thi đua: còn 7 ngày — kế hoạch {plan.campaign.number_symbol}"
        assert "Hạn đăng ký thi đua của Phòng Dân tộc huyện Tân Phú: 15/02/2021." in note.body
        assert "Đơn vị chưa lập bản đăng ký thi đua." in note.body


def test_a_unit_that_has_submitted_is_not_reminded(app):
    plan = Plan()
    plan.submit(plan.unit)
    reminders.run(on(3))
    assert notes(plan.staff) == [] and notes(plan.head) == [] and len(notes(plan.other_head)) == 1


def test_a_returned_registration_counts_as_not_submitted(app):
    plan = Plan()
    make_registration(plan.campaign, plan.unit, plan.staff, status="returned")
    reminders.run(on(1))
    [note] = notes(plan.head, "reminder")
    assert "bị trả lại, chưa nộp lại" in note.body


def test_running_twice_sends_nothing_twice(app, mailbox):
    plan = Plan()
    reminders.run(on(3))
    second = reminders.run(on(3))
    assert second.reminders == 0 and len(notes(plan.head)) == 1
    assert len(mailbox.to(plan.head.email)) == 1 and ReminderLog.select().count() == 2


def test_between_two_reminder_days_nothing_new_is_sent(app):
    plan = Plan()
    reminders.run(on(7))
    assert reminders.run(on(5)).reminders == 0 and len(notes(plan.head)) == 1


def test_a_missed_run_sends_only_the_nearest_reminder(app):
    plan = Plan()
    reminders.run(on(2))  # the 7- and 3-day runs did not happen
    [note] = notes(plan.head)
    assert "còn 2 ngày" in note.title
    assert {r.days_before for r in ReminderLog.select()} == {3}
    assert reminders.run(on(1)).reminders == 2  # the 1-day reminder still comes


def test_on_the_deadline_day_the_reminder_says_it_is_the_last_day(app):
    plan = Plan()
    reminders.run(on(0))
    [note] = notes(plan.head)
    assert "hôm nay là hạn cuối" in note.title


def test_a_deadline_already_passed_at_publication_gives_no_days_before_reminders(app):
    plan = Plan(published_at=datetime.datetime(2021, 3, 1, 9, 0))
    for day in (on(7), on(3), on(1), on(0)):
        reminders.run(day)
    assert Notification.select().where(Notification.kind == "reminder").count() == 0
    assert notes(plan.head, "reminder") == []


def test_reminder_days_before_the_publication_are_not_sent_after_it(app):
    plan = Plan(published_at=datetime.datetime(2021, 2, 13, 9, 0))  # two days before the deadline
    assert reminders.run(on(2)).reminders == 0  # the 7- and 3-day reminders' days had gone before publication
    assert reminders.run(on(1)).reminders == 2
    assert "còn 1 ngày" in notes(plan.head)[0].title


def test_an_extension_moves_the_units_deadline(app):
    plan = Plan()
    DeadlineExtension.create(campaign=plan.campaign, unit=plan.unit, until=datetime.date(2021, 2, 25),
                             reason="Đơn vị xin gia hạn", granted_by=plan.office,
                             granted_at=datetime.datetime(2021, 2, 10, 8, 0))
    reminders.run(datetime.date(2021, 2, 16))  # past the plan's deadline, not the unit's
    assert notes(plan.head, "overdue") == [] and len(notes(plan.other_head, "overdue")) == 1
    reminders.run(datetime.date(2021, 2, 22))
    [note] = notes(plan.head, "reminder")
    assert "còn 3 ngày" in note.title and "25/02/2021 (đã được gia hạn)" in note.body


def test_after_the_deadline_only_the_head_is_told_and_only_once(app):
    plan = Plan()
    reminders.run(datetime.date(2021, 2, 16))
    reminders.run(datetime.date(2021, 2, 17))
    [note] = notes(plan.head, "overdue")
    assert note.title == f"Quá hạn đăng ký thi đua — kế hoạch {plan.campaign.number_symbol}"
    assert "đã quá 1 ngày" in note.body and notes(plan.staff, "overdue") == []


def test_the_office_gets_one_digest_of_overdue_units_a_day(app, mailbox):
    plan = Plan()
    plan.submit(plan.other)
    reminders.run(datetime.date(2021, 2, 16))
    reminders.run(datetime.date(2021, 2, 16))
    [digest] = notes(plan.office, "digest")
    assert digest.title == "Tổng hợp ngày 16/02/2021: 1 đơn vị quá hạn"
    assert "Phòng Dân tộc huyện Tân Phú: quá hạn đăng ký thi đua 15/02/2021 (1 ngày)" in digest.body
    assert "Định Quán" not in digest.body
    [message] = mailbox.to(plan.office.email)
    assert "Tổng hợp ngày 16/02/2021" in message["Subject"] and "Tân Phú" in body_of(message)
    reminders.run(datetime.date(2021, 2, 17))
    assert len(notes(plan.office, "digest")) == 2


def test_no_digest_when_no_unit_is_overdue(app):
    plan = Plan()
    plan.submit(plan.unit)
    plan.submit(plan.other)
    assert reminders.run(datetime.date(2021, 2, 16)).digests == 0 and notes(plan.office) == []


def test_a_unit_without_a_submitted_dossier_is_reminded_of_the_nomination_deadline(app):
    plan = Plan(deadline=None, nomination_deadline=datetime.date(2021, 11, 30))
    Nomination.create(campaign=plan.campaign, unit=plan.other, subject="collective", subject_key=0,
                      award_kind=award("TTLDTT", plan.campaign), basis="cong_trang", status="submitted",
                      created_by=plan.office)
    reminders.run(datetime.date(2021, 11, 23))
    [note] = notes(plan.head)
    assert note.title.startswith("Nhắc hạn gửi hồ sơ đề nghị khen thưởng: còn 7 ngày")
    assert "chưa nộp hồ sơ đề nghị khen thưởng nào" in note.body and notes(plan.other_head) == []


def test_a_dossier_still_in_draft_is_reminded(app):
    plan = Plan(deadline=None, nomination_deadline=datetime.date(2021, 11, 30))
    person = person_in(plan.other)
    Nomination.create(campaign=plan.campaign, unit=plan.other, subject="individual", person=person,
                      subject_key=person.id, award_kind=award("LDTT", plan.campaign), basis="cong_trang",
                      created_by=plan.office)
    reminders.run(datetime.date(2021, 11, 29))
    [note] = notes(plan.other_head)
    assert "còn 1 hồ sơ đề nghị khen thưởng chưa nộp" in note.body


def test_draft_and_closed_plans_remind_nobody(app):
    office = make_user(roles.OFFICE)
    unit = make_unit()
    make_user(roles.UNIT_HEAD, unit=unit)
    make_campaign(office, units=[unit], status="draft")
    make_campaign(office, units=[unit], status="closed")
    summary = reminders.run(on(1))
    assert (summary.reminders, summary.overdue) == (0, 0) and Notification.select().count() == 0


def test_the_reminder_setting_chooses_the_days(app):
    plan = Plan()
    app.config.update(REMINDER_DAYS="10, 2, x")
    assert reminders.reminder_days() == [10, 2]
    assert reminders.run(on(7)).reminders == 2
    assert "còn 7 ngày" in notes(plan.head)[0].title
    assert {r.days_before for r in ReminderLog.select()} == {10}


def test_reminders_arrive_by_email_in_vietnamese(app, mailbox):
    plan = Plan()
    reminders.run(on(3))
    [message] = mailbox.to(plan.staff.email)
    assert message["Subject"] == f"[Thi đua – Khen thưởng] Nhắc hạn đăng ký thi đua: còn 3 ngày — kế hoạch " \
                                 f"{plan.campaign.number_symbol}"
    assert f"/campaigns/{plan.campaign.id}" in body_of(message)
    assert EmailLog.select().where(EmailLog.status == "sent").count() == 3  # staff, head; the other unit's head


def test_a_unit_that_submits_while_the_run_goes_on_is_not_reminded(app, monkeypatch):
    plan = Plan()
    real = reminders.open_work
    looks = []

    def submit_meanwhile(due):
        looks.append(due.unit.id)
        missing = real(due)
        if due.unit.id == plan.unit.id and looks.count(plan.unit.id) == 1:
            plan.submit(plan.unit)  # committed between the first look and the reminder's transaction
        return missing
    monkeypatch.setattr(reminders, "open_work", submit_meanwhile)
    summary = reminders.run(on(3))
    assert notes(plan.head) == [] and summary.reminders == 1
    assert ReminderLog.select().where(ReminderLog.unit == plan.unit.id).count() == 0


def test_a_database_error_on_one_reminder_leaves_it_for_the_next_run_and_sends_the_others(app, monkeypatch):
    plan = Plan()
    real = reminders.record
    calls = []

    def busy_once(pairs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(pairs)
    monkeypatch.setattr(reminders, "record", busy_once)
    summary = reminders.run(on(3))
    assert (summary.reminders, summary.failed) == (1, 1)
    assert reminders.run(on(3)).reminders == 1  # the one that failed goes on the next run
    assert len(notes(plan.head)) == 1 and len(notes(plan.other_head)) == 1


def test_the_cli_command_runs_the_reminders_of_a_given_day(app):
    plan = Plan()
    result = app.test_cli_runner().invoke(args=["remind", "--date", "2021-02-12"])
    assert result.exit_code == 0, result.output
    assert "Nhắc hạn: 2 lời nhắc trước hạn" in result.output  # one per unit
    assert len(notes(plan.head)) == 1


def test_the_worker_runs_the_reminders_every_day_at_seven(app):
    assert tasks.daily_reminders.s().validate_datetime(datetime.datetime(2021, 2, 8, 7, 0))
    assert not tasks.daily_reminders.s().validate_datetime(datetime.datetime(2021, 2, 8, 8, 0))


def test_the_workers_task_sends_the_days_reminders(app, monkeypatch):
    from thidua import clock
    plan = Plan()
    monkeypatch.setattr(clock, "today", lambda: on(7))
    tasks.daily_reminders.call_local()
    assert len(notes(plan.head)) == 1


def test_a_run_while_another_transaction_holds_the_database_does_not_crash(app, database_url):
    import sqlite3
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's database-wide write lock")
    plan = Plan()
    db.execute_sql("PRAGMA busy_timeout = 50")  # do not wait the usual 10 s for the lock in a test
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    other.execute("BEGIN IMMEDIATE")  # a transition is writing right now
    try:
        summary = reminders.run(on(3))
    finally:
        other.rollback()
        other.close()
    assert (summary.reminders, summary.failed) == (0, 2) and Notification.select().count() == 0
    assert reminders.run(on(3)).reminders == 2 and len(notes(plan.head)) == 1
