"""Nomination dossiers: proposing, the checklist, the rules, the office's check with per-component comments."""
import datetime
import io

import pytest

from thidua import clock, roles
from thidua.models import AnnualRating, AuditLog, AwardRecord, ComponentComment, Initiative, Nomination
from tests.attachment_samples import pdf_bytes
from tests.campaign_factories import award, make_campaign, person_in

GENERAL = ("to_trinh", "bao_cao_thanh_tich", "bien_ban")


@pytest.fixture
def world(app, make_unit, make_user, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2024, 11, 1))
    tp = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    dq = make_unit(name="Phòng Dân tộc huyện Định Quán")
    vp = make_unit(name="Văn phòng Ban", kind="department")
    office = make_user(roles.OFFICE, unit=vp)
    campaign = make_campaign(office, units=[tp, dq], issued_on=datetime.date(2024, 1, 10),
                             registration_deadline=datetime.date(2024, 2, 15),
                             nomination_deadline=datetime.date(2024, 11, 30))
    sang = person_in(tp, "Điểu Văn Sang", employed_since=datetime.date(2015, 3, 1))
    AwardRecord.create(subject="individual", person=sang, award_code="LDTT", award_name="Lao động tiên tiến",
                       year=2024, decision_number="12/QĐ-BDT", decided_by="Ban Dân tộc", source="manual")
    AnnualRating.create(person=sang, year=2024, rating="good")  # not "excellent": CSTĐ cơ sở needs an initiative
    return {"campaign": campaign, "tp": tp, "dq": dq, "office": office, "sang": sang,
            "stranger": person_in(dq, "Trần Văn Lạ"),
            "staff": make_user(roles.UNIT_STAFF, unit=tp), "head": make_user(roles.UNIT_HEAD, unit=tp),
            "other_staff": make_user(roles.UNIT_STAFF, unit=dq)}


def as_user(app, sign_in, user):
    the_client = app.test_client()
    sign_in(user, the_client=the_client)
    return the_client


def propose(client, world, code="CSTDCS", person=None, subject="individual", basis="cong_trang"):
    person = world["sang"] if person is None and subject == "individual" else person
    return client.post(f"/nominations/new/{world['campaign'].id}", data={
        "subject": subject, "person_id": str(person.id) if person else "",
        "award_kind_id": str(award(code, world["campaign"]).id), "basis": basis, "summary": "Hoàn thành tốt."})


def upload(client, nomination, component, name=None):
    return client.post(f"/nominations/{nomination.id}/files/{component}", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(pdf_bytes()), name or f"{component}.pdf")})


def test_a_unit_proposes_and_sees_the_checklist_of_its_award(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    assert propose(staff, world).status_code == 303
    nomination = Nomination.get()
    page = staff.get(f"/nominations/{nomination.id}").get_data(as_text=True)
    for label in ("Tờ trình", "Báo cáo thành tích", "Biên bản họp bình xét", "Giấy chứng nhận sáng kiến"):
        assert label in page
    assert "Còn thiếu: " in page


def test_the_same_person_cannot_be_proposed_twice_for_one_award(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    propose(staff, world)
    again = propose(staff, world)
    assert again.status_code == 422
    assert "Điểu Văn Sang đã có hồ sơ đề nghị “Chiến sĩ thi đua cơ sở”" in again.get_data(as_text=True)
    assert Nomination.select().count() == 1


def test_a_person_of_another_unit_cannot_be_proposed(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    response = propose(staff, world, person=world["stranger"])
    assert response.status_code == 422 and "Trần Văn Lạ" not in response.get_data(as_text=True)
    assert Nomination.select().count() == 0


def test_nothing_is_proposed_under_a_closed_campaign(app, sign_in, world):
    from thidua.models import Campaign
    Campaign.update(status="closed").where(Campaign.id == world["campaign"].id).execute()
    staff = as_user(app, sign_in, world["staff"])
    assert propose(staff, world).status_code in (404, 409, 422)
    assert Nomination.select().count() == 0


def test_an_incomplete_dossier_cannot_be_submitted(app, sign_in, world):
    staff, head = as_user(app, sign_in, world["staff"]), as_user(app, sign_in, world["head"])
    propose(staff, world)
    nomination = Nomination.get()
    upload(staff, nomination, "to_trinh")
    response = head.post(f"/nominations/{nomination.id}/actions/submit")
    assert response.status_code == 409
    assert "Hồ sơ còn thiếu: Báo cáo thành tích" in response.get_data(as_text=True)


def _submitted(app, sign_in, world, code="CSTDCS"):
    staff, head = as_user(app, sign_in, world["staff"]), as_user(app, sign_in, world["head"])
    propose(staff, world, code=code)
    nomination = Nomination.select().order_by(Nomination.id.desc()).first()
    for component in GENERAL + (("sang_kien",) if code.startswith("CSTD") else ()):
        upload(staff, nomination, component)
    assert head.post(f"/nominations/{nomination.id}/actions/submit").status_code == 303
    return nomination, staff, head


def test_a_failed_rule_blocks_verification_and_is_shown_with_its_article(app, sign_in, world):
    nomination, _, _ = _submitted(app, sign_in, world)
    office = as_user(app, sign_in, world["office"])
    page = office.get(f"/nominations/{nomination.id}").get_data(as_text=True)
    assert "Không đạt" in page and "Điều 23" in page
    response = office.post(f"/nominations/{nomination.id}/actions/verify")
    assert response.status_code == 409 and "Không đạt tiêu chuẩn" in response.get_data(as_text=True)
    assert Nomination.get_by_id(nomination.id).status == "submitted"


def test_return_with_a_comment_on_a_component_then_fix_and_verify(app, sign_in, world):
    nomination, staff, head = _submitted(app, sign_in, world)
    office = as_user(app, sign_in, world["office"])
    office.post(f"/nominations/{nomination.id}/return",
                data={"comment_sang_kien": "Chưa có quyết định công nhận sáng kiến.", "comment": ""})
    assert Nomination.get_by_id(nomination.id).status == "returned"
    page = staff.get(f"/nominations/{nomination.id}").get_data(as_text=True)
    assert "Ý kiến Văn phòng: Chưa có quyết định công nhận sáng kiến." in page
    upload(staff, nomination, "sang_kien", "Quyết định công nhận sáng kiến.pdf")
    assert ComponentComment.get().resolved is True
    head.post(f"/nominations/{nomination.id}/actions/submit")
    office.post(f"/nominations/{nomination.id}/initiative", data={
        "title": "Số hóa hồ sơ chính sách dân tộc", "scope": "co_so", "recognised_by": "Hội đồng sáng kiến Ban",
        "recognised_on": "2024-06-15", "decision_number": "45/QĐ-BDT"})
    assert Initiative.get().person_id == world["sang"].id
    response = office.post(f"/nominations/{nomination.id}/actions/verify")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert Nomination.get_by_id(nomination.id).status == "verified"


def test_a_warning_needs_a_written_reason_which_is_kept(app, sign_in, world):
    nomination, _, _ = _submitted(app, sign_in, world, code="GK")  # Giấy khen: checked by hand, a warning
    office = as_user(app, sign_in, world["office"])
    refused = office.post(f"/nominations/{nomination.id}/actions/verify", data={"comment": ""})
    assert refused.status_code == 409 and "ghi rõ lý do" in refused.get_data(as_text=True)
    office.post(f"/nominations/{nomination.id}/actions/verify", data={"comment": "Đã đối chiếu biên bản."})
    nomination = Nomination.get_by_id(nomination.id)
    assert nomination.status == "verified" and nomination.override_reason == "Đã đối chiếu biên bản."
    entry = AuditLog.get(AuditLog.object_type == "nomination", AuditLog.action == "verify")
    assert entry.comment == "Đã đối chiếu biên bản."


def test_another_unit_sees_neither_the_dossier_nor_its_files(app, sign_in, world):
    nomination, staff, _ = _submitted(app, sign_in, world)
    from thidua.models import Attachment
    file_id = Attachment.select().where(Attachment.owner_type == "nomination").first().id
    other = as_user(app, sign_in, world["other_staff"])
    assert other.get(f"/nominations/{nomination.id}").status_code == 404
    assert other.get(f"/files/{file_id}").status_code == 404
    assert "Điểu Văn Sang" not in other.get("/nominations?status=all").get_data(as_text=True)


def test_the_office_inbox_lists_dossiers_to_check(app, sign_in, world):
    _submitted(app, sign_in, world)
    office = as_user(app, sign_in, world["office"])
    page = office.get("/inbox").get_data(as_text=True)
    assert "Hồ sơ đề nghị khen thưởng chờ thẩm định" in page and "Điểu Văn Sang" in page


def test_bulk_verify_takes_clean_dossiers_and_leaves_the_others(app, sign_in, world):
    nomination, _, _ = _submitted(app, sign_in, world)  # fails a rule: no initiative
    office = as_user(app, sign_in, world["office"])
    office.post("/nominations/verify", data={"ids": [f"{nomination.id}:{nomination.version}"]})
    assert Nomination.get_by_id(nomination.id).status == "submitted"


@pytest.mark.parametrize("who", ["staff", "head", "office"])
def test_the_dossier_list_opens_for_each_role(app, sign_in, world, who):
    _submitted(app, sign_in, world)
    page = as_user(app, sign_in, world[who]).get("/nominations")
    assert page.status_code == 200 and "Điểu Văn Sang" in page.get_data(as_text=True)
    if who == "office":
        assert 'name="ids"' in page.get_data(as_text=True)  # the queue offers bulk verification


def test_an_unsent_draft_does_not_carry_another_dossier_past_a_rule(app, sign_in, world):
    AwardRecord.delete().execute()  # Sang has no LĐTT for 2024 now
    staff = as_user(app, sign_in, world["staff"])
    propose(staff, world, code="LDTT")  # a draft, never sent
    nomination, _, _ = _submitted(app, sign_in, world)
    from thidua.nominations.checks import rule_results
    ldtt = next(r for r in rule_results(Nomination.get_by_id(nomination.id)) if r.code == "CSTDCS_LDTT")
    assert ldtt.status == "fail"


def test_the_it_admin_cannot_download_dossier_files_of_its_own_unit(app, sign_in, world, make_user):
    nomination, _, _ = _submitted(app, sign_in, world)
    from thidua.models import Attachment
    admin = as_user(app, sign_in, make_user(roles.ADMIN, unit=world["tp"]))
    assert admin.get(f"/files/{Attachment.select().first().id}").status_code == 404


def test_a_file_cannot_be_removed_once_the_dossier_is_submitted(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    propose(staff, world)
    nomination = Nomination.get()
    for component in GENERAL + ("sang_kien",):
        upload(staff, nomination, component)
    from thidua.attachments import service as attachments
    from thidua.models import Attachment
    from thidua.workflow import WorkflowError
    file_row = Attachment.select().first()
    Nomination.update(status="submitted").where(Nomination.id == nomination.id).execute()
    with app.test_request_context():
        with pytest.raises((WorkflowError, attachments.AttachmentError)):
            attachments.remove(file_row, world["staff"])
    assert Attachment.get_by_id(file_row.id).removed_at is None


def test_a_file_for_a_component_the_award_does_not_need_is_refused(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    propose(staff, world, code="LDTT")  # a title: no "xác nhận đột xuất"
    nomination = Nomination.get()
    response = upload(staff, nomination, "xac_nhan_dot_xuat")
    assert response.status_code == 422
    assert "không có thành phần đó" in response.get_data(as_text=True)


def test_the_office_records_initiatives_only_on_a_submitted_dossier(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    propose(staff, world)
    nomination = Nomination.get()
    office = as_user(app, sign_in, world["office"])
    response = office.post(f"/nominations/{nomination.id}/initiative", data={
        "title": "Sáng kiến", "scope": "co_so", "recognised_by": "Hội đồng", "recognised_on": "2024-06-15",
        "decision_number": "1/QĐ"})
    assert response.status_code == 409 and not Initiative.select().exists()


def test_bulk_verify_verifies_a_clean_dossier_as_the_list_showed_it(app, sign_in, world):
    from thidua.models import AnnualRating
    AnnualRating.update(rating="excellent").execute()  # CSTĐ cơ sở: LĐTT + excellent rating, nothing to weigh
    nomination, _, _ = _submitted(app, sign_in, world)
    nomination = Nomination.get_by_id(nomination.id)
    office = as_user(app, sign_in, world["office"])
    office.post("/nominations/verify", data={"ids": [f"{nomination.id}:{nomination.version - 1}"]})
    assert Nomination.get_by_id(nomination.id).status == "submitted"  # stale: changed since the list was drawn
    office.post("/nominations/verify", data={"ids": [f"{nomination.id}:{nomination.version}"]})
    assert Nomination.get_by_id(nomination.id).status == "verified"


def test_the_cap_of_the_old_regime_is_shown_beside_a_cstd_co_so_dossier(app, sign_in, world, make_user):
    """Under Decree 91/2017 CSTĐ cơ sở may not exceed 15% of a unit's LĐTT: one LĐTT allows none."""
    from thidua.models import Campaign, LegalRegime
    Campaign.update(year=2021, regime=LegalRegime.get(code="LAW2003_ND91")).execute()
    world["campaign"] = Campaign.get_by_id(world["campaign"].id)
    AwardRecord.update(year=2021).execute()
    nomination, _, _ = _submitted(app, sign_in, world)
    page = as_user(app, sign_in, world["office"]).get(f"/nominations/{nomination.id}").get_data(as_text=True)
    assert "Tỷ lệ của cả đợt đề nghị của đơn vị" in page and "Vượt giới hạn" in page
