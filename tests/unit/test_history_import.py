"""The award history importer (cells, sheets, matching people and awards) and the parameter checks."""
import datetime
import io
import unicodedata

import pytest
from openpyxl import Workbook

from thidua.forms_support import FieldError
from thidua.history import importer, parameters
from thidua.models import AwardRecord, Initiative
from thidua.rules import Candidate, MemoryFacts, REGISTRY, evaluate
from thidua.rules import params as rule_params
from tests.factories import make_person

D = datetime.date
AWARD_HEADERS = [c.header for c in importer.AWARD_COLUMNS]
INITIATIVE_HEADERS = [c.header for c in importer.INITIATIVE_COLUMNS]


def book(awards=(), initiatives=None, title_rows=(), award_sheet=importer.AWARD_SHEET, headers=None,
         first_sheet_extra=False) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    if first_sheet_extra:
        sheet.title = "Ghi chú"
        sheet.append(["Tệp của Văn phòng"])
        sheet = workbook.create_sheet(award_sheet)
    else:
        sheet.title = award_sheet
    for row in title_rows:
        sheet.append(row)
    sheet.append(headers or AWARD_HEADERS)
    for row in awards:
        sheet.append(row)
    if initiatives is not None:
        extra = workbook.create_sheet(importer.INITIATIVE_SHEET)
        extra.append(INITIATIVE_HEADERS)
        for row in initiatives:
            extra.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def arow(name="Điểu Văn Lành", unit="PDT-TP", year=2019, award="LDTT", number=None, decision="120/QĐ-BDT",
         decided_on="20/12/2019", body="Ban Dân tộc tỉnh Đồng Nai"):
    return [None, name, number, unit, year, award, decision, decided_on, body]


# Cells -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), (D(2020, 1, 5), D(2020, 1, 5)), (datetime.datetime(2020, 1, 5, 0, 0), D(2020, 1, 5)),
    ("05/01/2020", D(2020, 1, 5)), ("5/1/2020", D(2020, 1, 5)), ("05-01-2020", D(2020, 1, 5)),
    ("2020-01-05", D(2020, 1, 5)), ("31/02/2020", importer._BAD), ("năm 2020", importer._BAD),
])
def test_dates_read_from_cells(value, expected):
    assert importer.read_date(value) == expected


@pytest.mark.parametrize("value, expected", [
    (2019, 2019), (2019.0, 2019), ("2019", 2019), (None, None), ("", None), ("19", importer._BAD),
    ("2019a", importer._BAD), (True, importer._BAD), (2019.5, importer._BAD),
])
def test_years_read_from_cells(value, expected):
    assert importer.read_year(value) == expected


def test_parse_finds_the_header_below_a_title_and_a_named_sheet():
    parsed = importer.parse(book([arow()], title_rows=[["DANH SÁCH KHEN THƯỞNG CÁC NĂM"], []],
                                 first_sheet_extra=True))
    assert parsed.error is None and [r.line for r in parsed.awards] == [4]
    assert parsed.awards[0].cells["unit_code"] == "PDT-TP" and parsed.initiatives == []


def test_parse_reports_missing_columns_empty_files_and_non_workbooks():
    headers = [h for h in AWARD_HEADERS if not h.startswith("Năm")]
    assert importer.parse(book([arow()], headers=headers)).error == "Trang “Khen thưởng” thiếu cột: “Năm”."
    assert importer.parse(book([])).error == "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."
    assert "không phải bảng tính Excel" in importer.parse(io.BytesIO(b"PK not really")).error
    only_initiatives = importer.parse(book([], initiatives=[
        [None, "A", None, "U", "T", "Cấp cơ sở", "", "01/01/2020"]]))
    assert only_initiatives.error is None and len(only_initiatives.initiatives) == 1


# Against the database ----------------------------------------------------------------------------

@pytest.fixture
def units(app, make_unit):
    return make_unit(name="Phòng Dân tộc huyện Tân Phú", code="PDT-TP"), make_unit(name="Phòng Dân tộc huyện Định Quán",
                                                                                     code="PDT-DQ")


def test_people_are_matched_by_id_number_else_by_exact_name_within_the_unit(units):
    tan_phu, dinh_quan = units
    lanh = make_person(tan_phu, full_name="Điểu Văn Lành")
    hoa = make_person(dinh_quan, full_name="Nguyễn Thị Hoa", gender="female", birth_year=1985,
                      national_id="075185001234")
    decomposed = unicodedata.normalize("NFD", "điểu văn  lành")
    parsed = importer.read(book([
        arow(name=decomposed),                                                   # 2 name, other case and encoding
        arow(name=None, number=75185001234, unit="pdt-dq", year=2020, decided_on=None),  # 3 CCCD typed as a number
        arow(name="Nguyễn Thị Hòa", number="075185001234", unit="PDT-DQ", year=2021, decided_on=None),  # 4 ≠ CCCD
        arow(name=None, number="079185009999", year=2021, decided_on=None),     # 5 unknown CCCD
        arow(award="lao động tiên tiến", year=2017, decided_on=D(2018, 1, 10)),  # 6 award by name
    ]))
    ok = {r.line: r.data for r in parsed.awards if r.ok}
    assert ok[2].person_id == lanh.id and ok[2].subject == "individual" and ok[2].unit_name == tan_phu.name
    assert ok[3].person_id == hoa.id and ok[3].unit_id == dinh_quan.id
    assert ok[6].award_code == "LDTT" and ok[6].decided_on == D(2018, 1, 10)
    errors = {r.line: r.errors for r in parsed.invalid_rows}
    assert errors[4] == ["Họ và tên “Nguyễn Thị Hòa” không khớp với số CCCD (trong danh sách: “Nguyễn Thị Hoa”)."]
    assert errors[5] == ["Không có ai mang số CCCD ••••••••9999 trong danh sách cán bộ."]


def test_rows_are_checked_for_dates_subjects_and_duplicates(units):
    tan_phu, _ = units
    lanh = make_person(tan_phu, full_name="Điểu Văn Lành")
    next_year = D.today().year + 1
    parsed = importer.read(book([
        arow(decided_on=f"01/01/{next_year}"),                    # 2 decision in the future
        arow(decided_on="hôm qua"),                               # 3 unreadable date
        arow(name=None, award="LDTT"),                            # 4 individual title for a collective
        arow(year=2015, award="CSTDCS", decided_on=None),         # 5 valid
    ], initiatives=[
        [None, "Điểu Văn Lành", None, "PDT-TP", "Sổ tay số", "Cấp tỉnh", "Hội đồng", "01/10/2022", "5/QĐ"],
        [None, "Điểu Văn Lành", None, "PDT-TP", "sổ tay  số", "Cấp cơ sở", "Hội đồng", "01/10/2021", "6/QĐ"],
        [None, None, None, "PDT-TP", "Không tên", "Cấp cơ sở", "", "01/10/2021", ""],
        [None, "Điểu Văn Lành", None, "PDT-TP", "Bản đồ số", "Toàn quốc", "", "", ""],
    ]))
    errors = {(r.sheet, r.line): r.errors for r in parsed.invalid_rows}
    assert errors[("Khen thưởng", 2)] == ["Ngày quyết định không được sau ngày hôm nay."]
    assert errors[("Khen thưởng", 3)] == ["Ngày quyết định “hôm qua” không hợp lệ (ghi dd/mm/yyyy)."]
    assert errors[("Khen thưởng", 4)][0].startswith("“Lao động tiên tiến” là danh hiệu, hình thức dành cho cá nhân")
    assert [r.line for r in parsed.valid_awards] == [5]
    assert errors[("Sáng kiến", 2)] == ["Trùng với dòng 3 trong cùng trang (sáng kiến “Sổ tay số”)."]
    assert errors[("Sáng kiến", 4)] == ["Chưa ghi họ và tên người có sáng kiến."]
    assert errors[("Sáng kiến", 5)] == ["Chưa có ngày công nhận."]
    Initiative.create(person=lanh, title="Bản đồ số", scope="co_so", recognised_on=D(2020, 1, 1))
    again = importer.read(book([], initiatives=[
        [None, "Điểu Văn Lành", None, "PDT-TP", "Bản đồ số", "Toàn quốc", "", "01/01/2021", ""]]))
    assert again.invalid_rows[0].errors == ["Đã có trong lịch sử: sáng kiến “Bản đồ số” (công nhận ngày 01/01/2020)."]


def test_removed_records_do_not_block_an_import_and_the_digest_follows_the_rows(units):
    tan_phu, _ = units
    lanh = make_person(tan_phu, full_name="Điểu Văn Lành")
    AwardRecord.create(subject="individual", person=lanh, award_code="LDTT", year=2019,
                       removed_at=datetime.datetime.now())
    first = importer.read(book([arow()]))
    assert first.valid_count == 1
    assert importer.read(book([arow()])).digest() == first.digest()
    assert importer.read(book([arow(decision="121/QĐ-BDT")])).digest() != first.digest()


def test_the_award_name_is_that_of_the_regime_of_the_year(units):
    from thidua.models import AwardKind, LegalRegime
    tan_phu, _ = units
    make_person(tan_phu, full_name="Điểu Văn Lành")
    old = LegalRegime.get(LegalRegime.code == "LAW2003_ND91")
    AwardKind.update(name="Lao động tiên tiến (2003)").where(AwardKind.regime == old,
                                                              AwardKind.code == "LDTT").execute()
    parsed = importer.read(book([arow(year=2019), arow(year=2024, decided_on=None)]))
    assert [r.data.award_name for r in parsed.valid_awards] == ["Lao động tiên tiến (2003)", "Lao động tiên tiến"]


# Parameters --------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, text, stored", [
    ("TTLDXS_MIN_LDTT_PERCENT", "70", "70"), ("TTLDXS_MIN_LDTT_PERCENT", " 62,5 ", "62.5"),
    ("TTLDXS_MIN_LDTT_PERCENT", "70.00", "70"), ("CSTDCS_CAP_PERCENT", "", ""), ("LDTT_MIN_MONTHS", "0", "0"),
    ("BK_TTG_YEARS", "5", "5"), ("LDTT_MIN_RATING", "excellent", "excellent"),
    ("TTLDXS_NO_DISCIPLINE_FROM", "", ""), ("CSTDT_INITIATIVE_SCOPE", "toan_quoc", "toan_quoc"),
])
def test_parameter_values_accepted(key, text, stored):
    assert parameters.check_value(key, text) == stored


@pytest.mark.parametrize("key, text", [
    ("TTLDXS_MIN_LDTT_PERCENT", ""), ("TTLDXS_MIN_LDTT_PERCENT", "-1"), ("TTLDXS_MIN_LDTT_PERCENT", "62.125"),
    ("TTLDXS_MIN_LDTT_PERCENT", "NaN"), ("BK_TTG_YEARS", "0"), ("BK_TTG_YEARS", "1e3"), ("LDTT_MIN_MONTHS", "6.5"),
    ("LDTT_MIN_RATING", ""), ("TTLDXS_NO_DISCIPLINE_FROM", "under_review"), ("CSTDT_INITIATIVE_SCOPE", "xa"),
])
def test_parameter_values_refused(key, text):
    with pytest.raises(FieldError):
        parameters.check_value(key, text)


def test_parameter_values_read_in_words():
    assert parameters.display("TTLDXS_MIN_LDTT_PERCENT", "62.5") == "62,5%"
    assert parameters.display("LDTT_MIN_RATING", "good") == "Hoàn thành tốt nhiệm vụ"
    assert parameters.display("CSTDCS_CAP_PERCENT", "") == "Để trống — không áp dụng"
    assert parameters.display("BK_TTG_YEARS", "") == "Chưa cấu hình"


def _messages_with_key_empty(key: str) -> str:
    facts = MemoryFacts().set_param(rule_params.ND98, key, "")
    facts.add_person(1, unit_id=1, employed_since=D(2010, 1, 1)).add_person(2, unit_id=1)
    texts = []
    for (regime, award, subject) in REGISTRY:
        if regime != rule_params.ND98:
            continue
        candidate = Candidate(award, subject, 1 if subject == "individual" else None,
                              1 if subject == "collective" else None, 2024, on_date=D(2025, 1, 10))
        texts += [r.message for r in evaluate(candidate, facts)]
    return " ".join(texts)


@pytest.mark.parametrize("key", sorted(k for k, (_label, kind) in rule_params.KEYS.items()
                                       if kind in ("int", "percent")))
def test_only_the_keys_marked_optional_may_be_left_empty(key):
    """A number the rules need, left empty, stops its check with a warning naming it; an optional one does not."""
    named = f"({key})" in _messages_with_key_empty(key)
    if key in rule_params.OPTIONAL_KEYS:
        assert not named
    else:
        assert named


def test_the_rules_skip_history_rows_marked_removed(units):
    from thidua.models import AnnualRating, Discipline
    from thidua.rules import DbFacts
    tan_phu, _ = units
    person = make_person(tan_phu)
    now = datetime.datetime.now()
    AwardRecord.create(subject="individual", person=person, award_code="CSTDCS", year=2023, removed_at=now)
    AwardRecord.create(subject="collective", unit=tan_phu, award_code="TTLDXS", year=2023, removed_at=now)
    AnnualRating.create(person=person, year=2023, rating="excellent", removed_at=now)
    Initiative.create(person=person, title="Nhầm", scope="co_so", recognised_on=D(2023, 5, 1), removed_at=now)
    Discipline.create(person=person, level="canh_cao", starts_on=D(2023, 1, 1), removed_at=now)
    facts = DbFacts()
    assert facts.titles("individual", person.id, 2023) == set()
    assert facts.titles_for([person.id], 2023) == {person.id: set()}
    assert facts.years_with("collective", tan_phu.id, "TTLDXS") == []
    assert facts.rating(person.id, 2023) is None and facts.ratings_for([person.id], 2023) == {person.id: None}
    assert facts.initiatives(person.id) == [] and facts.disciplines(person.id) == []
