"""Award history: who reads it, the office's entry and corrections (audited), the .xlsx import of past years,
and the rule parameters screen whose values the rules read."""
import datetime
import io
import json
import re

import pytest
from openpyxl import Workbook, load_workbook

from thidua import roles
from thidua.history import importer
from thidua.models import AnnualRating, AuditLog, AwardRecord, Discipline, Initiative, RuleParameter
from thidua.rules import Candidate, DbFacts, evaluate
from tests.factories import make_person

HTMX = {"HX-Request": "true"}
D = datetime.date
LAST_YEAR = D.today().year - 1


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads" / "history-imports"


@pytest.fixture
def tan_phu(make_unit):
    return make_unit(name="Phòng Dân tộc huyện Tân Phú", code="PDT-TP")


@pytest.fixture
def dinh_quan(make_unit):
    return make_unit(name="Phòng Dân tộc huyện Định Quán", code="PDT-DQ")


@pytest.fixture
def lanh(tan_phu):
    return make_person(tan_phu, full_name="Điểu Văn Lành")


@pytest.fixture
def xa(dinh_quan):
    return make_person(dinh_quan, full_name="Lê Thị Xa", gender="female")


@pytest.fixture
def login(app, make_user, sign_in, make_unit):
    """Sign a new user with role in on a client of its own; return (client, user)."""
    def _login(role, unit=None):
        the_client = app.test_client()
        user = make_user(role, unit=unit or make_unit(kind="department"))
        sign_in(user, the_client=the_client)
        return the_client, user
    return _login


@pytest.fixture
def office(login):
    return login(roles.OFFICE)


@pytest.fixture
def staff(login, tan_phu):
    return login(roles.UNIT_STAFF, tan_phu)


NAMES = {"LDTT": "Lao động tiên tiến", "CSTDCS": "Chiến sĩ thi đua cơ sở"}


def award(person, code="LDTT", year=2020, **kw):
    return AwardRecord.create(subject="individual", person=person, award_code=code,
                              award_name=NAMES.get(code, code), year=year, **kw)


def entries(action):
    return list(AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id))


# Who reads what -----------------------------------------------------------------------------------

def test_a_unit_user_reads_the_history_of_their_own_unit_only(staff, lanh, xa, tan_phu, dinh_quan):
    client, _ = staff
    award(lanh, decision_number="15/QĐ-BDT")
    body = client.get(f"/history/people/{lanh.id}").get_data(as_text=True)
    assert "Điểu Văn Lành" in body and "Lao động tiên tiến" in body and "15/QĐ-BDT" in body
    assert "Thêm khen thưởng" not in body and "Gỡ bỏ" not in body  # reading only
    assert client.get(f"/history/people/{xa.id}").status_code == 404
    assert client.get(f"/history/units/{tan_phu.id}").status_code == 200
    assert client.get(f"/history/units/{dinh_quan.id}").status_code == 404
    assert client.get("/history/").headers["Location"] == f"/history/units/{tan_phu.id}"


@pytest.mark.parametrize("role", [roles.OFFICE, roles.LEADER, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR])
def test_committee_wide_roles_read_every_units_history(login, role, lanh, xa, dinh_quan):
    client, _ = login(role)
    assert client.get(f"/history/people/{xa.id}").status_code == 200
    assert client.get(f"/history/units/{dinh_quan.id}").status_code == 200
    assert "Phòng Dân tộc huyện Định Quán" in client.get("/history/").get_data(as_text=True)


def test_the_administrator_does_not_read_personal_history(login, lanh, tan_phu):
    client, _ = login(roles.ADMIN)
    assert client.get(f"/history/people/{lanh.id}").status_code == 403
    assert client.get(f"/history/units/{tan_phu.id}").status_code == 403
    assert client.get("/history/").headers["Location"] == "/history/parameters"
    people = client.get("/people/").get_data(as_text=True)
    assert "Điểu Văn Lành" in people and "Lịch sử thi đua" not in people


def test_the_personnel_list_links_to_a_persons_history(staff, lanh):
    client, _ = staff
    body = client.get("/people/").get_data(as_text=True)
    assert f'href="/history/people/{lanh.id}"' in body and "Lịch sử thi đua" in body


@pytest.mark.parametrize("path, data", [
    ("/history/people/{p}/awards", {"award-award_code": "LDTT", "award-year": "2020"}),
    ("/history/people/{p}/initiatives", {"initiative-title": "Sáng kiến", "initiative-scope": "co_so",
                                         "initiative-recognised_on": "2020-05-01"}),
    ("/history/people/{p}/ratings", {"rating-year": "2020", "rating-rating": "good"}),
    ("/history/people/{p}/disciplines", {"discipline-level": "khien_trach", "discipline-starts_on": "2020-05-01"}),
    ("/history/units/{u}/awards", {"award-award_code": "TTLDTT", "award-year": "2020"}),
])
@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD, roles.LEADER, roles.ADMIN])
def test_only_the_office_enters_history(login, tan_phu, lanh, path, data, role):
    client, _ = login(role, tan_phu)
    response = client.post(path.format(p=lanh.id, u=tan_phu.id), data=data)
    assert response.status_code == 403
    assert AwardRecord.select().count() == Initiative.select().count() == 0
    assert AnnualRating.select().count() == Discipline.select().count() == 0


def test_unit_users_cannot_correct_remove_or_import(staff, lanh):
    client, _ = staff
    record = award(lanh)
    assert client.get(f"/history/awards/{record.id}/edit").status_code == 403
    assert client.post(f"/history/awards/{record.id}/remove", data={"reason": "x"}).status_code == 403
    assert client.get("/history/import").status_code == 403
    assert client.get("/history/import/template.xlsx").status_code == 403
    assert AwardRecord.get_by_id(record.id).removed_at is None


# The office's entry -------------------------------------------------------------------------------

def test_office_adds_an_award_in_one_transaction_with_its_audit_entry(office, lanh):
    client, user = office
    response = client.post(f"/history/people/{lanh.id}/awards", data={
        "award-award_code": "LDTT", "award-year": "2019", "award-decision_number": "120/QĐ-BDT",
        "award-decided_on": "2019-12-20", "award-decided_by": "Ban Dân tộc tỉnh Đồng Nai"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/history/people/{lanh.id}#awards")
    record = AwardRecord.get()
    assert (record.person_id, record.award_code, record.award_name, record.year, record.source) == (
        lanh.id, "LDTT", "Lao động tiên tiến", 2019, "manual")
    assert record.decided_on == D(2019, 12, 20) and record.created_by_id == user.id
    [entry] = entries("add_award")
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("person", lanh.id, user.id)
    assert json.loads(entry.state_after)["award"] == "Lao động tiên tiến"


def test_adding_with_htmx_answers_the_section_and_errors_with_422(office, lanh):
    client, _ = office
    ok = client.post(f"/history/people/{lanh.id}/awards", headers=HTMX,
                     data={"award-award_code": "CSTDCS", "award-year": "2021"})
    body = ok.get_data(as_text=True)
    assert ok.status_code == 200 and body.startswith('<section id="awards"') and "Chiến sĩ thi đua cơ sở" in body
    again = client.post(f"/history/people/{lanh.id}/awards", headers=HTMX,
                        data={"award-award_code": "CSTDCS", "award-year": "2021"})
    assert again.status_code == 422 and "Đã có trong lịch sử" in again.get_data(as_text=True)
    collective = client.post(f"/history/people/{lanh.id}/awards",
                             data={"award-award_code": "TTLDXS", "award-year": "2021"})
    # A collective title is not even offered for a person.
    assert collective.status_code == 422 and "Lựa chọn không hợp lệ" in collective.get_data(as_text=True)
    future = client.post(f"/history/people/{lanh.id}/awards",
                         data={"award-award_code": "LDTT", "award-year": str(D.today().year + 1)})
    assert future.status_code == 422 and "Năm phải từ" in future.get_data(as_text=True)
    early = client.post(f"/history/people/{lanh.id}/awards", data={
        "award-award_code": "LDTT", "award-year": "2020", "award-decided_on": "2019-06-01"})
    assert early.status_code == 422 and "trước năm được khen" in early.get_data(as_text=True)
    assert AwardRecord.select().count() == 1


def test_office_corrects_an_award_and_the_log_keeps_before_and_after(office, lanh):
    client, _ = office
    record = award(lanh, year=2019)
    page = client.get(f"/history/awards/{record.id}/edit")
    assert page.status_code == 200 and 'value="2019"' in page.get_data(as_text=True)
    response = client.post(f"/history/awards/{record.id}/edit", data={
        "award_code": "LDTT", "year": "2018", "decision_number": "99/QĐ-BDT", "decided_on": "", "decided_by": ""})
    assert response.status_code == 303
    assert AwardRecord.get_by_id(record.id).year == 2018
    [entry] = entries("edit_award")
    assert json.loads(entry.state_before) == {"record": record.id, "year": 2019, "decision_number": ""}
    assert json.loads(entry.state_after) == {"year": 2018, "decision_number": "99/QĐ-BDT"}
    assert entry.object_type == "person" and entry.object_id == lanh.id


def test_a_removed_award_is_kept_logged_and_no_longer_counts_for_the_rules(office, lanh):
    client, _ = office
    record = award(lanh, code="KNC_DT", year=2020)
    facts = DbFacts()
    assert facts.years_with("individual", lanh.id, "KNC_DT") == [2020]
    missing_reason = client.post(f"/history/awards/{record.id}/remove", data={"reason": " "})
    assert missing_reason.status_code == 422 and AwardRecord.get_by_id(record.id).removed_at is None
    response = client.post(f"/history/awards/{record.id}/remove", data={"reason": "Ghi nhầm người trùng tên"})
    assert response.status_code == 303
    assert AwardRecord.get_by_id(record.id).removed_at is not None  # kept, never deleted
    [entry] = entries("remove_award")
    assert entry.comment == "Ghi nhầm người trùng tên" and json.loads(entry.state_before)["year"] == 2020
    assert DbFacts().years_with("individual", lanh.id, "KNC_DT") == []
    assert f'id="award-{record.id}"' not in client.get(f"/history/people/{lanh.id}").get_data(as_text=True)
    assert client.get(f"/history/awards/{record.id}/edit").status_code == 404
    assert client.post(f"/history/awards/{record.id}/remove", data={"reason": "lần nữa"}).status_code == 404


def test_awards_recorded_from_decisions_are_not_edited_here(office, lanh):
    client, _ = office
    record = award(lanh, source="decision")
    assert client.get(f"/history/awards/{record.id}/edit").status_code == 409


def test_office_records_an_initiative_a_rating_and_a_discipline(office, lanh):
    client, user = office
    assert client.post(f"/history/people/{lanh.id}/initiatives", data={
        "initiative-title": "Số hóa hồ sơ thi đua", "initiative-scope": "tinh_bo",
        "initiative-recognised_by": "Hội đồng sáng kiến tỉnh", "initiative-recognised_on": "2022-10-01",
        "initiative-decision_number": "5/QĐ-HĐSK"}).status_code == 303
    assert client.post(f"/history/people/{lanh.id}/ratings",
                       data={"rating-year": "2022", "rating-rating": "good"}).status_code == 303
    assert client.post(f"/history/people/{lanh.id}/ratings",
                       data={"rating-year": "2022", "rating-rating": "excellent"}).status_code == 303
    assert client.post(f"/history/people/{lanh.id}/disciplines", data={
        "discipline-level": "khien_trach", "discipline-starts_on": "2021-03-01",
        "discipline-reason": "Quyết định 7/QĐ-BDT"}).status_code == 303

    assert Initiative.get().scope == "tinh_bo"
    assert [(r.year, r.rating) for r in AnnualRating.select()] == [(2022, "excellent")]
    assert Discipline.get().reason == "Quyết định 7/QĐ-BDT"
    assert [e.object_id for e in entries("add_initiative")] == [lanh.id]
    first, second = entries("set_rating")
    assert json.loads(second.state_before)["rating"] == "Hoàn thành tốt nhiệm vụ"
    assert json.loads(second.state_after)["rating"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert [e.actor_id for e in entries("add_discipline")] == [user.id]
    assert DbFacts().rating(lanh.id, 2022) == "excellent"

    page = client.get(f"/history/people/{lanh.id}").get_data(as_text=True)
    for text in ("Số hóa hồ sơ thi đua", "Cấp tỉnh, bộ", "Hoàn thành xuất sắc nhiệm vụ", "Khiển trách",
                 "Nhật ký cập nhật lịch sử"):
        assert text in page

    discipline = Discipline.get()
    assert client.post(f"/history/disciplines/{discipline.id}/edit", data={
        "level": "khien_trach", "starts_on": "2021-03-01", "ends_on": "2022-03-01",
        "reason": "Quyết định 7/QĐ-BDT"}).status_code == 303
    assert Discipline.get().ends_on == D(2022, 3, 1)
    assert json.loads(entries("edit_discipline")[0].state_after) == {"ends_on": "2022-03-01"}
    bad_dates = client.post(f"/history/disciplines/{discipline.id}/edit", data={
        "level": "khien_trach", "starts_on": "2021-03-01", "ends_on": "2020-01-01"})
    assert bad_dates.status_code == 422 and "sau ngày bắt đầu" in bad_dates.get_data(as_text=True)

    rating = AnnualRating.get()
    assert client.post(f"/history/ratings/{rating.id}/remove", data={"reason": "Nhầm năm"}).status_code == 303
    assert DbFacts().rating(lanh.id, 2022) is None
    # Setting the year again revives the same row (the (person, year) index stays unique).
    assert client.post(f"/history/people/{lanh.id}/ratings",
                       data={"rating-year": "2022", "rating-rating": "completed"}).status_code == 303
    assert [(r.id, r.rating, r.removed_at) for r in AnnualRating.select()] == [(rating.id, "completed", None)]


def test_office_records_a_collective_award_on_the_units_page(office, tan_phu):
    client, _ = office
    response = client.post(f"/history/units/{tan_phu.id}/awards",
                           data={"award-award_code": "TTLDXS", "award-year": "2022"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/history/units/{tan_phu.id}#awards")
    record = AwardRecord.get()
    assert (record.subject, record.unit_id, record.person_id) == ("collective", tan_phu.id, None)
    [entry] = entries("add_award")
    assert (entry.object_type, entry.object_id) == ("unit", tan_phu.id)
    assert "Tập thể lao động xuất sắc" in client.get(f"/history/units/{tan_phu.id}").get_data(as_text=True)
    individual = client.post(f"/history/units/{tan_phu.id}/awards",
                             data={"award-award_code": "LDTT", "award-year": "2022"})
    assert individual.status_code == 422


def test_audit_entries_read_in_vietnamese(office, lanh, app):
    client, _ = office
    client.post(f"/history/people/{lanh.id}/awards", data={"award-award_code": "LDTT", "award-year": "2019"})
    from thidua import audit
    entry = entries("add_award")[0]
    assert audit.action_label("add_award", "person") == "Thêm khen thưởng đã nhận"
    assert "Danh hiệu / hình thức: Lao động tiên tiến; " in audit.describe(entry.state_after, "person")
    assert "Năm: 2019" in audit.describe(entry.state_after, "person")


# Import of past years -----------------------------------------------------------------------------

AWARD_HEADERS = [c.header for c in importer.AWARD_COLUMNS]
INITIATIVE_HEADERS = [c.header for c in importer.INITIATIVE_COLUMNS]


def workbook(awards=(), initiatives=None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = importer.AWARD_SHEET
    sheet.append(AWARD_HEADERS)
    for row in awards:
        sheet.append(row)
    if initiatives is not None:
        extra = book.create_sheet(importer.INITIATIVE_SHEET)
        extra.append(INITIATIVE_HEADERS)
        for row in initiatives:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def arow(name="Điểu Văn Lành", unit="PDT-TP", year=2019, award_text="LDTT", number=None, decision="120/QĐ-BDT",
         decided_on="20/12/2019", body="Ban Dân tộc tỉnh Đồng Nai"):
    return [None, name, number, unit, year, award_text, decision, decided_on, body]


def upload(client, data: io.BytesIO, filename="lich-su.xlsx"):
    return client.post("/history/import", data={"file": (data, filename)}, content_type="multipart/form-data")


def token_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def people_for_import(tan_phu, dinh_quan, lanh):
    make_person(tan_phu, full_name="Nguyễn Văn An")
    make_person(tan_phu, full_name="Nguyễn Văn An")  # two of the same name
    hoa = make_person(dinh_quan, full_name="Nguyễn Thị Hoa", gender="female", birth_year=1985,
                      national_id="075185001234")
    award(lanh, code="CSTDCS", year=2018, decision_number="50/QĐ-BDT")
    return hoa


def test_import_preview_reports_each_row_and_stores_nothing(office, people_for_import):
    client, _ = office
    data = workbook([
        arow(),                                                  # 2 valid
        arow(unit="KHONG-CO"),                                   # 3 unknown unit
        arow(name="Trần Văn Vắng"),                              # 4 not in that unit
        arow(name="Nguyễn Văn An"),                              # 5 ambiguous
        arow(award_text="Huân chương Mặt trời"),                 # 6 unknown award
        arow(year=1950),                                         # 7 year out of range
        arow(year=2017, award_text="Chiến sĩ thi đua cơ sở"),    # 8 valid
        arow(year=2017, award_text="CSTDCS"),                    # 9 duplicate of line 8
        arow(year=2018, award_text="CSTDCS"),                    # 10 already stored
        arow(name=None, award_text="Tập thể lao động tiên tiến", year=2020, decided_on=None),  # 11 collective
        arow(name="Nguyễn Thị Hoa", unit="PDT-DQ", number="075185001234"),  # 12 valid by CCCD
        arow(name="Nguyễn Thị Hoa", unit="PDT-TP", number="075185001234"),  # 13 CCCD of another unit
        arow(award_text="TTLDTT"),                               # 14 collective award for a person
    ], initiatives=[
        [None, "Điểu Văn Lành", None, "PDT-TP", "Số hóa hồ sơ", "Cấp cơ sở", "Hội đồng", "01/10/2022", "5/QĐ"],
        [None, "Điểu Văn Lành", None, "PDT-TP", "Sổ tay", "Cấp xã", "Hội đồng", "01/10/2022", "6/QĐ"],
    ])
    token = token_of(upload(client, data))
    assert AwardRecord.select().count() == 1 and Initiative.select().count() == 0  # nothing stored yet
    page = client.get(f"/history/import/{token}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    for message in ("Dòng 3: Không có đơn vị mã “KHONG-CO”.",
                    "Dòng 4: Không tìm thấy “Trần Văn Vắng” trong danh sách cán bộ của đơn vị",
                    "Dòng 5: Đơn vị “Phòng Dân tộc huyện Tân Phú” có 2 người tên “Nguyễn Văn An”",
                    "Dòng 6: Danh hiệu, hình thức “Huân chương Mặt trời” không có trong danh mục",
                    "Dòng 7: Năm phải từ 1980",
                    "Dòng 8: Trùng với dòng 9 trong cùng trang", "Dòng 9: Trùng với dòng 8 trong cùng trang",
                    "Dòng 10: Đã có trong lịch sử: “Chiến sĩ thi đua cơ sở” năm 2018 (quyết định số 50/QĐ-BDT).",
                    "Dòng 13: Người mang số CCCD ••••••••1234 thuộc đơn vị “Phòng Dân tộc huyện Định Quán”",
                    "Dòng 14: “Tập thể lao động tiên tiến” là danh hiệu, hình thức dành cho tập thể",
                    "Dòng 3: Phạm vi “Cấp xã” không hợp lệ"):
        assert message in body, message
    assert "075185001234" not in body  # the ID number is shown masked
    assert "3 khen thưởng" in body and "1 sáng kiến hợp lệ" in body and "11 dòng có lỗi" in body


def test_confirm_imports_the_valid_rows_only_with_one_audit_entry(office, people_for_import, lanh, tan_phu):
    client, user = office
    hoa = people_for_import
    data = workbook([arow(), arow(unit="KHONG-CO"),
                     arow(name=None, award_text="TTLDTT", year=2020, decided_on=None),
                     arow(name="Nguyễn Thị Hoa", unit="PDT-DQ", number="075185001234", year=2021,
                          decided_on="05/01/2022")],
                    initiatives=[[None, "Điểu Văn Lành", None, "PDT-TP", "Số hóa hồ sơ", "Cấp tỉnh, bộ",
                                  "Hội đồng", "01/10/2022", "5/QĐ"]])
    token = token_of(upload(client, data))
    digest = digest_of(client, token)
    response = client.post(f"/history/import/{token}", data={"digest": digest})
    assert response.status_code == 303
    imported = list(AwardRecord.select().where(AwardRecord.source == "import").order_by(AwardRecord.id))
    assert [(r.subject, r.person_id, r.unit_id, r.award_code, r.year) for r in imported] == [
        ("individual", lanh.id, None, "LDTT", 2019), ("collective", None, tan_phu.id, "TTLDTT", 2020),
        ("individual", hoa.id, None, "LDTT", 2021)]
    assert imported[0].decided_on == D(2019, 12, 20) and imported[0].created_by_id == user.id
    assert Initiative.get().scope == "tinh_bo"
    [entry] = entries("import_history")
    assert json.loads(entry.state_after) == {"awards": 3, "initiatives": 1, "file": "lich-su.xlsx"}
    assert "Đã nhập 3 khen thưởng và 1 sáng kiến" in client.get("/history/").get_data(as_text=True)
    assert client.get(f"/history/import/{token}").status_code == 404  # the upload is gone


def digest_of(client, token) -> str:
    page = client.get(f"/history/import/{token}").get_data(as_text=True)
    return re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)


def test_confirm_refuses_a_stale_preview_and_stores_nothing(office, people_for_import):
    client, _ = office
    token = token_of(upload(client, workbook([arow()])))
    response = client.post(f"/history/import/{token}", data={"digest": "not-what-was-shown"})
    assert response.status_code == 409 and "đã thay đổi" in response.get_data(as_text=True)
    assert AwardRecord.select().where(AwardRecord.source == "import").count() == 0
    assert client.get(f"/history/import/{token}").status_code == 200  # still there to confirm


def test_another_users_token_is_refused(office, login, people_for_import):
    client, _ = office
    token = token_of(upload(client, workbook([arow()])))
    other, _ = login(roles.OFFICE)
    assert other.get(f"/history/import/{token}").status_code == 404
    assert other.post(f"/history/import/{token}", data={"digest": "x"}).status_code == 404
    assert other.post(f"/history/import/{token}/cancel").status_code == 404
    assert client.get(f"/history/import/{token}").status_code == 200


def test_a_personnel_token_is_not_a_history_token(office, people_for_import):
    client, _ = office
    from thidua.personnel import importer as people_importer
    book = Workbook()
    book.active.append(people_importer.HEADERS)
    book.active.append([None, "Nguyễn Thị Hoa", "Nữ", 1985, "Kinh", "", None, "Có"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    from thidua.models import Unit
    unit_id = Unit.get(Unit.code == "PDT-TP").id
    response = client.post("/people/import", data={"file": (buffer, "ds.xlsx"), "unit_id": str(unit_id)},
                           content_type="multipart/form-data")
    token = token_of(response)
    assert client.get(f"/history/import/{token}").status_code == 404


def test_cancel_drops_the_upload(office, people_for_import):
    client, _ = office
    token = token_of(upload(client, workbook([arow()])))
    assert client.post(f"/history/import/{token}/cancel").status_code == 303
    assert client.get(f"/history/import/{token}").status_code == 404
    assert AwardRecord.select().where(AwardRecord.source == "import").count() == 0


def test_upload_refuses_what_is_not_a_workbook_with_422(office):
    client, _ = office
    response = upload(client, io.BytesIO(b"not a zip"), "x.xlsx")
    assert response.status_code == 422 and "không phải bảng tính Excel" in response.get_data(as_text=True)
    htmx = client.post("/history/import", data={"file": (io.BytesIO(b"x"), "x.xlsx")},
                       content_type="multipart/form-data", headers=HTMX)
    assert htmx.status_code == 422 and htmx.get_data(as_text=True).startswith("<section")


def test_the_template_downloads_and_reads_back_as_empty(office, tan_phu):
    client, _ = office
    response = client.get("/history/import/template.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:2] == [importer.AWARD_SHEET, importer.INITIATIVE_SHEET]
    assert [c.value for c in book[importer.AWARD_SHEET][1]] == AWARD_HEADERS
    assert "PDT-TP" in [c.value for c in book[importer.UNIT_SHEET]["A"]]
    assert "LDTT" in [c.value for c in book[importer.CATALOGUE_SHEET]["A"]]
    assert importer.parse(io.BytesIO(response.data)).error == "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."


# Rule parameters ----------------------------------------------------------------------------------

def param(regime_code, key):
    from thidua.models import LegalRegime
    return (RuleParameter.select().join(LegalRegime)
            .where(LegalRegime.code == regime_code, RuleParameter.key == key).get())


def test_the_parameters_page_labels_unconfirmed_numbers(office):
    client, _ = office
    body = client.get("/history/parameters?regime=LAW2022_ND98").get_data(as_text=True)
    cap = param("LAW2022_ND98", "CSTDCS_CAP_PERCENT")
    assert "Tỷ lệ tối đa Chiến sĩ thi đua cơ sở so với số Lao động tiên tiến (%)" in body
    row = body.split(f'id="param-{cap.id}"')[1].split("</tr>")[0]
    assert "Chưa được xác nhận — có thể cấu hình" in row and "Để trống — không áp dụng" in row
    ttldxs = body.split(f'id="param-{param("LAW2022_ND98", "TTLDXS_MIN_LDTT_PERCENT").id}"')[1].split("</tr>")[0]
    assert "70%" in ttldxs and "Đã xác nhận" in ttldxs
    assert "/edit" not in body  # the office reads, the administrator edits
    assert client.get(f"/history/parameters/{cap.id}/edit").status_code == 403


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.LEADER, roles.COUNCIL_CHAIR])
def test_other_roles_do_not_see_the_parameters(login, role):
    client, _ = login(role)
    assert client.get("/history/parameters").status_code == 403


def test_admin_edits_a_parameter_and_the_rules_read_it(login, tan_phu):
    client, admin = login(roles.ADMIN)
    assert "Tham số tiêu chuẩn" in client.get("/history/parameters").get_data(as_text=True)
    members = [make_person(tan_phu) for _ in range(10)]
    for person in members[:7]:
        award(person, year=2024)

    def share_status():
        results = evaluate(Candidate("TTLDXS", "collective", None, tan_phu.id, 2024, on_date=D(2025, 1, 10)),
                           DbFacts())
        return next(r for r in results if r.code == "TTLDXS_SHARE").status

    assert share_status() == "pass"  # 7 of 10 = 70%, at least 70%
    target = param("LAW2022_ND98", "TTLDXS_MIN_LDTT_PERCENT")
    page = client.get(f"/history/parameters/{target.id}/edit")
    assert page.status_code == 200 and 'value="70"' in page.get_data(as_text=True)
    response = client.post(f"/history/parameters/{target.id}/edit",
                           data={"value": "80", "confirmed": "y", "note": "Thử mức 80%"})
    assert response.status_code == 303
    assert param("LAW2022_ND98", "TTLDXS_MIN_LDTT_PERCENT").value == "80"
    assert share_status() == "fail"
    [entry] = entries("update")
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("rule_parameter", target.id, admin.id)
    assert json.loads(entry.state_before)["value"] == "70%" and json.loads(entry.state_after)["value"] == "80%"

    # Unconfirmed: the failure becomes a warning, and the screen says so.
    client.post(f"/history/parameters/{target.id}/edit", data={"value": "80", "note": "Chưa đối chiếu"})
    assert share_status() == "warning"
    row = client.get("/history/parameters?regime=LAW2022_ND98").get_data(as_text=True).split(
        f'id="param-{target.id}"')[1].split("</tr>")[0]
    assert "Chưa được xác nhận — có thể cấu hình" in row


@pytest.mark.parametrize("key, value, message", [
    ("TTLDXS_MIN_LDTT_PERCENT", "bảy mươi", "Phải là một số"),
    ("TTLDXS_MIN_LDTT_PERCENT", "120", "từ 0 đến 100"),
    ("TTLDXS_MIN_LDTT_PERCENT", "", "bắt buộc phải có giá trị"),
    ("BK_TTG_YEARS", "2.5", "số nguyên"),
    ("BK_TTG_YEARS", "0", "Phải từ 1 đến 99"),
    ("LDTT_MIN_RATING", "so-so", "Lựa chọn không hợp lệ"),
    ("LDTT_MIN_RATING", "", "Lựa chọn không hợp lệ"),  # no blank choice where the rules need a value
])
def test_parameter_values_are_checked(login, key, value, message):
    client, _ = login(roles.ADMIN)
    target = param("LAW2022_ND98", key)
    before = target.value
    response = client.post(f"/history/parameters/{target.id}/edit", data={"value": value, "confirmed": "y"})
    assert response.status_code == 422 and message in response.get_data(as_text=True), response.get_data(as_text=True)
    assert param("LAW2022_ND98", key).value == before


@pytest.mark.parametrize("key, value, stored", [
    ("CSTDCS_CAP_PERCENT", "", ""), ("CSTDCS_CAP_PERCENT", "12,5", "12.5"),
    ("TTLDXS_NO_DISCIPLINE_FROM", "canh_cao", "canh_cao"), ("BK_TTG_INITIATIVES", "", ""),
])
def test_parameter_values_the_rules_accept_are_stored(login, key, value, stored):
    client, _ = login(roles.ADMIN)
    target = param("LAW2022_ND98", key)
    assert client.post(f"/history/parameters/{target.id}/edit", data={"value": value}).status_code == 303
    assert param("LAW2022_ND98", key).value == stored


def test_navigation_links(login, office):
    admin_client, _ = login(roles.ADMIN)
    admin_nav = admin_client.get("/inbox").get_data(as_text=True)
    assert "Tham số tiêu chuẩn" in admin_nav and "Lịch sử khen thưởng" not in admin_nav
    client, _ = office
    page = client.get("/history/").get_data(as_text=True)
    assert "Lịch sử khen thưởng" in page and "/history/import" in page and "/history/parameters" in page


def test_office_corrects_an_initiative_and_a_rating_with_htmx_redirects(office, lanh):
    client, _ = office
    initiative = Initiative.create(person=lanh, title="Sổ tay", scope="co_so", recognised_on=D(2021, 4, 1))
    rating = AnnualRating.create(person=lanh, year=2021, rating="good")
    response = client.post(f"/history/initiatives/{initiative.id}/edit", headers=HTMX, data={
        "title": "Sổ tay điện tử", "scope": "tinh_bo", "recognised_on": "2021-04-01"})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == f"/history/people/{lanh.id}#initiatives"
    assert Initiative.get_by_id(initiative.id).title == "Sổ tay điện tử"
    assert json.loads(entries("edit_initiative")[0].state_after) == {"initiative": "Sổ tay điện tử",
                                                                      "scope": "Cấp tỉnh, bộ"}
    page = client.get(f"/history/ratings/{rating.id}/edit").get_data(as_text=True)
    assert "Xếp loại năm 2021" in page and f"/history/ratings/{rating.id}/remove" in page
    assert client.post(f"/history/ratings/{rating.id}/edit", data={"rating": "excellent"}).status_code == 303
    assert AnnualRating.get_by_id(rating.id).rating == "excellent"
    removal = client.get(f"/history/initiatives/{initiative.id}/remove").get_data(as_text=True)
    assert "Sáng kiến “Sổ tay điện tử”" in removal and "Lý do gỡ bỏ" in removal
