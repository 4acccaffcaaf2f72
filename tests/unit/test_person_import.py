"""Reading people from .xlsx: every row checked, errors in Vietnamese with their line numbers."""
import io

from openpyxl import Workbook, load_workbook

from thidua.personnel import importer

HEADERS = importer.HEADERS


def xlsx(rows, headers=HEADERS, title=None) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def row(name="Nguyễn Thị Hoa", gender="Nữ", year=1985, ethnicity="Chơ Ro", position="Người có uy tín",
        number="075185001234", staff="Không"):
    return [None, name, gender, year, ethnicity, position, number, staff]


def test_a_good_row_is_parsed_into_values():
    parsed = importer.parse(xlsx([row()]))
    assert parsed.error is None and len(parsed.valid_rows) == 1
    data = parsed.valid_rows[0].data
    assert (data.full_name, data.gender, data.birth_year, data.ethnicity, data.position, data.is_staff,
            data.national_id) == ("Nguyễn Thị Hoa", "female", 1985, "32", "Người có uy tín", False, "075185001234")


def test_errors_name_their_excel_line():
    parsed = importer.parse(xlsx([row(), row(number=None), row(ethnicity="Kinhh", number=None)]))
    bad = parsed.invalid_rows
    assert [r.line for r in bad] == [4]
    assert bad[0].messages == ["Dòng 4: Dân tộc “Kinhh” không có trong danh mục 54 dân tộc."]


def test_every_problem_of_a_row_is_reported_at_once():
    parsed = importer.parse(xlsx([row(name="", gender="Ông", year="năm 85", ethnicity="", staff="?")]))
    errors = parsed.rows[0].errors
    assert "Chưa có họ và tên." in errors
    assert "Giới tính “Ông” không hợp lệ (ghi Nam hoặc Nữ)." in errors
    assert "Năm sinh “năm 85” không hợp lệ (ghi 4 chữ số, ví dụ 1985)." in errors
    assert "Chưa ghi dân tộc." in errors
    assert any(e.startswith("Cột “Là cán bộ, công chức (Có/Không)” phải ghi Có hoặc Không") for e in errors)


def test_birth_year_outside_the_allowed_range_is_an_error():
    parsed = importer.parse(xlsx([row(year=1850, number=None)]))
    assert parsed.rows[0].errors[0].startswith("Năm sinh phải từ 1900 đến ")


def test_national_id_rules_apply_to_each_row():
    parsed = importer.parse(xlsx([row(number="075085001234")]))
    assert parsed.rows[0].errors == [
        "Chữ số thứ 4 (0) của số CCCD là của người nam, không khớp với giới tính nữ."]


def test_a_number_stored_as_a_number_gets_its_leading_zero_back():
    parsed = importer.parse(xlsx([row(number=75185001234)]))
    assert parsed.valid_rows[0].data.national_id == "075185001234"


def test_the_same_number_twice_in_a_file_is_an_error_on_both_lines():
    parsed = importer.parse(xlsx([row(), row(name="Điểu Thị Hoa")]))
    assert [r.errors for r in parsed.rows] == [["Số CCCD trùng với dòng 3 trong cùng tệp."],
                                               ["Số CCCD trùng với dòng 2 trong cùng tệp."]]
    assert parsed.valid_rows == []


def test_everyday_names_of_ethnic_groups_are_understood():
    parsed = importer.parse(xlsx([row(ethnicity=e, number=None) for e in ("S'tiêng", "Châu Ro", "kinh", "Ê-đê")]))
    assert [r.data.ethnicity for r in parsed.rows] == ["22", "32", "01", "12"]


def test_decomposed_vietnamese_letters_are_composed():
    import unicodedata
    name = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    parsed = importer.parse(xlsx([row(name=name)]))
    assert parsed.valid_rows[0].data.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hoa")


def test_header_row_may_sit_below_a_title_and_blank_rows_are_skipped():
    parsed = importer.parse(xlsx([row(), [None] * 8, row(name="Lê Văn Tám", gender="Nam", year=1970,
                                                        number=None, staff="Có")], title="DANH SÁCH"))
    assert [r.line for r in parsed.rows] == [3, 5]
    assert parsed.error is None and len(parsed.valid_rows) == 2


def test_missing_required_column_is_a_file_error():
    parsed = importer.parse(xlsx([["Nguyễn Văn A"]], headers=["Họ và tên"]))
    assert parsed.error.startswith("Tệp thiếu cột: “Giới tính (Nam/Nữ)”")


def test_a_file_that_is_not_xlsx_is_refused():
    parsed = importer.parse(io.BytesIO(b"ho_ten,gioi_tinh\nNguyen Van A,Nam\n"))
    assert parsed.error.startswith("Tệp không phải bảng tính Excel .xlsx hợp lệ.")


def test_an_empty_sheet_is_a_file_error():
    assert importer.parse(xlsx([])).error == "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."


def test_too_many_rows_is_a_file_error(monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    parsed = importer.parse(xlsx([row(number=None)] * 3))
    assert parsed.error == "Tệp có hơn 2 dòng dữ liệu. Vui lòng chia thành nhiều tệp."


def test_digest_changes_when_the_valid_rows_change():
    one = importer.parse(xlsx([row()]))
    two = importer.parse(xlsx([row(position="Trưởng thôn")]))
    assert one.digest() == importer.parse(xlsx([row()])).digest()
    assert one.digest() != two.digest()


def test_template_reads_back_with_its_own_headers():
    workbook = load_workbook(io.BytesIO(importer.template_bytes()))
    assert [c.value for c in workbook[importer.SHEET_NAME][1]] == HEADERS
    assert importer.parse(io.BytesIO(importer.template_bytes())).error == \
        "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."
