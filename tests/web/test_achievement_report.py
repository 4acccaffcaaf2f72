"""The achievement report (báo cáo thành tích) written in the app: the form after the official template for
individuals and collectives, the .docx it produces (read back with python-docx), the checklist it satisfies,
who may write or read it."""
import datetime
import io

import pytest
from docx import Document

from thidua import clock, roles
from thidua.models import AchievementReport, Attachment, AuditLog, AwardRecord, Initiative, Nomination
from thidua.nominations import achievement
from tests.attachment_samples import pdf_bytes
from tests.campaign_factories import award, make_campaign, person_in

INDIVIDUAL = {
    "heading_parent": "Ban Dân tộc tỉnh Đồng Nai", "heading_unit": "Phòng Dân tộc huyện Tân Phú", "place": "Tân Phú",
    "report_date": "2024-11-05", "birth": "05/03/1985", "gender": "male", "ethnicity": "Chơ Ro", "religion": "Không",
    "hometown": "Xã Phú Lập, huyện Tân Phú, tỉnh Đồng Nai", "residence": "Thị trấn Tân Phú, huyện Tân Phú",
    "workplace": "Phòng Dân tộc huyện Tân Phú", "position": "Chuyên viên; Bí thư Chi đoàn",
    "expertise": "Cử nhân Luật", "political_theory": "Trung cấp", "honours": "",
    "duties": "Tham mưu thực hiện chính sách dân tộc trên địa bàn huyện.",
    "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2024.\nTham mưu rà soát 1.250 hộ đồng bào dân tộc thiểu số.",
    "head_name": "Nguyễn Đức Lợi", "generate": "0",
}
COLLECTIVE = {
    "heading_parent": "Ban Dân tộc tỉnh Đồng Nai", "heading_unit": "Phòng Dân tộc huyện Tân Phú", "place": "Tân Phú",
    "report_date": "2024-11-05", "collective_name": "Phòng Dân tộc huyện Tân Phú",
    "address": "Khu 8, thị trấn Tân Phú, huyện Tân Phú", "phone": "0251 3856 123", "contact": "",
    "situation": "Thành lập năm 2005; biên chế 5 người.", "functions": "Tham mưu UBND huyện về công tác dân tộc.",
    "results": "Hoàn thành 100% chỉ tiêu được giao.", "measures": "Phát động phong trào thi đua theo quý.",
    "policy": "Thực hiện nghiêm chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "organisations": "", "head_name": "Nguyễn Đức Lợi", "generate": "0",
}


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
    sang = person_in(tp, "Điểu Văn Sang", gender="male", ethnicity="32", birth_year=1985,
                     position="Chuyên viên", employed_since=datetime.date(2015, 3, 1))
    AwardRecord.create(subject="individual", person=sang, award_code="LDTT", award_name="Lao động tiên tiến",
                       year=2023, decision_number="12/QĐ-BDT", decided_on=datetime.date(2023, 12, 20),
                       decided_by="Ban Dân tộc", source="manual")
    AwardRecord.create(subject="individual", person=sang, award_code="GK",
                       award_name="Giấy khen của Trưởng Ban Dân tộc", year=2022, decision_number="30/QĐ-BDT",
                       decided_on=datetime.date(2023, 1, 10),
                       decided_by="Ban Dân tộc", source="manual")
    AwardRecord.create(subject="collective", unit=tp, award_code="TTLDTT", award_name="Tập thể lao động tiên tiến",
                       year=2023, decision_number="15/QĐ-BDT", decided_on=datetime.date(2023, 12, 22),
                       decided_by="Ban Dân tộc", source="manual")
    Initiative.create(person=sang, title="Số hóa hồ sơ chính sách dân tộc", scope="co_so",
                      recognised_by="Hội đồng sáng kiến Ban", recognised_on=datetime.date(2024, 6, 15),
                      decision_number="45/QĐ-BDT")
    return {"campaign": campaign, "tp": tp, "dq": dq, "office": office, "sang": sang,
            "staff": make_user(roles.UNIT_STAFF, unit=tp),
            "head": make_user(roles.UNIT_HEAD, unit=tp, full_name="Nguyễn Đức Lợi"),
            "other_staff": make_user(roles.UNIT_STAFF, unit=dq)}


def as_user(app, sign_in, user):
    the_client = app.test_client()
    sign_in(user, the_client=the_client)
    return the_client


def propose(client, world, code="CSTDCS", subject="individual"):
    response = client.post(f"/nominations/new/{world['campaign'].id}", data={
        "subject": subject, "person_id": str(world["sang"].id) if subject == "individual" else "",
        "award_kind_id": str(award(code, world["campaign"]).id), "basis": "cong_trang",
        "summary": "Hoàn thành xuất sắc nhiệm vụ."})
    assert response.status_code == 303, response.get_data(as_text=True)
    return Nomination.get(Nomination.subject == subject)


def upload(client, nomination, component):
    return client.post(f"/nominations/{nomination.id}/files/{component}", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(pdf_bytes()), f"{component}.pdf")})


def url(nomination) -> str:
    return f"/nominations/{nomination.id}/achievement"


def generated_docx(client, nomination) -> Document:
    report = AchievementReport.get(AchievementReport.nomination == nomination.id)
    response = client.get(f"/files/{report.generated_attachment_id}")
    assert response.status_code == 200
    return Document(io.BytesIO(response.data))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def cell_texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def bao_cao_item_done(client, nomination) -> bool:
    page = client.get(f"/nominations/{nomination.id}").get_data(as_text=True)
    return "Đã có: </span>Báo cáo thành tích" in page


# --- individuals ---------------------------------------------------------------------------------------------

def test_the_individual_form_is_prefilled_from_the_person_and_the_unit(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    page = staff.get(url(nomination))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Điểu Văn Sang" in html and 'value="1985"' in html  # the birth year from the person
    assert '<option selected value="Chơ Ro">' in html and '<option selected value="male">' in html
    assert 'value="Phòng Dân tộc huyện Tân Phú"' in html and 'value="Nguyễn Đức Lợi"' in html
    assert "Hoàn thành xuất sắc nhiệm vụ." in html  # the dossier's summary opens section II
    assert "Mẫu số 03, Phụ lục I Nghị định số 98/2023/NĐ-CP" in html
    assert "Lao động tiên tiến" in html and "Quyết định số 12/QĐ-BDT ngày 20/12/2023 của Ban Dân tộc" in html
    assert AchievementReport.select().count() == 0, "nothing is stored until the unit saves"


def test_the_individual_report_is_saved_with_an_audit_entry(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    response = staff.post(url(nomination), data=INDIVIDUAL)
    assert response.status_code == 303
    report = AchievementReport.get(AchievementReport.nomination == nomination.id)
    assert report.birth_date == datetime.date(1985, 3, 5) and report.birth_year == 1985
    assert report.hometown == "Xã Phú Lập, huyện Tân Phú, tỉnh Đồng Nai" and report.updated_by_id == world["staff"].id
    assert report.collective_name == "", "the fields of the other subject stay empty"
    entry = AuditLog.get(AuditLog.action == "write_achievement_report")
    assert entry.object_type == "nomination" and entry.object_id == nomination.id
    assert "Xã Phú Lập" in entry.state_after

    staff.post(url(nomination), data={**INDIVIDUAL, "religion": "Phật giáo"})
    latest = AuditLog.select().where(AuditLog.action == "write_achievement_report").order_by(AuditLog.id.desc()).get()
    assert "Phật giáo" in latest.state_after and "Không" in latest.state_before
    assert "Xã Phú Lập" not in latest.state_after, "only what changed"
    history = staff.get(f"/nominations/{nomination.id}").get_data(as_text=True)
    assert "Soạn báo cáo thành tích" in history


def test_a_wrong_birth_date_is_refused_and_the_input_kept(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    response = staff.post(url(nomination), data={**INDIVIDUAL, "birth": "31/02/1985"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ghi ngày sinh dạng ngày/tháng/năm" in html
    assert 'value="31/02/1985"' in html and "Xã Phú Lập, huyện Tân Phú, tỉnh Đồng Nai" in html
    assert "Tham mưu rà soát 1.250 hộ" in html
    assert AchievementReport.select().count() == 0


def test_the_individual_docx_follows_the_template(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    assert not bao_cao_item_done(staff, nomination)
    response = staff.post(url(nomination), data={**INDIVIDUAL, "generate": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/achievement#van-ban")
    page = staff.get(url(nomination)).get_data(as_text=True)
    assert "Tải về “Báo cáo thành tích - Điểu Văn Sang" in page

    doc = generated_docx(staff, nomination)
    left, right = doc.tables[0].rows[0].cells
    assert cell_texts(left) == ["BAN DÂN TỘC TỈNH ĐỒNG NAI", "PHÒNG DÂN TỘC HUYỆN TÂN PHÚ"]
    assert cell_texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                 "Tân Phú, ngày 05 tháng 11 năm 2024"]
    body = texts(doc)
    # A no-break space keeps "NĂM 2024" on one line.
    assert body[:2] == ["BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ” NĂM\u00a02024"]
    for line in body[:2]:
        paragraph = next(p for p in doc.paragraphs if p.text == line)
        assert paragraph.runs[0].bold and paragraph.alignment == 1  # centred
    for expected in ("- Họ tên: Điểu Văn Sang", "- Sinh ngày, tháng, năm: 05/03/1985", "- Giới tính: Nam",
                     "- Dân tộc: Chơ Ro", "- Tôn giáo: Không", "- Quê quán: Xã Phú Lập, huyện Tân Phú, tỉnh Đồng Nai",
                     "- Đơn vị công tác: Phòng Dân tộc huyện Tân Phú",
                     "- Chức vụ (Đảng, chính quyền, đoàn thể): Chuyên viên; Bí thư Chi đoàn",
                     "- Trình độ lý luận chính trị: Trung cấp", "Tham mưu rà soát 1.250 hộ đồng bào dân tộc thiểu số."):
        assert expected in body
    headings = ["I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận",
                "2. Thành tích đạt được của cá nhân", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                "1. Danh hiệu thi đua", "2. Hình thức khen thưởng"]
    assert [body.index(h) for h in headings] == sorted(body.index(h) for h in headings)
    assert any(line.startswith("- Số hóa hồ sơ chính sách dân tộc (cấp cơ sở; Quyết định số 45/QĐ-BDT")
               for line in body), "recognised initiatives are listed under the achievements"

    titles, forms = doc.tables[1], doc.tables[2]
    assert rows(titles)[0][:2] == ["Năm", "Danh hiệu thi đua"]
    assert rows(titles)[1:] == [
        ["2023", "Lao động tiên tiến", "Quyết định số 12/QĐ-BDT ngày 20/12/2023 của Ban Dân tộc"]]
    assert rows(forms)[0][:2] == ["Năm", "Hình thức khen thưởng"]
    assert rows(forms)[1:] == [["2022", "Giấy khen của Trưởng Ban Dân tộc",
                                "Quyết định số 30/QĐ-BDT ngày 10/01/2023 của Ban Dân tộc"]]

    # Titles in the first row, names in the second: the names line up however the titles wrap.
    signatures = doc.tables[3]
    assert [cell_texts(c) for c in signatures.rows[0].cells] == [
        ["THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN", "(Ký, đóng dấu)"], ["NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ và tên)"]]
    assert [c.text for c in signatures.rows[1].cells] == ["Nguyễn Đức Lợi", "Điểu Văn Sang"]
    assert body[-2:] == ["XÁC NHẬN CỦA CẤP TRÌNH KHEN", "(Ký, đóng dấu)"]
    note = doc.sections[0].first_page_header.paragraphs[0].text
    assert note == "Theo Mẫu số 03, Phụ lục I Nghị định số 98/2023/NĐ-CP"
    assert [round(x.mm) for x in (doc.sections[0].page_width, doc.sections[0].left_margin)] == [210, 30]

    # The dossier's checklist line is satisfied by the generated file, which is what the Office sees too.
    assert bao_cao_item_done(staff, nomination)
    files = Attachment.select().where(Attachment.owner_type == "nomination",
                                      Attachment.component == "bao_cao_thanh_tich")
    assert [f.original_name.endswith(".docx") for f in files] == [True]
    report = AchievementReport.get(AchievementReport.nomination == nomination.id)
    assert report.form_ref == "Mẫu số 03, Phụ lục I Nghị định số 98/2023/NĐ-CP"
    entry = AuditLog.get(AuditLog.action == "generate_achievement_report")
    assert "Nghị định số 98/2023/NĐ-CP" in entry.state_after


def test_regenerating_keeps_one_generated_file_on_the_checklist(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    upload(staff, nomination, "bao_cao_thanh_tich")  # e.g. a signed scan: never taken off by a regeneration
    staff.post(url(nomination), data={**INDIVIDUAL, "generate": "1"})
    first = AchievementReport.get().generated_attachment_id
    staff.post(url(nomination), data={**INDIVIDUAL, "achievements": "Thành tích đã sửa.", "generate": "1"})
    report = AchievementReport.get()
    assert report.generated_attachment_id != first
    current = {a.id for a in Attachment.select().where(Attachment.component == "bao_cao_thanh_tich",
                                                        Attachment.removed_at.is_null())}
    assert first not in current and report.generated_attachment_id in current and len(current) == 2
    assert Attachment.get_by_id(first).removed_at is not None, "the older file stays in the dossier's history"
    assert "Thành tích đã sửa." in texts(generated_docx(staff, nomination))


def test_an_empty_achievement_cannot_become_the_document(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    response = staff.post(url(nomination), data={**INDIVIDUAL, "achievements": " ", "generate": "1"})
    assert response.status_code == 422
    assert "Vui lòng ghi thành tích đạt được trước khi tạo văn bản." in response.get_data(as_text=True)
    assert AchievementReport.select().count() == 0 and Attachment.select().count() == 0


# --- collectives ---------------------------------------------------------------------------------------------

def test_the_collective_report_must_say_whether_it_has_party_organisations(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world, code="TTLDTT", subject="collective")
    page = staff.get(url(nomination)).get_data(as_text=True)
    assert 'value="Phòng Dân tộc huyện Tân Phú"' in page and "Mẫu số 02, Phụ lục I Nghị định số 98/2023/NĐ-CP" in page

    refused = staff.post(url(nomination), data={**COLLECTIVE, "generate": "1"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "hoặc đánh dấu “Đơn vị không có tổ chức Đảng, đoàn thể”" in html and "0251 3856 123" in html
    both = staff.post(url(nomination), data={**COLLECTIVE, "organisations": "Chi bộ 3 đảng viên.",
                                             "no_organisations": "y"})
    assert both.status_code == 422 and AchievementReport.select().count() == 0

    assert staff.post(url(nomination), data={**COLLECTIVE, "no_organisations": "y"}).status_code == 303
    assert AchievementReport.get().no_organisations is True
    assert staff.post(url(nomination), data={**COLLECTIVE, "no_organisations": "y", "generate": "1"}).status_code == 303

    doc = generated_docx(staff, nomination)
    body = texts(doc)
    assert body[:3] == ["BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG DANH HIỆU “TẬP THỂ LAO ĐỘNG TIÊN TIẾN” NĂM\u00a02024",
                        "Tên tập thể đề nghị: Phòng Dân tộc huyện Tân Phú"]
    headings = ["I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "1. Đặc điểm, tình hình", "2. Chức năng, nhiệm vụ",
                "II. THÀNH TÍCH ĐẠT ĐƯỢC", "1. Kết quả thực hiện nhiệm vụ được giao",
                "3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
                "4. Hoạt động của tổ chức Đảng, đoàn thể", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"]
    assert [body.index(h) for h in headings] == sorted(body.index(h) for h in headings)
    assert "- Địa chỉ trụ sở: Khu 8, thị trấn Tân Phú, huyện Tân Phú" in body
    assert body[body.index("4. Hoạt động của tổ chức Đảng, đoàn thể") + 1] == achievement.NO_ORGANISATIONS
    assert rows(doc.tables[1])[1:] == [["2023", "Tập thể lao động tiên tiến",
                                        "Quyết định số 15/QĐ-BDT ngày 22/12/2023 của Ban Dân tộc"]]
    assert rows(doc.tables[2])[1:] == [["Không có"] * 3], "no form of commendation: one merged row says so"
    signatures = doc.tables[3]
    assert [cell_texts(c) for c in signatures.rows[0].cells] == [
        ["XÁC NHẬN CỦA CẤP TRÌNH KHEN", "(Ký, đóng dấu)"], ["THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)"]]
    assert [c.text for c in signatures.rows[1].cells] == ["", "Nguyễn Đức Lợi"]
    assert "Điểu Văn Sang" not in " ".join(body), "an individual's awards never enter the unit's report"
    note = doc.sections[0].first_page_header.paragraphs[0].text
    assert note == "Theo Mẫu số 02, Phụ lục I Nghị định số 98/2023/NĐ-CP"
    assert bao_cao_item_done(staff, nomination)


# --- who may write, who may read ---------------------------------------------------------------------------

def test_another_unit_gets_404(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    staff.post(url(nomination), data=INDIVIDUAL)
    other = as_user(app, sign_in, world["other_staff"])
    assert other.get(url(nomination)).status_code == 404
    assert other.post(url(nomination), data={**INDIVIDUAL, "hometown": "Định Quán"}).status_code == 404
    assert AchievementReport.get().hometown == INDIVIDUAL["hometown"]


def test_the_office_reads_but_does_not_write(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    office = as_user(app, sign_in, world["office"])
    assert "Đơn vị chưa soạn báo cáo thành tích trong hệ thống." in office.get(url(nomination)).get_data(as_text=True)
    staff.post(url(nomination), data=INDIVIDUAL)
    page = office.get(url(nomination)).get_data(as_text=True)
    assert "Xã Phú Lập, huyện Tân Phú, tỉnh Đồng Nai" in page and 'name="hometown"' not in page
    assert office.post(url(nomination), data={**INDIVIDUAL, "hometown": "X"}).status_code == 403
    detail = office.get(f"/nominations/{nomination.id}").get_data(as_text=True)
    assert "Soạn báo cáo thành tích trong hệ thống" not in detail
    assert "Xem báo cáo thành tích soạn trong hệ thống" in detail
    assert "Soạn báo cáo thành tích trong hệ thống" in staff.get(f"/nominations/{nomination.id}").get_data(as_text=True)


def test_editing_after_submission_is_refused(app, sign_in, world):
    staff, head = as_user(app, sign_in, world["staff"]), as_user(app, sign_in, world["head"])
    nomination = propose(staff, world)
    staff.post(url(nomination), data={**INDIVIDUAL, "generate": "1"})
    for component in ("to_trinh", "bien_ban", "sang_kien"):
        upload(staff, nomination, component)
    submitted = head.post(f"/nominations/{nomination.id}/actions/submit")
    assert submitted.status_code == 303, submitted.get_data(as_text=True)

    refused = staff.post(url(nomination), data={**INDIVIDUAL, "hometown": "Sửa sau khi nộp", "generate": "1"})
    assert refused.status_code == 409
    assert "Hồ sơ đã nộp, không sửa được nữa." in refused.get_data(as_text=True)
    assert AchievementReport.get().hometown == INDIVIDUAL["hometown"]
    assert Attachment.select().where(Attachment.component == "bao_cao_thanh_tich").count() == 1
    page = staff.get(url(nomination)).get_data(as_text=True)
    assert 'name="hometown"' not in page and "Tạo văn bản (.docx)" not in page
    assert "Soạn báo cáo thành tích trong hệ thống" not in staff.get(f"/nominations/{nomination.id}").get_data(
        as_text=True)


# --- which form, by the report's date (TEMPLATES.md §0) -----------------------------------------------------

@pytest.mark.parametrize("day, subject, expected", [
    (datetime.date(2023, 12, 31), "individual", "Mẫu số 02, Phụ lục kèm theo Nghị định số 91/2017/NĐ-CP"),
    (datetime.date(2023, 12, 31), "collective", "Mẫu số 01, Phụ lục kèm theo Nghị định số 91/2017/NĐ-CP"),
    (datetime.date(2024, 1, 1), "individual", "Mẫu số 03, Phụ lục I Nghị định số 98/2023/NĐ-CP"),
    (datetime.date(2025, 6, 30), "collective", "Mẫu số 02, Phụ lục I Nghị định số 98/2023/NĐ-CP"),
    (datetime.date(2025, 7, 1), "individual", "Mẫu số 05, Phụ lục Nghị định số 152/2025/NĐ-CP"),
    (datetime.date(2025, 7, 1), "collective",
     "Mẫu báo cáo thành tích đề nghị khen thưởng công trạng cho tập thể, Phụ lục Nghị định số 152/2025/NĐ-CP"),
])
def test_the_form_follows_the_decree_in_force_on_the_report_date(day, subject, expected):
    assert achievement.template_for(subject, day).label == expected


def test_an_undated_report_leaves_the_date_to_be_written_by_hand(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    staff.post(url(nomination), data={**INDIVIDUAL, "report_date": "", "heading_parent": "", "generate": "1"})
    doc = generated_docx(staff, nomination)
    left, right = doc.tables[0].rows[0].cells
    assert cell_texts(left) == ["PHÒNG DÂN TỘC HUYỆN TÂN PHÚ"]
    assert cell_texts(right)[-1] == "Tân Phú, ngày … tháng … năm …"
