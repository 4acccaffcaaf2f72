"""Personnel: unit-scoped lists, search, Vietnamese order, add and edit, CCCD rules, .xlsx import."""
import io
import json
import time
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from thidua import roles
from thidua.models import AuditLog, Person
from thidua.personnel import importer
from tests.factories import make_person

HTMX = {"HX-Request": "true"}
HOA_ID = "075185001234"  # Đồng Nai, female, born 1985


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads" / "imports"


@pytest.fixture
def tan_phu(make_unit):
    return make_unit(name="Phòng Dân tộc huyện Tân Phú", code="PDT-TP")


@pytest.fixture
def dinh_quan(make_unit):
    return make_unit(name="Phòng Dân tộc huyện Định Quán", code="PDT-DQ")


@pytest.fixture
def staff(make_user, sign_in, tan_phu):
    user = make_user(roles.UNIT_STAFF, unit=tan_phu)
    sign_in(user)
    return user


@pytest.fixture
def office(make_user, sign_in, make_unit):
    user = make_user(roles.OFFICE, unit=make_unit(name="Văn phòng Ban", code="VP", kind="department"))
    sign_in(user)
    return user


def form(**overrides):
    data = {"full_name": "Nguyễn Thị Hoa", "gender": "female", "birth_year": "1985", "ethnicity": "32",
            "position": "Người có uy tín", "is_staff": "0", "national_id": HOA_ID}
    data.update(overrides)
    return data


def xlsx(rows, headers=importer.HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def row(name="Nguyễn Thị Hoa", gender="Nữ", year=1985, ethnicity="Chơ Ro", number=HOA_ID, staff="Không"):
    return [None, name, gender, year, ethnicity, "Người có uy tín", number, staff]


def upload(client, rows, headers=None, **extra):
    data = {"file": (xlsx(rows, **({"headers": headers} if headers else {})), "danh-sach.xlsx"), **extra}
    return client.post("/people/import", data=data, content_type="multipart/form-data")


def token_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


# Scope ---------------------------------------------------------------------------

def test_unit_staff_sees_only_their_own_units_people(client, staff, tan_phu, dinh_quan):
    make_person(tan_phu, full_name="Điểu Văn Lành")
    make_person(dinh_quan, full_name="Lê Thị Xa")
    body = client.get("/people/").get_data(as_text=True)
    assert "Điểu Văn Lành" in body and "Lê Thị Xa" not in body


def test_unit_staff_cannot_widen_the_list_with_a_unit_filter(client, staff, dinh_quan):
    make_person(dinh_quan, full_name="Lê Thị Xa")
    assert "Lê Thị Xa" not in client.get(f"/people/?unit={dinh_quan.id}").get_data(as_text=True)


@pytest.mark.parametrize("method, path", [("get", "/people/{}/edit"), ("get", "/people/{}/row"),
                                          ("post", "/people/{}/active"), ("post", "/people/{}/edit")])
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_person_of_another_unit_is_404_for_a_unit_user(client, staff, dinh_quan, method, path, headers):
    other = make_person(dinh_quan)
    response = getattr(client, method)(path.format(other.id), headers=headers, data=form())
    assert response.status_code == 404
    assert Person.get_by_id(other.id).full_name == other.full_name and Person.get_by_id(other.id).active


def test_office_sees_every_unit_and_can_filter_by_unit(client, office, tan_phu, dinh_quan):
    make_person(tan_phu, full_name="Điểu Văn Lành")
    make_person(dinh_quan, full_name="Lê Thị Xa")
    body = client.get("/people/").get_data(as_text=True)
    assert "Điểu Văn Lành" in body and "Lê Thị Xa" in body and "Phòng Dân tộc huyện Định Quán" in body
    filtered = client.get(f"/people/?unit={dinh_quan.id}", headers=HTMX).get_data(as_text=True)
    assert "Lê Thị Xa" in filtered and "Điểu Văn Lành" not in filtered


def test_office_edits_a_person_of_any_unit(client, office, dinh_quan):
    person = make_person(dinh_quan, full_name="Lê Thị Xa", gender="female", birth_year=1990)
    response = client.post(f"/people/{person.id}/edit", data=form(
        full_name="Lê Thị Xuân", gender="female", birth_year="1990", national_id="", unit_id=str(dinh_quan.id)))
    assert response.status_code == 303
    assert Person.get_by_id(person.id).full_name == "Lê Thị Xuân"


@pytest.mark.parametrize("role", [roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR, roles.LEADER])
def test_council_and_leaders_read_the_lists_without_personal_data_or_changes(client, make_user, sign_in,
                                                                             tan_phu, role):
    person = make_person(tan_phu, full_name="Điểu Văn Lành", birth_year=1977, ethnicity="32",
                         national_id="075077001234")
    sign_in(make_user(role))
    body = client.get("/people/").get_data(as_text=True)
    assert "Điểu Văn Lành" in body
    assert "1977" not in body and "Chơ Ro" not in body and "1234" not in body
    assert f"/people/{person.id}/edit" not in body and "Thêm người" not in body
    assert client.get(f"/people/{person.id}/edit").status_code == 403
    assert client.post(f"/people/{person.id}/active", data={"active": "0"}).status_code == 403
    assert client.get("/people/new").status_code == 403
    assert client.get("/people/import").status_code == 403


def test_a_user_without_a_role_may_not_open_the_lists(client, make_user, sign_in):
    sign_in(make_user())
    assert client.get("/people/").status_code == 403


def test_navigation_shows_the_people_link_to_roles_that_may_see_it(app, client, make_user, sign_in):
    sign_in(make_user(roles.UNIT_HEAD))
    assert 'href="/people/"' in client.get("/inbox").get_data(as_text=True)
    other = app.test_client()
    sign_in(make_user(), the_client=other)
    assert 'href="/people/"' not in other.get("/inbox").get_data(as_text=True)


# List: search, order, masking, pages ---------------------------------------------------

def test_search_is_case_insensitive_for_vietnamese_letters(client, staff, tan_phu):
    make_person(tan_phu, full_name="Điểu Thị Mai")
    make_person(tan_phu, full_name="Nguyễn Văn Đức")
    response = client.get("/people/?q=điểu thị", headers=HTMX)
    body = response.get_data(as_text=True)
    assert body.startswith('<div id="person-list">') and "<html" not in body
    assert "Điểu Thị Mai" in body and "Nguyễn Văn Đức" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_search_matches_decomposed_input(client, staff, tan_phu):
    make_person(tan_phu, full_name="Nguyễn Văn Đức")
    body = client.get("/people/?q=" + unicodedata.normalize("NFD", "NGUYỄN"), headers=HTMX).get_data(as_text=True)
    assert "Nguyễn Văn Đức" in body


def test_search_by_full_national_id_for_those_who_keep_the_list(client, staff, tan_phu):
    make_person(tan_phu, full_name="Nguyễn Thị Hoa", gender="female", birth_year=1985, national_id=HOA_ID)
    make_person(tan_phu, full_name="Lê Văn Tám")
    body = client.get(f"/people/?q={HOA_ID}", headers=HTMX).get_data(as_text=True)
    assert "Nguyễn Thị Hoa" in body and "Lê Văn Tám" not in body


def test_people_are_listed_by_given_name_in_vietnamese_order(client, staff, tan_phu):
    for name in ["Lê Văn Đức", "Phạm Thị Dung", "Nguyễn Thị Ánh", "Trần Văn Bình", "Trần Thị An", "Hoàng Văn Anh"]:
        make_person(tan_phu, full_name=name)
    body = client.get("/people/").get_data(as_text=True)
    order = ["Trần Thị An", "Hoàng Văn Anh", "Nguyễn Thị Ánh", "Trần Văn Bình", "Phạm Thị Dung", "Lê Văn Đức"]
    positions = [body.index(name) for name in order]
    assert positions == sorted(positions)


def test_national_id_is_masked_in_the_list(client, staff, tan_phu):
    make_person(tan_phu, gender="female", birth_year=1985, national_id=HOA_ID)
    body = client.get("/people/").get_data(as_text=True)
    assert HOA_ID not in body and "••••••••1234" in body


def test_the_edit_form_shows_the_whole_number_and_logs_the_viewing(client, staff, tan_phu):
    person = make_person(tan_phu, gender="female", birth_year=1985, national_id=HOA_ID)
    body = client.get(f"/people/{person.id}/edit", headers=HTMX).get_data(as_text=True)
    assert f'value="{HOA_ID}"' in body
    entry = AuditLog.get(AuditLog.object_type == "person", AuditLog.object_id == person.id)
    assert entry.action == "view_national_id" and entry.actor_id == staff.id


def test_inactive_people_follow_the_active_ones(client, staff, tan_phu):
    make_person(tan_phu, full_name="Trần Thị An", active=False)
    make_person(tan_phu, full_name="Lê Văn Tám")
    body = client.get("/people/").get_data(as_text=True)
    assert body.index("Lê Văn Tám") < body.index("Trần Thị An")


def test_the_list_is_paginated(app, client, staff, tan_phu):
    app.config["PAGE_SIZE"] = 5
    for _ in range(12):
        make_person(tan_phu)
    assert "Trang 1/3" in client.get("/people/").get_data(as_text=True)
    assert "Trang 3/3" in client.get("/people/?page=3").get_data(as_text=True)


# Add, edit, deactivate ----------------------------------------------------------------

def test_unit_staff_adds_a_person_to_their_own_unit(client, staff, tan_phu, dinh_quan):
    response = client.post("/people/new", data=form(unit_id=str(dinh_quan.id)))
    assert response.status_code == 303
    person = Person.get(Person.full_name == "Nguyễn Thị Hoa")
    assert person.unit_id == tan_phu.id
    assert (person.gender, person.birth_year, person.ethnicity, person.is_staff, person.national_id) == \
        ("female", 1985, "32", False, HOA_ID)
    entry = AuditLog.get(AuditLog.object_type == "person", AuditLog.object_id == person.id)
    assert entry.action == "create" and entry.actor_id == staff.id
    after = json.loads(entry.state_after)
    # The append-only log keeps the ID number masked.
    assert after["national_id"] == "••••••••1234" and HOA_ID not in entry.state_after


def test_office_chooses_the_unit(client, office, dinh_quan):
    assert client.post("/people/new", data=form(unit_id=str(dinh_quan.id))).status_code == 303
    assert Person.get(Person.full_name == "Nguyễn Thị Hoa").unit_id == dinh_quan.id


def test_office_must_choose_a_unit(client, office):
    response = client.post("/people/new", data=form(unit_id=""))
    assert response.status_code == 422 and "Vui lòng chọn đơn vị." in response.get_data(as_text=True)


def test_missing_fields_are_reported_in_vietnamese_and_nothing_is_saved(client, staff):
    response = client.post("/people/new", data=form(full_name="", gender="", ethnicity=""))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Trường này là bắt buộc." in body and "Vui lòng chọn giới tính." in body
    assert "Vui lòng chọn dân tộc." in body
    assert Person.select().count() == 0


def test_an_ethnicity_outside_the_54_groups_is_refused(client, staff):
    response = client.post("/people/new", data=form(ethnicity="99"))
    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ" in response.get_data(as_text=True)


@pytest.mark.parametrize("year", ["1899", str(time.localtime().tm_year + 1), "85", "abcd"])
def test_birth_year_must_be_four_digits_from_1900_to_this_year(client, staff, year):
    response = client.post("/people/new", data=form(birth_year=year, national_id=""))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Năm sinh phải từ 1900 đến" in body or "Năm sinh gồm 4 chữ số" in body
    assert Person.select().count() == 0


@pytest.mark.parametrize("number, message", [
    ("07518500123", "Số CCCD phải gồm đúng 12 chữ số (số đã nhập có 11 chữ số)."),
    ("999185001234", "Ba chữ số đầu “999” không phải mã tỉnh, thành phố hợp lệ của số CCCD."),
    ("075085001234", "Chữ số thứ 4 (0) của số CCCD là của người nam, không khớp với giới tính nữ."),
    ("075385001234", "Chữ số thứ 4 (3) của số CCCD là của người sinh trong các năm 2000–2099, "
                     "không khớp với năm sinh 1985."),
    ("075186001234", "Chữ số thứ 5 và 6 (86) của số CCCD phải là hai số cuối của năm sinh (85)."),
])
def test_national_id_rules_give_a_field_error(client, staff, number, message):
    response = client.post("/people/new", data=form(national_id=number))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert 'id="national_id-error"' in body and 'aria-describedby="national_id-hint national_id-error"' in body
    assert Person.select().count() == 0


def test_a_national_id_typed_with_spaces_is_accepted(client, staff):
    assert client.post("/people/new", data=form(national_id="075 185 001 234")).status_code == 303
    assert Person.get().national_id == HOA_ID


def test_a_duplicate_national_id_names_the_unit_that_has_it(client, staff, dinh_quan):
    make_person(dinh_quan, gender="female", birth_year=1985, national_id=HOA_ID)
    response = client.post("/people/new", data=form(full_name="Tên đã gõ"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Số CCCD này đã có trong danh sách (đơn vị Phòng Dân tộc huyện Định Quán)." in body
    assert 'value="Tên đã gõ"' in body
    assert Person.select().count() == 1


def test_inline_edit_returns_the_form_row_for_htmx(client, staff, tan_phu):
    person = make_person(tan_phu, full_name="Lê Văn Tám")
    body = client.get(f"/people/{person.id}/edit", headers=HTMX).get_data(as_text=True)
    assert body.startswith(f'<tr id="person-{person.id}" class="editing">')
    assert 'value="Lê Văn Tám"' in body and 'name="unit_id"' not in body


def test_the_edit_form_shows_the_stored_values(client, office, tan_phu):
    person = make_person(tan_phu, full_name="Điểu Khen", gender="male", birth_year=1956, ethnicity="32",
                         position="Người có uy tín", is_staff=False)
    body = client.get(f"/people/{person.id}/edit").get_data(as_text=True)
    assert '<option selected value="0">' in body and '<option selected value="32">' in body
    assert '<option selected value="male">' in body and 'value="1956"' in body
    assert f'<option selected value="{tan_phu.id}">' in body


def test_inline_edit_saves_and_audits_before_and_after(client, staff, tan_phu):
    person = make_person(tan_phu, full_name="Lê Văn Tám", gender="male", birth_year=1970, ethnicity="01",
                         position="Chuyên viên", is_staff=True)
    response = client.post(f"/people/{person.id}/edit", headers=HTMX, data=form(
        full_name="Lê Văn Tám", gender="male", birth_year="1970", ethnicity="01", position="Trưởng phòng",
        is_staff="1", national_id=""))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.startswith(f'<tr id="person-{person.id}">') and "Trưởng phòng" in body
    entry = AuditLog.get(AuditLog.action == "update", AuditLog.object_id == person.id)
    assert json.loads(entry.state_before) == {"job_title": "Chuyên viên"}
    assert json.loads(entry.state_after) == {"job_title": "Trưởng phòng"}


def test_changing_the_name_changes_the_sort_key(client, staff, tan_phu):
    person = make_person(tan_phu, full_name="Lê Văn Tám", national_id=None)
    client.post(f"/people/{person.id}/edit", data=form(full_name="Lê Văn An", gender="male", birth_year="1980",
                                                       national_id=""))
    from thidua.vnsort import name_key
    assert Person.get_by_id(person.id).sort_key == name_key("Lê Văn An")


def test_inline_edit_error_keeps_the_form_row_with_422(client, staff, tan_phu):
    person = make_person(tan_phu, full_name="Lê Văn Tám")
    response = client.post(f"/people/{person.id}/edit", headers=HTMX,
                           data=form(full_name="Tên mới gõ", national_id="123"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "editing" in body and 'value="Tên mới gõ"' in body
    assert Person.get_by_id(person.id).full_name == "Lê Văn Tám"


def test_the_system_log_names_person_changes_but_hides_their_values_from_the_admin(client, make_user, sign_in):
    admin = make_user(roles.ADMIN)
    sign_in(admin)
    client.post("/people/new", data=form(unit_id=str(admin.unit_id)))
    body = client.get("/admin/audit?type=person").get_data(as_text=True)
    assert "Cán bộ, cá nhân" in body and "Dân tộc: (dữ liệu cá nhân, không hiển thị)" in body
    assert "Chơ Ro" not in body and HOA_ID not in body and "1234" not in body


def test_deactivate_and_reactivate_instead_of_deleting(client, staff, tan_phu):
    person = make_person(tan_phu)
    response = client.post(f"/people/{person.id}/active", data={"active": "0"}, headers=HTMX)
    assert "Ngừng theo dõi" in response.get_data(as_text=True)
    assert Person.get_by_id(person.id).active is False
    client.post(f"/people/{person.id}/active", data={"active": "1"})
    assert Person.get_by_id(person.id).active is True
    actions = [e.action for e in AuditLog.select().where(AuditLog.object_type == "person",
                                                         AuditLog.object_id == person.id).order_by(AuditLog.id)]
    assert actions == ["deactivate", "activate"]


# Import ---------------------------------------------------------------------------------

def test_template_downloads_and_opens_with_the_right_headers(client, staff):
    response = client.get("/people/import/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook[importer.SHEET_NAME]
    assert [c.value for c in sheet[1]] == ["STT", "Họ và tên", "Giới tính (Nam/Nữ)", "Năm sinh", "Dân tộc",
                                           "Chức vụ, chức danh", "Số CCCD (12 chữ số)",
                                           "Là cán bộ, công chức (Có/Không)"]
    assert sheet.freeze_panes == "A2"
    groups = [r[1] for r in workbook[importer.ETHNICITY_SHEET].iter_rows(min_row=2, values_only=True)]
    assert len(groups) == 54 and groups[0] == "Kinh"
    assert any("Dân tộc" in v.formula1 for v in sheet.data_validations.dataValidation)


def test_preview_shows_each_rows_values_or_errors_and_saves_nothing(client, staff):
    rows = [row(), row(name="Lê Văn Tám", gender="Nam", year=1970, ethnicity="Kinh", number=None, staff="Có"),
            row(name="Điểu Thị Mai", ethnicity="Kinhh", number=None), row(name="K’ Thị Hồng", year=1850, number=None)]
    token = token_of(upload(client, rows))
    response = client.get(f"/people/import/{token}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 dòng dữ liệu: <strong>2 dòng hợp lệ</strong>" in body
    assert "Dòng 4: Dân tộc “Kinhh” không có trong danh mục 54 dân tộc." in body
    assert "Dòng 5: Năm sinh phải từ 1900 đến" in body
    assert "Nguyễn Thị Hoa" in body and "Chơ Ro" in body and HOA_ID not in body and "••••••••1234" in body
    assert Person.select().count() == 0
    assert not AuditLog.select().where(AuditLog.object_type == "person").exists()


def test_confirm_imports_only_the_valid_rows_in_one_go(client, staff, tan_phu, uploads):
    rows = [row(), row(name="Lê Văn Tám", gender="Nam", year=1970, ethnicity="Kinh", number=None, staff="Có"),
            row(name="Điểu Thị Mai", ethnicity="Kinhh", number=None)]
    token = token_of(upload(client, rows))
    digest = importer.parse(io.BytesIO((uploads / f"{token}.xlsx").read_bytes())).digest()
    response = client.post(f"/people/import/{token}", data={"digest": digest})
    assert response.status_code == 303 and response.headers["Location"] == f"/people/?unit={tan_phu.id}"
    names = sorted(p.full_name for p in Person.select().where(Person.unit == tan_phu))
    assert names == ["Lê Văn Tám", "Nguyễn Thị Hoa"]
    summary = AuditLog.get(AuditLog.action == "import")
    assert (summary.object_type, summary.object_id, summary.actor_id) == ("unit", tan_phu.id, staff.id)
    assert json.loads(summary.state_after) == {"count": 2, "file": "danh-sach.xlsx"}
    assert AuditLog.select().where(AuditLog.object_type == "person", AuditLog.action == "create").count() == 2
    assert "Đã nhập 2 người vào danh sách. Bỏ qua 1 dòng có lỗi." in client.get("/people/").get_data(as_text=True)
    # The file is gone: confirming twice imports nothing more.
    assert client.post(f"/people/import/{token}", data={"digest": digest}).status_code == 404
    assert Person.select().count() == 2


def test_confirm_refuses_when_the_rows_changed_since_the_preview(client, staff, dinh_quan, uploads):
    token = token_of(upload(client, [row(), row(name="Lê Văn Tám", gender="Nam", number=None, staff="Có")]))
    digest = importer.parse(io.BytesIO((uploads / f"{token}.xlsx").read_bytes())).digest()
    make_person(dinh_quan, gender="female", birth_year=1985, national_id=HOA_ID)  # added meanwhile elsewhere
    response = client.post(f"/people/import/{token}", data={"digest": digest})
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Danh sách đã thay đổi kể từ lúc xem trước" in body
    assert "Số CCCD này đã có trong danh sách (đơn vị Phòng Dân tộc huyện Định Quán)." in body
    assert Person.select().count() == 1


def test_a_national_id_already_stored_is_a_row_error(client, staff, tan_phu):
    make_person(tan_phu, gender="female", birth_year=1985, national_id=HOA_ID)
    token = token_of(upload(client, [row()]))
    body = client.get(f"/people/import/{token}").get_data(as_text=True)
    assert "Dòng 2: Số CCCD này đã có trong danh sách (đơn vị Phòng Dân tộc huyện Tân Phú)." in body
    assert "Xác nhận nhập" not in body


def test_the_same_national_id_twice_in_the_file_is_an_error(client, staff):
    token = token_of(upload(client, [row(), row(name="Điểu Thị Hoa")]))
    body = client.get(f"/people/import/{token}").get_data(as_text=True)
    assert "Dòng 2: Số CCCD trùng với dòng 3 trong cùng tệp." in body
    assert "Dòng 3: Số CCCD trùng với dòng 2 trong cùng tệp." in body


def test_a_file_that_is_not_xlsx_is_refused(client, staff, uploads):
    data = {"file": (io.BytesIO(b"ho_ten,gioi_tinh\nNguyen Van A,Nam\n"), "danh-sach.xlsx")}
    response = client.post("/people/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Tệp không phải bảng tính Excel .xlsx hợp lệ." in response.get_data(as_text=True)
    assert not uploads.exists() or not any(uploads.iterdir())


def test_an_upload_without_a_file_is_refused(client, staff):
    response = client.post("/people/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Vui lòng chọn tệp .xlsx để tải lên." in response.get_data(as_text=True)


def test_a_file_over_the_configured_size_is_refused(app, client, staff):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    data = {"file": (io.BytesIO(b"0" * (1024 * 1024 + 1)), "lon.xlsx")}
    response = client.post("/people/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Tệp quá lớn: tối đa 1 MB." in response.get_data(as_text=True)


def test_the_token_of_another_user_is_refused(app, client, staff, make_user, sign_in, tan_phu, uploads):
    token = token_of(upload(client, [row()]))
    digest = importer.parse(io.BytesIO((uploads / f"{token}.xlsx").read_bytes())).digest()
    colleague = app.test_client()
    sign_in(make_user(roles.UNIT_HEAD, unit=tan_phu), the_client=colleague)
    assert colleague.get(f"/people/import/{token}").status_code == 404
    response = colleague.post(f"/people/import/{token}", data={"digest": digest})
    assert response.status_code == 404
    assert "Không tìm thấy tệp đang chờ nhập" in response.get_data(as_text=True)
    assert Person.select().count() == 0
    assert client.get(f"/people/import/{token}").status_code == 200  # still there for its owner


def test_an_expired_or_unknown_token_is_refused_in_vietnamese(client, staff, uploads):
    token = token_of(upload(client, [row()]))
    meta_path = uploads / f"{token}.json"
    meta = json.loads(meta_path.read_text())
    meta["created"] -= 2 * 3600
    meta_path.write_text(json.dumps(meta))
    response = client.post(f"/people/import/{token}", data={"digest": "x"})
    assert response.status_code == 404
    assert "đã quá hạn" in response.get_data(as_text=True)
    assert not (uploads / f"{token}.xlsx").exists()
    assert client.get("/people/import/../../secret_key").status_code == 404
    assert client.get("/people/import/" + "A" * 43).status_code == 404


def test_unit_staff_import_goes_to_their_own_unit_whatever_unit_is_posted(client, staff, tan_phu, dinh_quan,
                                                                          uploads):
    token = token_of(upload(client, [row()], unit_id=str(dinh_quan.id)))
    assert json.loads((uploads / f"{token}.json").read_text())["unit_id"] == tan_phu.id


def test_office_imports_into_the_unit_it_chooses(client, office, dinh_quan, uploads):
    response = upload(client, [row()])
    assert response.status_code == 422 and "Vui lòng chọn đơn vị." in response.get_data(as_text=True)
    token = token_of(upload(client, [row()], unit_id=str(dinh_quan.id)))
    assert "Phòng Dân tộc huyện Định Quán" in client.get(f"/people/import/{token}").get_data(as_text=True)
    digest = importer.parse(io.BytesIO((uploads / f"{token}.xlsx").read_bytes())).digest()
    client.post(f"/people/import/{token}", data={"digest": digest})
    assert Person.get().unit_id == dinh_quan.id


def test_htmx_upload_swaps_in_the_preview_and_pushes_its_address(client, staff):
    data = {"file": (xlsx([row()]), "danh-sach.xlsx")}
    response = client.post("/people/import", data=data, content_type="multipart/form-data", headers=HTMX,
                           follow_redirects=True)
    body = response.get_data(as_text=True)
    assert body.startswith("<section id=\"import-step\"") and "<html" not in body
    assert response.headers["HX-Push-Url"].startswith("/people/import/")


def test_cancel_drops_the_file(client, staff, uploads):
    token = token_of(upload(client, [row()]))
    response = client.post(f"/people/import/{token}/cancel")
    assert response.status_code == 303
    assert not (uploads / f"{token}.xlsx").exists() and not (uploads / f"{token}.json").exists()
    assert Person.select().count() == 0


def test_expired_files_are_cleaned_up_at_the_next_upload(client, staff, uploads):
    token = token_of(upload(client, [row()]))
    meta_path = uploads / f"{token}.json"
    meta = json.loads(meta_path.read_text())
    meta["created"] -= 2 * 3600
    meta_path.write_text(json.dumps(meta))
    token_of(upload(client, [row()]))
    assert not Path(uploads / f"{token}.xlsx").exists() and not meta_path.exists()


def test_a_database_conflict_during_import_saves_no_row_and_keeps_the_preview(client, staff, dinh_quan, uploads,
                                                                             monkeypatch):
    from thidua.personnel import services
    make_person(dinh_quan, gender="female", birth_year=1985, national_id=HOA_ID)
    rows = [row(name="Lê Văn Tám", gender="Nam", year=1970, ethnicity="Kinh", number=None, staff="Có"), row()]
    token = token_of(upload(client, rows))
    digest = importer.parse(io.BytesIO((uploads / f"{token}.xlsx").read_bytes())).digest()
    # As if another user saved the same number between the check and the insert.
    monkeypatch.setattr(services, "units_holding", lambda *args, **kwargs: {})
    response = client.post(f"/people/import/{token}", data={"digest": digest})
    assert response.status_code == 409
    assert "chưa có dòng nào được lưu" in response.get_data(as_text=True)
    assert Person.select().count() == 1  # the first row was rolled back with the second
    assert not AuditLog.select().where(AuditLog.action == "import").exists()
    assert client.get(f"/people/import/{token}").status_code == 200


def test_a_file_being_imported_by_another_request_is_not_imported_twice(client, staff, uploads):
    token = token_of(upload(client, [row()]))
    digest = importer.parse(io.BytesIO((uploads / f"{token}.xlsx").read_bytes())).digest()
    (uploads / f"{token}.xlsx").rename(uploads / f"{token}.claimed-0000")  # what the other request did
    response = client.post(f"/people/import/{token}", data={"digest": digest})
    assert response.status_code == 404 and Person.select().count() == 0


def test_an_oversized_post_before_sign_in_gets_the_413_page(app):
    app.config.update(WTF_CSRF_ENABLED=True, MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/people/import", data={"file": (io.BytesIO(b"0" * 4096), "a.xlsx")},
                                      content_type="multipart/form-data")
    assert response.status_code == 413 and "Tệp quá lớn" in response.get_data(as_text=True)
