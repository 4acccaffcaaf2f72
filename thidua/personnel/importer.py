"""Read a list of people from an .xlsx file, row by row, and build the blank template.

Nothing here writes to the database: parse() returns every row with its values or its
errors in Vietnamese, and the caller decides what to import once the user has confirmed.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import unicodedata
from dataclasses import asdict, dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..import_rows import (NOT_XLSX, NotASpreadsheet, RowVerdict, cell_text,  # noqa: F401  (re-exported)
                           national_id_text, open_workbook)
from .. import national_id
from ..ethnicities import ETHNICITIES
from ..models.person import GENDERS
from .services import BIRTH_YEAR_MIN, PersonData, max_birth_year, rule_problems

log = logging.getLogger(__name__)

MAX_ROWS = 1000
SHEET_NAME = "Danh sách"
ETHNICITY_SHEET = "Dân tộc"
HELP_SHEET = "Hướng dẫn"
# The header row may sit below a title; look for it among the first rows only.
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 30


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False


COLUMNS = (
    Column("number", "STT", 6),
    Column("full_name", "Họ và tên", 28, required=True),
    Column("gender", "Giới tính (Nam/Nữ)", 12, required=True),
    Column("birth_year", "Năm sinh", 10),
    Column("ethnicity", "Dân tộc", 16, required=True),
    Column("position", "Chức vụ, chức danh", 30),
    Column("national_id", "Số CCCD (12 chữ số)", 18),
    Column("is_staff", "Là cán bộ, công chức (Có/Không)", 16, required=True),
)
HEADERS = [c.header for c in COLUMNS]
_BY_KEY = {c.key: c for c in COLUMNS}

YES, NO = "Có", "Không"


def _key(text) -> str:
    """Compare names without case, tone-mark encoding, spaces, hyphens or apostrophes."""
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    return "".join(ch for ch in text if ch.isalnum())


# A header is recognised by its first words, so "Giới tính" and "Giới tính (Nam/Nữ)" both match.
_HEADER_KEYS = {c.key: _key(c.header.split("(")[0]) for c in COLUMNS}
_HEADER_KEYS["national_id"] = _key("Số CCCD")

_ETHNICITY_BY_KEY = {_key(name): code for code, name in ETHNICITIES.items()}
# Names the groups go by in everyday writing, besides the statistics office's list.
_ETHNICITY_BY_KEY.update({
    _key("H'Mông"): "08", _key("Hmông"): "08", _key("Mèo"): "08",
    _key("Khơ-me"): "05", _key("Khơme"): "05", _key("Khmer Krom"): "05",
    _key("S'tiêng"): "22", _key("Stiêng"): "22", _key("Xtiêng"): "22",
    _key("Châu Ro"): "32", _key("Chơro"): "32", _key("Raglai"): "21", _key("Êđê"): "12",
    _key("Ba-na"): "13", _key("Bahnar"): "13", _key("Jrai"): "10", _key("Gia-rai"): "10",
    _key("M'Nông"): "20", _key("Chu-ru"): "36", _key("Cờ Ho"): "16", _key("K'Ho"): "16",
    _key("Vân Kiều"): "23", _key("Bru"): "23", _key("Hoa (Hán)"): "04", _key("Việt"): "01",
})
_GENDER_BY_KEY = {_key("Nam"): "male", _key("Nữ"): "female", _key("Nu"): "female"}
_YES_NO = {_key(YES): True, _key("x"): True, _key("Co"): True, _key(NO): False, _key("Khong"): False}


@dataclass
class ImportRow(RowVerdict):
    """One data row of the sheet: what it said, and either the parsed values or the errors."""

    line: int
    cells: dict[str, str]
    data: PersonData | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ParsedFile:
    rows: list[ImportRow] = field(default_factory=list)
    error: str | None = None

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.ok]

    def digest(self) -> str:
        """Fingerprint the rows that would be imported, so a confirm imports what the preview showed."""
        payload = [[r.line, asdict(r.data)] for r in self.valid_rows]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """Return the index of the header row and the column index of each known header."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions = {}
        for col, value in enumerate(row):
            cell = _key(value)
            for key, header_key in _HEADER_KEYS.items():
                if key not in positions and cell.startswith(header_key) and cell:
                    positions[key] = col
                    break
        if "full_name" in positions:
            return index, positions
    return None


_BAD = object()


def _birth_year(value):
    """Return the year, None when blank, or _BAD when the cell holds something else."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.year  # a full date of birth: keep the year
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = cell_text(value)
    if text.isdigit() and len(text) == 4:
        return int(text)
    return _BAD


def _parse_row(line: int, values: tuple, positions: dict[str, int]) -> ImportRow:
    def raw(key):
        col = positions.get(key)
        return values[col] if col is not None and col < len(values) else None

    row = ImportRow(line=line, cells={key: cell_text(raw(key)) for key in positions})
    reported = set()

    def error(key: str, message: str) -> None:
        row.errors.append(message)
        reported.add(key)

    full_name = row.cells.get("full_name", "")
    if not full_name:
        error("full_name", "Chưa có họ và tên.")
    gender_text = row.cells.get("gender", "")
    gender = _GENDER_BY_KEY.get(_key(gender_text))
    if gender is None:
        error("gender", f"Giới tính “{gender_text}” không hợp lệ (ghi Nam hoặc Nữ)." if gender_text
              else "Chưa ghi giới tính (Nam hoặc Nữ).")
    birth_year = _birth_year(raw("birth_year"))
    if birth_year is _BAD:
        error("birth_year", f"Năm sinh “{row.cells.get('birth_year')}” không hợp lệ (ghi 4 chữ số, ví dụ 1985).")
        birth_year = None
    ethnicity_text = row.cells.get("ethnicity", "")
    ethnicity = _ETHNICITY_BY_KEY.get(_key(ethnicity_text))
    if ethnicity is None:
        error("ethnicity", f"Dân tộc “{ethnicity_text}” không có trong danh mục 54 dân tộc." if ethnicity_text
              else "Chưa ghi dân tộc.")
    staff_text = row.cells.get("is_staff", "")
    is_staff = _YES_NO.get(_key(staff_text))
    if is_staff is None:
        error("is_staff", f"Cột “{_BY_KEY['is_staff'].header}” phải ghi {YES} hoặc {NO}"
              + (f", không phải “{staff_text}”." if staff_text else "."))
    number = national_id_text(raw("national_id")) if "national_id" in positions else ""
    row.cells["national_id"] = number
    data = PersonData(full_name=full_name, gender=gender or "", birth_year=birth_year, ethnicity=ethnicity or "",
                      position=row.cells.get("position", ""), is_staff=bool(is_staff), national_id=number or None)
    # The same rules as the form; a field already reported above is not reported twice.
    for key, message in rule_problems(data):
        if key not in reported:
            row.errors.append(message)
    if not row.errors:
        row.data = data
    return row


def _mark_duplicates_within(rows: list[ImportRow]) -> None:
    lines_by_number: dict[str, list[int]] = {}
    for row in rows:
        number = row.cells.get("national_id")
        if number and len(number) == national_id.LENGTH:
            lines_by_number.setdefault(number, []).append(row.line)
    for row in rows:
        lines = lines_by_number.get(row.cells.get("national_id") or "", [])
        if len(lines) > 1:
            others = ", ".join(str(n) for n in lines if n != row.line)
            row.reject(f"Số CCCD trùng với dòng {others} trong cùng tệp.")


def parse(stream) -> ParsedFile:
    """Read the first sheet (or the one named “Danh sách”) and check every row."""
    try:
        workbook = open_workbook(stream)
    except NotASpreadsheet as exc:
        return ParsedFile(error=str(exc))
    try:
        sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        head = [tuple(r) for r in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS, values_only=True)]
        found = _find_header(head)
        if found is None:
            return ParsedFile(error="Không tìm thấy dòng tiêu đề có cột “Họ và tên”. "
                                    "Vui lòng dùng tệp mẫu tải về từ trang này.")
        header_index, positions = found
        missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
        if missing:
            return ParsedFile(error="Tệp thiếu cột: " + ", ".join(f"“{h}”" for h in missing) + ".")
        result = ParsedFile()
        first_line = header_index + 2
        for line, values in enumerate(sheet.iter_rows(min_row=first_line, max_col=MAX_COLUMNS, values_only=True),
                                      start=first_line):
            if all(cell_text(v) == "" for v in values):
                continue
            if len(result.rows) == MAX_ROWS:
                return ParsedFile(error=f"Tệp có hơn {MAX_ROWS} dòng dữ liệu. Vui lòng chia thành nhiều tệp.")
            result.rows.append(_parse_row(line, tuple(values), positions))
    except NotASpreadsheet as exc:
        return ParsedFile(error=str(exc))
    except Exception:  # a damaged sheet inside a valid zip: openpyxl raises many kinds
        log.warning("Unreadable sheet in an uploaded workbook", exc_info=True)
        return ParsedFile(error=NOT_XLSX)
    finally:
        workbook.close()
    if not result.rows:
        return ParsedFile(error="Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    _mark_duplicates_within(result.rows)
    return result


def template_bytes() -> bytes:
    """Build the blank import template: headers, dropdowns, the 54 groups and instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(HEADERS)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    last = MAX_ROWS + 1
    letter = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    # Text format keeps the leading 0 of the ID number.
    for line in range(2, last + 1):
        sheet[f"{letter['national_id']}{line}"].number_format = "@"

    groups = workbook.create_sheet(ETHNICITY_SHEET)
    groups.append(["Mã", "Tên dân tộc"])
    for code, name in ETHNICITIES.items():
        groups.append([code, name])
    groups["A1"].font = groups["B1"].font = bold
    groups.column_dimensions["B"].width = 20
    groups.freeze_panes = "A2"

    def dropdown(formula: str, key: str, error: str) -> None:
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                    errorTitle="Giá trị không hợp lệ", error=error)
        validation.add(f"{letter[key]}2:{letter[key]}{last}")
        sheet.add_data_validation(validation)

    dropdown(f'"{GENDERS["male"]},{GENDERS["female"]}"', "gender", "Chọn Nam hoặc Nữ.")
    dropdown(f"'{ETHNICITY_SHEET}'!$B$2:$B${len(ETHNICITIES) + 1}", "ethnicity",
             "Chọn một dân tộc trong danh mục 54 dân tộc (trang “Dân tộc”).")
    dropdown(f'"{YES},{NO}"', "is_staff", "Chọn Có hoặc Không.")
    years = DataValidation(type="whole", operator="between", formula1=str(BIRTH_YEAR_MIN),
                           formula2=str(max_birth_year()), allow_blank=True, showErrorMessage=True,
                           errorTitle="Năm sinh không hợp lệ",
                           error=f"Ghi năm sinh từ {BIRTH_YEAR_MIN} đến {max_birth_year()}.")
    years.add(f"{letter['birth_year']}2:{letter['birth_year']}{last}")
    sheet.add_data_validation(years)

    notes = workbook.create_sheet(HELP_SHEET)
    notes.column_dimensions["A"].width = 110
    for text in (
        "Hướng dẫn nhập danh sách cán bộ, cá nhân",
        "Mỗi dòng của trang “Danh sách” là một người; giữ nguyên dòng tiêu đề.",
        "Các cột bắt buộc: Họ và tên, Giới tính (Nam/Nữ), Dân tộc, Là cán bộ, công chức (Có/Không).",
        "Dân tộc: chọn theo danh mục 54 dân tộc ở trang “Dân tộc”.",
        "Là cán bộ, công chức: ghi “Không” cho người dân, người có uy tín trong đồng bào dân tộc thiểu số.",
        f"Năm sinh: 4 chữ số, từ {BIRTH_YEAR_MIN} đến {max_birth_year()}; có thể để trống.",
        "Số CCCD: 12 chữ số, có thể để trống; phải khớp với giới tính và năm sinh; không trùng người khác.",
        f"Tối đa {MAX_ROWS} dòng mỗi tệp. Dòng có lỗi sẽ được báo khi xem trước và không được nhập.",
    ):
        notes.append([text])
    notes["A1"].font = Font(bold=True, size=13)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
