"""Award decisions through their services: drafting from what the council passed, amounts, numbering at
signing (no gap, no duplicate, also under concurrency), delegation, refusals that leave no trace, history."""
import datetime
import threading

import pytest

from thidua import clock, roles
from thidua.db import db
from thidua.decisions import services
from thidua.forms_support import FieldError
from thidua.models import AuditLog, AwardRecord, Decision, Delegation, DocumentRegister, Nomination
from thidua.workflow import WorkflowError
from tests.decision_factories import SignOff, passed
from tests.factories import make_user

SIGNING_DAY = datetime.date(2021, 12, 28)


@pytest.fixture(autouse=True)
def context(app, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: SIGNING_DAY)
    with app.app_context():
        yield


def test_a_draft_holds_the_passed_dossiers_within_the_committees_authority(app):
    s = SignOff(dossiers=2)
    higher = passed(s.campaign, s.unit, s.office, "CSTDT")  # Chiến sĩ thi đua cấp tỉnh: the province decides
    ids = {ln.nomination_id for ln in services.lines_of(s.decision)}
    assert ids == {n.id for n in s.nominations} and higher.id not in ids
    proposal = services.create_draft(s.campaign, "proposal", None, s.office)
    assert [ln.nomination_id for ln in services.lines_of(proposal)] == [higher.id]


def test_a_dossier_is_on_one_living_decision_only(app):
    s = SignOff(dossiers=1)
    with pytest.raises(FieldError) as error:
        services.create_draft(s.campaign, "decision", None, s.office)
    assert "Không có hồ sơ nào" in error.value.message


def test_amounts_are_the_coefficient_times_the_base_salary_of_the_day(app):
    s = SignOff(dossiers=2)
    lines = services.lines_of(s.decision)
    money = services.amounts(s.decision, lines, SIGNING_DAY)
    assert money.base_salary == 1_490_000
    assert [money.per_line[ln.id] for ln in lines] == [450_000, 450_000] and money.total == 900_000


def test_signing_numbers_freezes_amounts_moves_dossiers_and_writes_history(app):
    s = SignOff(dossiers=2)
    s.submit()
    s.sign()
    d = Decision.get_by_id(s.decision.id)
    assert (d.status, d.number_symbol, d.signed_on, d.signer_title, d.total_amount) == (
        "signed", "01/QĐ-BDT", SIGNING_DAY, "TRƯỞNG BAN", 900_000)
    assert {n.status for n in Nomination.select()} == {"awarded"}
    records = list(AwardRecord.select().order_by(AwardRecord.id))
    assert [(r.award_code, r.year, r.decision_number, r.source) for r in records] == [
        ("LDTT", 2021, "01/QĐ-BDT", "decision")] * 2


def test_numbers_follow_each_other_per_type_and_year(app):
    s = SignOff(dossiers=1)
    s.submit()
    s.sign()
    second = SignOff(dossiers=1)
    second.submit()
    second.sign(user=s.leader)
    proposal_owner = SignOff(dossiers=1, code="CSTDT", kind="proposal")
    proposal_owner.submit()
    proposal_owner.sign(user=s.leader)
    assert [d.number_symbol for d in Decision.select().order_by(Decision.id)] == ["01/QĐ-BDT", "02/QĐ-BDT",
                                                                                 "01/TTr-BDT"]


def test_a_wrong_password_signs_nothing_and_takes_no_number(app):
    s = SignOff(dossiers=1)
    s.submit()
    with pytest.raises(FieldError) as error:
        s.sign(password="sai-mat-khau")
    assert "Mật khẩu không đúng" in error.value.message
    assert Decision.get_by_id(s.decision.id).status == "submitted"
    assert DocumentRegister.select().count() == 0
    s.sign()
    assert Decision.get_by_id(s.decision.id).number == 1


def test_signing_twice_is_refused_and_numbers_once(app):
    s = SignOff(dossiers=1)
    s.submit()
    stale = Decision.get_by_id(s.decision.id)
    s.sign()
    with pytest.raises(WorkflowError) as error:
        s.sign(decision=stale)
    assert error.value.code == 409
    assert DocumentRegister.get().last_number == 1


def test_a_dossier_changed_after_the_council_blocks_signing(app):
    s = SignOff(dossiers=1)
    s.submit()
    Nomination.update(version=Nomination.version + 1).execute()
    with pytest.raises(WorkflowError) as error:
        s.sign()
    assert "đã thay đổi sau khi Hội đồng xét" in error.value.message
    assert DocumentRegister.select().count() == 0


def test_no_base_salary_for_the_day_blocks_signing(app, monkeypatch):
    s = SignOff(dossiers=1)
    s.submit()
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2019, 6, 30))
    with pytest.raises(WorkflowError) as error:
        s.sign()
    assert "Chưa cấu hình mức lương cơ sở áp dụng cho ngày 30/06/2019" in error.value.message
    assert DocumentRegister.select().count() == 0


def test_a_decision_with_no_awardee_cannot_be_submitted(app):
    s = SignOff(dossiers=1)
    services.remove_line(s.decision, services.lines_of(s.decision)[0].id, s.office, None)
    with pytest.raises(WorkflowError) as error:
        s.submit(Decision.get_by_id(s.decision.id))
    assert "chưa có người, tập thể nào" in error.value.message


def test_a_deputy_signs_only_within_a_delegation_and_the_audit_keeps_both_names(app):
    s = SignOff(dossiers=1)
    s.submit()
    deputy = make_user(roles.LEADER, full_name="Điểu Văn Phó")
    Delegation.create(deputy=deputy, principal=s.leader, valid_from=datetime.date(2021, 1, 1),
                      valid_to=datetime.date(2021, 6, 30), created_by=s.office)
    with pytest.raises(WorkflowError) as error:
        s.sign(user=deputy)
    assert "chưa được ủy quyền ký thay" in error.value.message
    Delegation.create(deputy=deputy, principal=s.leader, valid_from=datetime.date(2021, 12, 1),
                      valid_to=datetime.date(2021, 12, 31), created_by=s.office)
    s.sign(user=deputy)
    d = Decision.get_by_id(s.decision.id)
    assert (d.signer_authority, d.signer_title, d.signed_by_id, d.on_behalf_of_id) == (
        "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", deputy.id, s.leader.id)
    entry = AuditLog.get(AuditLog.action == "number")
    assert "Điểu Văn Phó (ký thay Nguyễn Văn Khang)" in entry.comment


def test_the_leader_returns_a_draft_with_a_comment(app):
    from thidua import workflow
    s = SignOff(dossiers=1)
    s.submit()
    workflow.apply(s.decision, "return", s.leader, "Sửa trích yếu cho đúng tên danh hiệu")
    assert Decision.get_by_id(s.decision.id).return_comment == "Sửa trích yếu cho đúng tên danh hiệu"


def test_decisions_signed_at_the_same_moment_get_distinct_numbers_without_gaps(app):
    owners = [SignOff(dossiers=1) for _ in range(6)]
    for o in owners:
        o.submit()
    barrier = threading.Barrier(len(owners))
    errors: list[BaseException] = []

    def worker(o):
        try:
            with app.app_context(), db.connection_context():
                barrier.wait()
                services.sign(Decision.get_by_id(o.decision.id), o.leader, "MatKhau-2026")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(o,)) for o in owners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(d.number for d in Decision.select()) == [1, 2, 3, 4, 5, 6]
    assert DocumentRegister.get().last_number == 6


def _signed(dossiers: int = 2) -> SignOff:
    s = SignOff(dossiers=dossiers)
    s.submit()
    s.sign()
    return s


def test_a_revoking_decision_leaves_the_original_untouched_and_marks_the_history(app):
    from thidua import workflow
    s = _signed()
    original = Decision.get_by_id(s.decision.id)
    line = services.lines_of(original)[0]
    revoke = services.create_correction(original, "revoke", [line.id], "Phát hiện vi phạm kỷ luật sau khi khen",
                                        s.office)
    workflow.apply(revoke, "submit", s.office)
    services.sign(revoke, s.leader, "MatKhau-2026")
    assert Decision.get_by_id(original.id).number == 1 and Decision.get_by_id(revoke.id).number_symbol == "02/QĐ-BDT"
    assert Nomination.get_by_id(line.nomination_id).status == "not_awarded"
    revoked = AwardRecord.get(AwardRecord.person == line.nomination.person_id)
    assert revoked.removed_at is not None and revoked.decision_id == original.id
    other = AwardRecord.select().where(AwardRecord.person != line.nomination.person_id).get()
    assert other.removed_at is None


def test_a_correcting_decision_keeps_the_award(app):
    from thidua import workflow
    s = _signed(dossiers=1)
    original = Decision.get_by_id(s.decision.id)
    line = services.lines_of(original)[0]
    fix = services.create_correction(original, "correct", [line.id], "Sửa chức vụ: Phó Trưởng phòng", s.office)
    workflow.apply(fix, "submit", s.office)
    services.sign(fix, s.leader, "MatKhau-2026")
    assert Nomination.get_by_id(line.nomination_id).status == "awarded"
    assert AwardRecord.get().removed_at is None


def test_only_a_signed_decision_can_be_corrected(app):
    s = SignOff(dossiers=1)
    with pytest.raises(WorkflowError):
        services.create_correction(s.decision, "revoke", [], "Lý do đủ dài để ghi", s.office)


def test_a_leader_who_is_not_the_head_cannot_sign_without_a_delegation(app):
    s = SignOff(dossiers=1)
    s.submit()
    other_leader = make_user(roles.LEADER)
    with pytest.raises(WorkflowError) as error:
        s.sign(user=other_leader)
    assert error.value.code == 403 and "chưa được ủy quyền" in error.value.message
    assert DocumentRegister.select().count() == 0


def test_only_the_head_delegates(app):
    s = SignOff(dossiers=1)
    deputy, other = make_user(roles.LEADER), make_user(roles.LEADER)
    with pytest.raises(FieldError):
        services.add_delegation(deputy, other.id, "PHÓ TRƯỞNG BAN", SIGNING_DAY, SIGNING_DAY, "", deputy)
    services.add_delegation(s.leader, deputy.id, "PHÓ TRƯỞNG BAN", SIGNING_DAY, SIGNING_DAY, "", s.leader)


def test_a_delegation_ended_today_no_longer_lets_the_deputy_sign(app):
    s = SignOff(dossiers=1)
    s.submit()
    deputy = make_user(roles.LEADER)
    row = services.add_delegation(s.leader, deputy.id, "PHÓ TRƯỞNG BAN", SIGNING_DAY, SIGNING_DAY, "", s.leader)
    services.end_delegation(row, s.leader)
    with pytest.raises(WorkflowError):
        s.sign(user=deputy)


def test_a_new_head_ends_the_previous_term(app):
    from thidua.models import AgencyHead
    s = SignOff(dossiers=1)
    successor = make_user(roles.LEADER)
    services.set_head(successor, datetime.date(2021, 12, 20), s.office)
    assert AgencyHead.get(AgencyHead.user == s.leader).valid_to == datetime.date(2021, 12, 19)
    assert services.authority_of(successor, SIGNING_DAY).title == "TRƯỞNG BAN"
    with pytest.raises(WorkflowError):
        services.authority_of(s.leader, SIGNING_DAY)
