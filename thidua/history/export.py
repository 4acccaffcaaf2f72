"""The award history of the whole Committee as one .xlsx, streamed: read by key in batches, written in
openpyxl's write-only mode, sent from a temporary file (thidua/documents/xlsx_stream.py)."""
from __future__ import annotations

from flask import current_app
from openpyxl import Workbook
from peewee import JOIN

from ..dashboard.workbook import Sheet
from ..documents.xlsx_stream import as_text_row, by_key, saved
from ..models import AwardRecord, Person, Unit
from ..models.history import RECORD_SOURCES, RECORD_SUBJECTS
from ..web import format_date

HEADERS = ["STT", "Đối tượng", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức khen thưởng", "Năm",
           "Số quyết định", "Ngày quyết định", "Cơ quan quyết định", "Nguồn"]
WIDTHS = [8, 10, 30, 36, 40, 8, 18, 14, 30, 16]


def rows():
    """Every award row not removed, oldest year first, with the name and unit it is shown under."""
    units = dict(Unit.select(Unit.id, Unit.name).tuples())  # a few thousand names, instead of a join per row
    query = (AwardRecord.select(AwardRecord.year, AwardRecord.id, AwardRecord.subject, AwardRecord.unit,
                                AwardRecord.award_code, AwardRecord.award_name, AwardRecord.decision_number,
                                AwardRecord.decided_by, AwardRecord.decided_on, AwardRecord.source, Person.id,
                                Person.full_name, Person.unit)
             .join(Person, JOIN.LEFT_OUTER).where(AwardRecord.removed_at.is_null()))
    rows = by_key(query, [AwardRecord.year, AwardRecord.id])
    for number, (year, _, subject, unit_id, code, name, decision, decided_by, decided_on, source, person_id,
                 person_name, person_unit) in enumerate(rows, start=1):
        unit_name = units.get(person_unit if person_id else unit_id, "")
        yield [number, RECORD_SUBJECTS.get(subject, subject), person_name if person_id else f"Tập thể {unit_name}",
               unit_name, name or code, year, decision, format_date(decided_on), decided_by,
               RECORD_SOURCES.get(source, source)]


def history_xlsx():
    """The workbook in a temporary file: a heading, a frozen header row, then one plain row per award."""
    cfg = current_app.config
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, "Lịch sử khen thưởng", WIDTHS)
    sheet.ws.freeze_panes = "A5"  # below the heading and the header row; set before any row is written
    sheet.line(cfg["AGENCY_SHORT"], bold=True)
    sheet.line("LỊCH SỬ THI ĐUA, KHEN THƯỞNG", bold=True, size=13, center=True)
    sheet.blank()
    sheet.header(HEADERS)
    for values in rows():
        # Plain values, not styled cells: a styled cell per value would triple the time of a large export.
        sheet.ws.append(as_text_row(sheet.ws, values))
    return saved(wb)
