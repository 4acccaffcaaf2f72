"""The workflow engine over the registration table: edges, roles, guards, comments, staleness, history."""
import datetime

import pytest

from thidua import clock, roles, workflow
from thidua.flows import REGISTRATION
from thidua.models import AuditLog, Registration
from thidua.workflow import WorkflowError
from tests.campaign_factories import make_campaign, make_registration, person_in


@pytest.fixture
def setting(app, make_user, make_unit, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    office = make_user(roles.OFFICE)
    head = make_user(roles.UNIT_HEAD, unit=unit)
    staff = make_user(roles.UNIT_STAFF, unit=unit)
    campaign = make_campaign(office, units=[unit])
    person = person_in(unit)
    registration = make_registration(campaign, unit, staff, lines=[("individual", person, "LDTT")])
    return {"unit": unit, "office": office, "head": head, "staff": staff, "campaign": campaign,
            "registration": registration}


EXPECTED = {
    # (state, role) -> actions available
    ("draft", roles.UNIT_HEAD): {"submit"},
    ("draft", roles.UNIT_STAFF): set(),
    ("draft", roles.OFFICE): set(),
    ("returned", roles.UNIT_HEAD): {"submit"},
    ("submitted", roles.UNIT_HEAD): set(),
    ("submitted", roles.OFFICE): {"accept", "return"},
    ("submitted", roles.LEADER): set(),
    ("accepted", roles.OFFICE): set(),
    ("accepted", roles.UNIT_HEAD): set(),
}


@pytest.mark.parametrize("state,role", list(EXPECTED))
def test_available_actions_per_state_and_role(setting, make_user, make_unit, state, role):
    registration = setting["registration"]
    Registration.update(status=state).where(Registration.id == registration.id).execute()
    registration = Registration.get_by_id(registration.id)
    own_unit = role in (roles.UNIT_HEAD, roles.UNIT_STAFF)
    user = make_user(role, unit=setting["unit"] if own_unit else make_unit())
    assert {t.action for t in workflow.available(registration, user)} == EXPECTED[(state, role)]


def test_a_head_of_another_unit_cannot_submit(setting, make_user, make_unit):
    stranger = make_user(roles.UNIT_HEAD, unit=make_unit())
    with pytest.raises(WorkflowError) as error:
        workflow.apply(setting["registration"], "submit", stranger)
    assert error.value.code == 403


def test_submit_writes_one_history_row_with_who_and_states(setting):
    registration = workflow.apply(setting["registration"], "submit", setting["head"])
    assert registration.status == "submitted" and registration.submitted_at is not None
    entry = AuditLog.get(AuditLog.object_type == "registration", AuditLog.action == "submit")
    assert (entry.actor_id, entry.state_before, entry.state_after) == (setting["head"].id, "draft", "submitted")


def test_an_action_from_the_wrong_state_is_a_conflict(setting):
    with pytest.raises(WorkflowError) as error:
        workflow.apply(setting["registration"], "accept", setting["office"])
    assert error.value.code == 409 and "Đang soạn" in error.value.message


def test_return_needs_a_comment(setting):
    registration = workflow.apply(setting["registration"], "submit", setting["head"])
    with pytest.raises(WorkflowError) as error:
        workflow.apply(registration, "return", setting["office"], "  ")
    assert error.value.code == 422
    assert Registration.get_by_id(registration.id).status == "submitted"


def test_return_keeps_the_comment_for_the_unit(setting):
    registration = workflow.apply(setting["registration"], "submit", setting["head"])
    workflow.apply(registration, "return", setting["office"], "Thiếu tập thể đơn vị.")
    assert Registration.get_by_id(registration.id).return_comment == "Thiếu tập thể đơn vị."


def test_a_stale_copy_cannot_win(setting):
    fresh = setting["registration"]
    stale = Registration.get_by_id(fresh.id)
    workflow.apply(fresh, "submit", setting["head"])
    workflow.apply(fresh, "accept", setting["office"])
    stale.status = "submitted"  # what a second browser tab still believes
    with pytest.raises(WorkflowError) as error:
        workflow.apply(stale, "return", setting["office"], "trả lại")
    assert error.value.code == 409
    assert Registration.get_by_id(fresh.id).status == "accepted"


def test_guard_refuses_an_empty_registration(setting, make_unit):
    empty = make_registration(setting["campaign"], make_unit(), setting["staff"])
    head = setting["head"]
    head.unit = empty.unit_id
    with pytest.raises(WorkflowError) as error:
        workflow.apply(empty, "submit", head)
    assert "chưa có dòng nào" in error.value.message


def test_every_state_of_the_table_has_a_label():
    for t in REGISTRATION.transitions:
        for state in t.sources + (t.target,):
            assert state in REGISTRATION.states


def test_a_line_changed_after_the_page_was_drawn_makes_the_submit_button_stale(setting):
    from thidua.registrations import services
    head_view = Registration.get_by_id(setting["registration"].id)   # the head's page
    staff_view = Registration.get_by_id(setting["registration"].id)
    line = staff_view.lines.get()
    services.remove_line(staff_view, line, setting["staff"])          # staff empties it meanwhile
    with pytest.raises(WorkflowError) as error:
        workflow.apply(head_view, "submit", setting["head"])
    assert error.value.code == 409
    assert Registration.get_by_id(head_view.id).status == "draft"


def test_a_button_on_an_out_of_date_page_does_not_act(setting):
    registration = Registration.get_by_id(setting["registration"].id)
    seen = registration.version
    workflow.apply(registration, "submit", setting["head"])
    workflow.apply(registration, "return", setting["office"], "Sửa lại")
    workflow.apply(registration, "submit", setting["head"])
    with pytest.raises(WorkflowError) as error:   # the office's old page still shows "Chấp nhận"
        workflow.apply(registration, "accept", setting["office"], expected_version=seen + 1)
    assert error.value.code == 409
    assert Registration.get_by_id(registration.id).status == "submitted"


def test_lines_cannot_change_once_the_campaign_is_closed(setting):
    from thidua.models import Campaign
    from thidua.registrations import services
    Campaign.update(status="closed").where(Campaign.id == setting["campaign"].id).execute()
    registration = Registration.get_by_id(setting["registration"].id)
    with pytest.raises(WorkflowError) as error:
        services.remove_line(registration, registration.lines.get(), setting["staff"])
    assert error.value.code == 409 and "đã kết thúc" in error.value.message


def test_submit_refuses_a_line_whose_entry_was_retired_since(setting):
    from thidua.models import AwardKind, RegistrationLine
    line = RegistrationLine.get(RegistrationLine.registration == setting["registration"])
    AwardKind.update(active=False).where(AwardKind.id == line.award_kind_id).execute()
    with pytest.raises(WorkflowError) as error:
        workflow.apply(Registration.get_by_id(setting["registration"].id), "submit", setting["head"])
    assert "đã ngừng áp dụng" in error.value.message


def test_an_office_user_of_the_same_unit_cannot_judge_its_registration(setting, make_user):
    both = make_user(roles.OFFICE, roles.UNIT_HEAD, unit=setting["unit"])
    registration = workflow.apply(setting["registration"], "submit", both)
    assert {t.action for t in workflow.available(registration, both)} == set()
    with pytest.raises(WorkflowError) as error:
        workflow.apply(registration, "accept", both)
    assert error.value.code == 403


def test_audited_actions_read_in_vietnamese():
    from thidua.audit import action_label
    assert action_label("return", "registration") == "Trả lại để sửa"
    assert action_label("publish", "campaign") == "Ban hành kế hoạch"
    assert action_label("add_line", "registration") == "Thêm dòng đăng ký"


def test_a_batch_and_a_single_step_on_the_same_record_queue_instead_of_deadlocking(app, make_user, make_unit,
                                                                                    monkeypatch):
    """A batch holds the audit chain while it moves record after record; someone acting alone on one of its later
    records must wait for the batch and then be told the record changed — not lock that record first and leave
    the two waiting on each other (PostgreSQL would fail one of them as a deadlock)."""
    import threading
    import time

    from thidua.db import db
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    office = make_user(roles.OFFICE)
    colleague = make_user(roles.OFFICE)
    units = [make_unit(), make_unit()]
    campaign = make_campaign(office, units=units)
    first, second = (make_registration(campaign, unit, office, status="submitted",
                                       lines=[("individual", person_in(unit), "LDTT")]) for unit in units)
    seen_by_colleague = Registration.get_by_id(second.id)
    batch_started, outcome = threading.Event(), {}

    def run(name, job):
        db.connect(reuse_if_open=True)
        try:
            job()
            outcome[name] = "done"
        except WorkflowError as error:
            outcome[name] = error.code
        except Exception as error:  # noqa: BLE001 — a deadlock is the failure this test is about
            outcome[name] = repr(error)
        finally:
            batch_started.set()
            db.close()

    def batch():
        with workflow.batch():
            workflow.apply(Registration.get_by_id(first.id), "accept", office)
            batch_started.set()
            time.sleep(1.5)  # the colleague's step is under way meanwhile (PostgreSQL's deadlock check runs at 1 s)
            workflow.apply(Registration.get_by_id(second.id), "accept", office)

    def single():
        batch_started.wait(10)
        workflow.apply(seen_by_colleague, "return", colleague, comment="Thiếu báo cáo thành tích.")

    threads = [threading.Thread(target=run, args=(name, job)) for name, job in (("batch", batch), ("single", single))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"batch": "done", "single": 409}
    assert Registration.get_by_id(second.id).status == "accepted"
