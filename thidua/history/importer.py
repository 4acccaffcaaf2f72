"""Read past years' awards (and recognised initiatives) from an .xlsx file, row by row; build the template.

Nothing here writes to the database. parse() reads the cells; check() finds each row's unit, person and
catalogue entry and refuses what cannot be stored, with a Vietnamese message per row: unknown unit code,
person not in that unit (matched by ID number if given, else by exact full name within the unit; two people
of that name is an error), unknown award, award not for that kind of subject, year out of range, duplicates
within the file and against the history already stored. The caller imports the valid rows once the user has
confirmed.

Sheet “Khen thưởng”: one award per row; a row with no name and no ID number is a collective award of the
unit. Sheet “Sáng kiến” (optional): one recognised initiative per row.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import re
from dataclasses import asdict, dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..import_rows import NOT_XLSX, NotASpreadsheet, RowVerdict, cell_text, national_id_text, open_workbook
from .. import national_id
from ..models import AwardRecord, Initiative, Person, Unit
from ..models.history import INITIATIVE_SCOPES
from . import services
from .services import text_key

log = logging.getLogger(__name__)

MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 30
AWARD_SHEET = "Khen thưởng"
INITIATIVE_SHEET = "Sáng kiến"
CATALOGUE_SHEET = "Danh mục"
UNIT_SHEET = "Đơn vị"
HELP_SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False
    # The words a header is recognised by (its start, compared without case or marks); default: the header.
    match: str = ""


AWARD_COLUMNS = (
    Column("number", "STT", 6),
    Column("full_name", "Họ và tên", 26, match="Họ và tên"),
    Column("national_id", "Số CCCD (tùy chọn)", 16, match="Số CCCD"),
    Column("unit_code", "Đơn vị (mã)", 14, required=True, match="Đơn vị"),
    Column("year", "Năm", 8, required=True),
    Column("award", "Danh hiệu/hình thức (mã hoặc tên)", 32, required=True, match="Danh hiệu"),
    Column("decision_number", "Số quyết định", 16),
    Column("decided_on", "Ngày quyết định (dd/mm/yyyy)", 14, match="Ngày quyết định"),
    Column("decided_by", "Cơ quan quyết định", 30),
)
INITIATIVE_COLUMNS = (
    Column("number", "STT", 6),
    Column("full_name", "Họ và tên", 26, required=True),
    Column("national_id", "Số CCCD (tùy chọn)", 16, match="Số CCCD"),
    Column("unit_code", "Đơn vị (mã)", 14, required=True, match="Đơn vị"),
    Column("title", "Tên sáng kiến", 40, required=True),
    Column("scope", "Phạm vi (Cấp cơ sở / Cấp tỉnh, bộ / Toàn quốc)", 18, required=True, match="Phạm vi"),
    Column("recognised_by", "Cơ quan công nhận", 28),
    Column("recognised_on", "Ngày công nhận (dd/mm/yyyy)", 14, required=True, match="Ngày công nhận"),
    Column("decision_number", "Số quyết định", 16),
)

_SCOPE_BY_KEY = {text_key(label): code for code, label in INITIATIVE_SCOPES.items()}
_SCOPE_BY_KEY.update({text_key(code): code for code in INITIATIVE_SCOPES})
_SCOPE_BY_KEY.update({text_key("Cơ sở"): "co_so", text_key("Cấp tỉnh"): "tinh_bo", text_key("Cấp bộ"): "tinh_bo",
                      text_key("Tỉnh, bộ"): "tinh_bo", text_key("Cấp toàn quốc"): "toan_quoc"})


# Rows ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AwardRowData:
    subject: str  # "individual" | "collective"
    person_id: int | None
    unit_id: int
    person_name: str
    unit_name: str
    award_code: str
    award_name: str
    year: int
    decision_number: str
    decided_on: datetime.date | None
    decided_by: str


@dataclass(frozen=True)
class InitiativeRowData:
    person_id: int
    unit_id: int
    person_name: str
    unit_name: str
    title: str
    scope: str
    recognised_by: str
    recognised_on: datetime.date
    decision_number: str


@dataclass
class Row(RowVerdict):
    """One data row of a sheet: what it said, the values read from it, then its data or its errors."""

    sheet: str
    line: int
    cells: dict[str, str]
    values: dict = field(default_factory=dict)
    data: AwardRowData | InitiativeRowData | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ParsedFile:
    awards: list[Row] = field(default_factory=list)
    initiatives: list[Row] = field(default_factory=list)
    error: str | None = None

    @property
    def rows(self) -> list[Row]:
        return self.awards + self.initiatives

    @property
    def valid_awards(self) -> list[Row]:
        return [r for r in self.awards if r.ok]

    @property
    def valid_initiatives(self) -> list[Row]:
        return [r for r in self.initiatives if r.ok]

    @property
    def invalid_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.ok]

    @property
    def valid_count(self) -> int:
        return len(self.valid_awards) + len(self.valid_initiatives)

    def digest(self) -> str:
        """Fingerprint the rows that would be imported, so a confirm imports what the preview showed."""
        payload = [[r.sheet, r.line, asdict(r.data)] for r in self.rows if r.ok]
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


# Reading cells ---------------------------------------------------------------------------------------

_BAD = object()
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def read_year(value):
    """The year, None when blank, or _BAD when the cell holds something else."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = cell_text(value)
    return int(text) if text.isdigit() and len(text) == 4 else _BAD


def read_date(value):
    """A date from a date cell or from dd/mm/yyyy text; None when blank; _BAD otherwise."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        match = _ISO_TEXT.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        return _BAD
    return _BAD


def _find_header(rows: list[tuple], columns) -> tuple[int, dict[str, int]] | None:
    keys = {c.key: text_key(c.match or c.header) for c in columns}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions: dict[str, int] = {}
        for col, value in enumerate(row):
            cell = text_key(value)
            if not cell:
                continue
            for key, header_key in keys.items():
                if key not in positions and cell.startswith(header_key):
                    positions[key] = col
                    break
        if sum(1 for c in columns if c.required and c.key in positions) >= 2:
            return index, positions
    return None


def _read_sheet(sheet, columns, name: str) -> tuple[list[Row], str | None]:
    head = [tuple(r) for r in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS, values_only=True)]
    found = _find_header(head, columns)
    if found is None:
        if all(cell_text(v) == "" for r in head for v in r):
            return [], None  # an empty sheet: nothing of this kind to import
        return [], (f"Trang “{name}”: không tìm thấy dòng tiêu đề. Vui lòng dùng tệp mẫu tải về từ trang này.")
    header_index, positions = found
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        return [], f"Trang “{name}” thiếu cột: " + ", ".join(f"“{h}”" for h in missing) + "."
    rows = []
    first_line = header_index + 2
    for line, values in enumerate(sheet.iter_rows(min_row=first_line, max_col=MAX_COLUMNS, values_only=True),
                                  start=first_line):
        if all(cell_text(v) == "" for v in values):
            continue
        if len(rows) == MAX_ROWS:
            return [], f"Trang “{name}” có hơn {MAX_ROWS} dòng dữ liệu. Vui lòng chia thành nhiều tệp."
        raw = {key: (values[col] if col < len(values) else None) for key, col in positions.items()}
        row = Row(sheet=name, line=line, cells={key: cell_text(v) for key, v in raw.items()})
        row.values = raw
        rows.append(row)
    return rows, None


def parse(stream) -> ParsedFile:
    """Read the sheets “Khen thưởng” (else the first) and “Sáng kiến” (if present); no database access."""
    try:
        workbook = open_workbook(stream)
    except NotASpreadsheet:
        return ParsedFile(error=NOT_XLSX)
    try:
        result = ParsedFile()
        names = workbook.sheetnames
        award_sheet = workbook[AWARD_SHEET] if AWARD_SHEET in names else workbook.worksheets[0]
        result.awards, error = _read_sheet(award_sheet, AWARD_COLUMNS, award_sheet.title)
        if error:
            return ParsedFile(error=error)
        if INITIATIVE_SHEET in names:
            result.initiatives, error = _read_sheet(workbook[INITIATIVE_SHEET], INITIATIVE_COLUMNS, INITIATIVE_SHEET)
            if error:
                return ParsedFile(error=error)
    except Exception:  # a damaged sheet inside a valid zip: openpyxl raises many kinds
        log.warning("Unreadable sheet in an uploaded history workbook", exc_info=True)
        return ParsedFile(error=NOT_XLSX)
    finally:
        workbook.close()
    if not result.rows:
        return ParsedFile(error="Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    return result


# Checking against the database -----------------------------------------------------------------------

class _People:
    """The units named in the file and their people, loaded in a few queries."""

    def __init__(self, rows: list[Row]):
        codes = {r.cells.get("unit_code", "") for r in rows} - {""}
        self.units: dict[str, Unit] = {}
        if codes:
            everything = {u.code.casefold(): u for u in Unit.select()}
            self.units = {c: everything[c.casefold()] for c in codes if c.casefold() in everything}
        unit_ids = [u.id for u in self.units.values()]
        numbers = {national_id_text(r.values.get("national_id")) for r in rows if r.cells.get("national_id")}
        self.people_by_unit: dict[int, list[Person]] = {uid: [] for uid in unit_ids}
        if unit_ids:
            for person in Person.select().where(Person.unit.in_(unit_ids)):
                self.people_by_unit[person.unit_id].append(person)
        self.by_number: dict[str, Person] = {}
        numbers.discard("")
        if numbers:
            query = Person.select(Person, Unit).join(Unit).where(Person.national_id.in_(list(numbers)))
            self.by_number = {p.national_id: p for p in query}

    def unit(self, row: Row) -> Unit | None:
        code = row.cells.get("unit_code", "")
        if not code:
            row.errors.append("Chưa ghi mã đơn vị.")
            return None
        unit = self.units.get(code)
        if unit is None:
            row.errors.append(f"Không có đơn vị mã “{code}”.")
        return unit

    def person(self, row: Row, unit: Unit) -> Person | None:
        name = row.cells.get("full_name", "")
        number = national_id_text(row.values.get("national_id")) if row.cells.get("national_id") else ""
        if number:
            person = self.by_number.get(number)
            if person is None:
                row.errors.append(f"Không có ai mang số CCCD {national_id.mask(number)} trong danh sách cán bộ.")
                return None
            if person.unit_id != unit.id:
                row.errors.append(f"Người mang số CCCD {national_id.mask(number)} thuộc đơn vị "
                                  f"“{person.unit.name}”, không phải “{unit.name}”.")
                return None
            if name and text_key(name) != text_key(person.full_name):
                row.errors.append(f"Họ và tên “{name}” không khớp với số CCCD (trong danh sách: "
                                  f"“{person.full_name}”).")
                return None
            return person
        matches = [p for p in self.people_by_unit.get(unit.id, []) if text_key(p.full_name) == text_key(name)]
        if not matches:
            row.errors.append(f"Không tìm thấy “{name}” trong danh sách cán bộ của đơn vị “{unit.name}”.")
            return None
        if len(matches) > 1:
            row.errors.append(f"Đơn vị “{unit.name}” có {len(matches)} người tên “{name}”; "
                              "vui lòng ghi thêm số CCCD để phân biệt.")
            return None
        return matches[0]


def _check_award_row(row: Row, people: _People, catalogue: services.Catalogue) -> None:
    year = read_year(row.values.get("year"))
    if year is _BAD:
        row.errors.append(f"Năm “{row.cells.get('year')}” không hợp lệ (ghi 4 chữ số, ví dụ 2019).")
        year = None
    decided_on = read_date(row.values.get("decided_on"))
    if decided_on is _BAD:
        row.errors.append(f"Ngày quyết định “{row.cells.get('decided_on')}” không hợp lệ (ghi dd/mm/yyyy).")
        decided_on = None
    decision_number, decided_by = row.cells.get("decision_number", ""), row.cells.get("decided_by", "")
    row.errors.extend(message for _field, message in
                      services.award_rule_problems(year, decided_on, decision_number, decided_by))
    unit = people.unit(row)
    individual = bool(row.cells.get("full_name") or row.cells.get("national_id"))
    subject = "individual" if individual else "collective"
    person = people.person(row, unit) if unit is not None and individual else None
    award_text = row.cells.get("award", "")
    kind = catalogue.find(award_text, year) if award_text else None
    if not award_text:
        row.errors.append("Chưa ghi danh hiệu, hình thức.")
    elif kind is None:
        row.errors.append(f"Danh hiệu, hình thức “{award_text}” không có trong danh mục (trang “{CATALOGUE_SHEET}”).")
    elif not kind.fits(subject):
        row.errors.append(services.fits_message(kind, subject)
                          + (" Để trống họ tên nếu là khen thưởng tập thể đơn vị." if individual else
                             " Ghi họ tên (hoặc số CCCD) của người được khen."))
    if row.errors:
        return
    row.data = AwardRowData(
        subject=subject, person_id=person.id if person else None, unit_id=unit.id,
        person_name=person.full_name if person else "", unit_name=unit.name, award_code=kind.code,
        award_name=kind.name, year=year, decision_number=decision_number, decided_on=decided_on,
        decided_by=decided_by)


def _check_initiative_row(row: Row, people: _People) -> None:
    recognised_on = read_date(row.values.get("recognised_on"))
    if recognised_on is _BAD:
        row.errors.append(f"Ngày công nhận “{row.cells.get('recognised_on')}” không hợp lệ (ghi dd/mm/yyyy).")
        recognised_on = None
    scope_text = row.cells.get("scope", "")
    scope = _SCOPE_BY_KEY.get(text_key(scope_text), "")
    values = services.InitiativeData(title=row.cells.get("title", ""), scope=scope, recognised_on=recognised_on,
                                     recognised_by=row.cells.get("recognised_by", ""),
                                     decision_number=row.cells.get("decision_number", ""))
    for key, message in services.initiative_rule_problems(values):
        if key == "scope" and scope_text:
            message = f"Phạm vi “{scope_text}” không hợp lệ (ghi Cấp cơ sở, Cấp tỉnh, bộ hoặc Toàn quốc)."
        if key == "recognised_on" and row.cells.get("recognised_on") and recognised_on is None:
            continue  # already reported as unreadable
        row.errors.append(message)
    unit = people.unit(row)
    person = None
    if unit is not None:
        if not (row.cells.get("full_name") or row.cells.get("national_id")):
            row.errors.append("Chưa ghi họ và tên người có sáng kiến.")
        else:
            person = people.person(row, unit)
    if row.errors:
        return
    row.data = InitiativeRowData(person_id=person.id, unit_id=unit.id, person_name=person.full_name,
                                 unit_name=unit.name, title=values.title, scope=scope,
                                 recognised_by=values.recognised_by, recognised_on=recognised_on,
                                 decision_number=values.decision_number)


def _award_key(d: AwardRowData) -> tuple:
    return d.subject, d.person_id if d.subject == "individual" else d.unit_id, d.award_code, d.year


def _mark_duplicates(rows: list[Row], key, describe) -> None:
    """Reject rows that repeat another row of the same sheet (both are reported)."""
    lines: dict[tuple, list[int]] = {}
    for row in rows:
        if row.ok:
            lines.setdefault(key(row.data), []).append(row.line)
    for row in rows:
        if row.ok:
            same = lines[key(row.data)]
            if len(same) > 1:
                others = ", ".join(str(n) for n in same if n != row.line)
                row.reject(f"Trùng với dòng {others} trong cùng trang ({describe(row.data)}).")


def _mark_stored_awards(rows: list[Row]) -> None:
    person_ids = {r.data.person_id for r in rows if r.ok and r.data.subject == "individual"}
    unit_ids = {r.data.unit_id for r in rows if r.ok and r.data.subject == "collective"}
    stored: dict[tuple, AwardRecord] = {}
    for subject, column, ids in (("individual", AwardRecord.person, person_ids),
                                 ("collective", AwardRecord.unit, unit_ids)):
        ids = list(ids)
        for start in range(0, len(ids), 500):
            query = AwardRecord.select().where(AwardRecord.subject == subject, column.in_(ids[start:start + 500]),
                                               AwardRecord.removed_at.is_null())
            for record in query:
                owner = record.person_id if subject == "individual" else record.unit_id
                stored[(subject, owner, record.award_code, record.year)] = record
    for row in rows:
        if row.ok:
            twin = stored.get(_award_key(row.data))
            if twin is not None:
                row.reject(services.duplicate_award_message(twin.award_name or row.data.award_name, twin.year,
                                                            twin.decision_number))


def _mark_stored_initiatives(rows: list[Row]) -> None:
    person_ids = list({r.data.person_id for r in rows if r.ok})
    stored: dict[tuple, Initiative] = {}
    for start in range(0, len(person_ids), 500):
        query = Initiative.select().where(Initiative.person.in_(person_ids[start:start + 500]),
                                          Initiative.removed_at.is_null())
        for initiative in query:
            stored[(initiative.person_id, text_key(initiative.title))] = initiative
    for row in rows:
        if row.ok:
            twin = stored.get((row.data.person_id, text_key(row.data.title)))
            if twin is not None:
                row.reject(services.duplicate_initiative_message(twin.title, twin.recognised_on))


def check(parsed: ParsedFile) -> ParsedFile:
    """Resolve every row against the units, people, catalogue and stored history; mark what cannot be stored."""
    if parsed.error:
        return parsed
    people = _People(parsed.rows)
    catalogue = services.Catalogue()
    for row in parsed.awards:
        _check_award_row(row, people, catalogue)
    for row in parsed.initiatives:
        _check_initiative_row(row, people)
    _mark_duplicates(parsed.awards, _award_key, lambda d: f"“{d.award_name}” năm {d.year}")
    _mark_duplicates(parsed.initiatives, lambda d: (d.person_id, text_key(d.title)),
                     lambda d: f"sáng kiến “{d.title}”")
    _mark_stored_awards(parsed.awards)
    _mark_stored_initiatives(parsed.initiatives)
    return parsed


def read(stream) -> ParsedFile:
    """parse() then check(): the whole verdict on an uploaded file."""
    return check(parse(stream))


# The template ----------------------------------------------------------------------------------------

def _header_row(sheet, columns) -> None:
    sheet.append([c.header for c in columns])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"


def _letter(columns, key: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.key == key))


def template_bytes() -> bytes:
    """Build the blank template: the two sheets, the catalogue and the unit codes, and instructions."""
    workbook = Workbook()
    awards = workbook.active
    awards.title = AWARD_SHEET
    _header_row(awards, AWARD_COLUMNS)
    last = MAX_ROWS + 1
    for line in range(2, last + 1):
        awards[f"{_letter(AWARD_COLUMNS, 'national_id')}{line}"].number_format = "@"

    initiatives = workbook.create_sheet(INITIATIVE_SHEET)
    _header_row(initiatives, INITIATIVE_COLUMNS)
    for line in range(2, last + 1):
        initiatives[f"{_letter(INITIATIVE_COLUMNS, 'national_id')}{line}"].number_format = "@"

    bold = Font(bold=True)
    catalogue = workbook.create_sheet(CATALOGUE_SHEET)
    catalogue.append(["Mã", "Tên danh hiệu, hình thức", "Dành cho"])
    for kind_code, kind_name, subject in _catalogue_rows():
        catalogue.append([kind_code, kind_name, subject])
    catalogue.append([])
    catalogue.append(["Phạm vi sáng kiến"])
    first_scope = catalogue.max_row + 1
    for label in INITIATIVE_SCOPES.values():
        catalogue.append([label])
    # A range, not an inline list: an inline Excel list would split "Cấp tỉnh, bộ" at its comma.
    scope_list = DataValidation(type="list", allow_blank=True, showErrorMessage=True,
                                formula1=f"'{CATALOGUE_SHEET}'!$A${first_scope}:$A${catalogue.max_row}",
                                errorTitle="Phạm vi không hợp lệ", error="Chọn Cấp cơ sở, Cấp tỉnh, bộ hoặc Toàn quốc.")
    scope_list.add(f"{_letter(INITIATIVE_COLUMNS, 'scope')}2:{_letter(INITIATIVE_COLUMNS, 'scope')}{last}")
    initiatives.add_data_validation(scope_list)
    for cell in ("A1", "B1", "C1"):
        catalogue[cell].font = bold
    catalogue.column_dimensions["A"].width = 14
    catalogue.column_dimensions["B"].width = 60
    catalogue.column_dimensions["C"].width = 22
    catalogue.freeze_panes = "A2"

    units = workbook.create_sheet(UNIT_SHEET)
    units.append(["Mã đơn vị", "Tên đơn vị"])
    for code, name in Unit.select(Unit.code, Unit.name).order_by(Unit.sort_key, Unit.name).tuples():
        units.append([code, name])
    units["A1"].font = units["B1"].font = bold
    units.column_dimensions["A"].width = 16
    units.column_dimensions["B"].width = 50
    units.freeze_panes = "A2"

    years = DataValidation(type="whole", operator="between", formula1=str(services.YEAR_MIN),
                           formula2=str(services.max_year()), allow_blank=True, showErrorMessage=True,
                           errorTitle="Năm không hợp lệ",
                           error=f"Ghi năm từ {services.YEAR_MIN} đến {services.max_year()}.")
    years.add(f"{_letter(AWARD_COLUMNS, 'year')}2:{_letter(AWARD_COLUMNS, 'year')}{last}")
    awards.add_data_validation(years)
    unit_list = DataValidation(type="list", formula1=f"'{UNIT_SHEET}'!$A$2:$A${max(2, units.max_row)}",
                               allow_blank=True, showErrorMessage=True, errorTitle="Mã đơn vị không hợp lệ",
                               error=f"Chọn mã đơn vị ở trang “{UNIT_SHEET}”.")
    unit_list.add(f"{_letter(AWARD_COLUMNS, 'unit_code')}2:{_letter(AWARD_COLUMNS, 'unit_code')}{last}")
    awards.add_data_validation(unit_list)
    initiative_units = DataValidation(type="list", formula1=f"'{UNIT_SHEET}'!$A$2:$A${max(2, units.max_row)}",
                                      allow_blank=True, showErrorMessage=True, errorTitle="Mã đơn vị không hợp lệ",
                                      error=f"Chọn mã đơn vị ở trang “{UNIT_SHEET}”.")
    initiative_units.add(f"{_letter(INITIATIVE_COLUMNS, 'unit_code')}2:"
                         f"{_letter(INITIATIVE_COLUMNS, 'unit_code')}{last}")
    initiatives.add_data_validation(initiative_units)

    notes = workbook.create_sheet(HELP_SHEET)
    notes.column_dimensions["A"].width = 120
    for text in (
        "Hướng dẫn nhập lịch sử thi đua, khen thưởng các năm trước",
        f"Trang “{AWARD_SHEET}”: mỗi dòng là một danh hiệu hoặc hình thức khen thưởng đã nhận; "
        "giữ nguyên dòng tiêu đề.",
        "Cá nhân: ghi Họ và tên đúng như trong danh sách cán bộ của đơn vị; nếu đơn vị có hai người trùng tên, "
        "ghi thêm Số CCCD (12 chữ số).",
        "Tập thể: để trống Họ và tên và Số CCCD — dòng đó là khen thưởng của chính đơn vị (ví dụ Tập thể lao động "
        "tiên tiến).",
        f"Đơn vị: ghi mã đơn vị (trang “{UNIT_SHEET}”).",
        f"Năm: năm được khen (năm của thành tích), từ {services.YEAR_MIN} đến {services.max_year()}, "
        "không phải năm ký quyết định.",
        f"Danh hiệu/hình thức: ghi mã (ví dụ LDTT) hoặc tên đầy đủ (ví dụ Lao động tiên tiến) theo trang "
        f"“{CATALOGUE_SHEET}”.",
        "Ngày quyết định, Ngày công nhận: dd/mm/yyyy, ví dụ 20/12/2019.",
        f"Trang “{INITIATIVE_SHEET}” (có thể để trống): mỗi dòng là một sáng kiến đã được công nhận; Phạm vi ghi "
        "Cấp cơ sở, Cấp tỉnh, bộ hoặc Toàn quốc.",
        "Dòng trùng với dòng khác trong tệp, hoặc đã có trong lịch sử, sẽ được báo và không được nhập.",
        f"Tối đa {MAX_ROWS} dòng mỗi trang. Dòng có lỗi sẽ được báo khi xem trước; chỉ các dòng hợp lệ được nhập "
        "sau khi bạn xác nhận.",
    ):
        notes.append([text])
    notes["A1"].font = Font(bold=True, size=13)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _catalogue_rows() -> list[tuple[str, str, str]]:
    from ..models.catalogue import SUBJECTS
    seen: dict[str, tuple[str, str, str]] = {}
    for kind in services.Catalogue().kinds:
        if kind.code not in seen:
            seen[kind.code] = (kind.code, kind.name, SUBJECTS.get(kind.subject, kind.subject))
    return list(seen.values())
