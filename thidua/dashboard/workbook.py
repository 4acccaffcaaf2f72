"""The dashboard's tables and the yearly statistics as .xlsx, written in openpyxl's write-only (streaming) mode,
in the style of the compiled registration list (thidua/campaigns/compile.py)."""
from __future__ import annotations

import io

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..web import format_date
from . import statistics as stats
from .charts import BarChart
from .progress import PROGRESS_COLUMNS, PROGRESS_GROUPS, Progress, UnitProgress

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="EDE7DD")
_TOTAL_FILL = PatternFill("solid", fgColor="F5F1EA")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(vertical="top", wrap_text=True)


class Sheet:
    """A write-only worksheet with the few cell styles these reports use; rows are numbered as written."""

    def __init__(self, wb: Workbook, title: str, widths: list[float]):
        self.ws = wb.create_sheet(title)
        self.width = len(widths)
        for col, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(col)].width = width
        self.row = 0

    def cell(self, value, *, bold=False, italic=False, size=None, border=False, fill=None, align=None):
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            # Names typed by users ("=HYPERLINK(…)") must stay text, never become a formula.
            cell.data_type = "s"
        elif isinstance(value, int):
            cell.number_format = "#,##0"  # shown with the reader's thousands separator (8.100.000 in Vietnamese)
        if bold or italic or size:
            cell.font = Font(bold=bold, italic=italic, size=size or 11)
        if border:
            cell.border = _BORDER
        if fill is not None:
            cell.fill = fill
        if align is not None:
            cell.alignment = align
        return cell

    def append(self, values: list) -> int:
        self.ws.append(values)
        self.row += 1
        return self.row

    def merge(self, first_col: int, last_col: int, rows: int = 1) -> None:
        self.ws.merged_cells.add(f"{get_column_letter(first_col)}{self.row}:"
                                 f"{get_column_letter(last_col)}{self.row + rows - 1}")

    def line(self, text: str, *, bold=False, italic=False, size=None, center=False) -> None:
        """A line of text across the sheet's width."""
        self.append([self.cell(text, bold=bold, italic=italic, size=size,
                               align=Alignment(horizontal="center" if center else "left", wrap_text=False))])
        self.merge(1, self.width)

    def blank(self) -> None:
        self.append([])

    def header(self, labels: list[str]) -> None:
        self.append([self.cell(label, bold=True, border=True, fill=_HEAD_FILL, align=_CENTER) for label in labels])

    def data(self, values: list, *, bold=False, fill=None) -> None:
        self.append([self.cell(v, bold=bold, border=True, fill=fill, align=_TOP) for v in values])


def _heading(sheet: Sheet, title: str, subtitle: str) -> None:
    cfg = current_app.config
    sheet.line(cfg["AGENCY_PARENT"])
    sheet.line(cfg["AGENCY_SHORT"], bold=True)
    sheet.blank()
    sheet.line(title, bold=True, size=13, center=True)
    sheet.line(subtitle, italic=True, center=True)
    sheet.blank()


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the campaign dashboard -----------------------------------------------------------------------------------

def _progress_values(row: UnitProgress, total: bool = False) -> list:
    state = f"{row.registered_units} đơn vị đã nộp" if total else row.registration_label
    return [row.name, state] + [getattr(row, attr) for _, attr in PROGRESS_COLUMNS]


def _chart_sheet(wb: Workbook, chart: BarChart, sheet_name: str, subtitle: str) -> None:
    sheet = Sheet(wb, sheet_name, [44] + [16] * (len(chart.headers) - 1))
    _heading(sheet, chart.title.upper(), subtitle)
    sheet.header(chart.headers)
    for row in chart.rows:
        sheet.data(row)
    if chart.total_row:
        sheet.data(chart.total_row, bold=True, fill=_TOTAL_FILL)
    sheet.blank()
    sheet.line(chart.source, italic=True)


def dashboard_xlsx(campaign, progress: Progress, charts: list[tuple[str, BarChart]]) -> bytes:
    """The dashboard's tables, one sheet each: progress per unit first, then each chart's data table
    (charts: (sheet name of at most 31 characters, chart))."""
    wb = Workbook(write_only=True)
    subtitle = f"(Kế hoạch số {campaign.number_symbol} ngày {format_date(campaign.issued_on)})"
    sheet = Sheet(wb, "Tiến độ theo đơn vị", [40, 22] + [11] * len(PROGRESS_COLUMNS))
    sheet.ws.freeze_panes = "C9"  # below the 6 heading rows and the 2 header rows; set before any row is written
    _heading(sheet, f"TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH THI ĐUA NĂM {campaign.year}", subtitle)
    # Two header rows, as on the screen: each group above its columns; the registration group holds the state.
    top = ["Đơn vị", PROGRESS_GROUPS[0][0], ""]
    for group, columns in PROGRESS_GROUPS[1:]:
        top += [group] + [""] * (len(columns) - 1)
    sheet.header(top)
    sheet.merge(1, 1, rows=2)
    sheet.merge(2, 3)
    col = 4
    for _group, columns in PROGRESS_GROUPS[1:]:
        if len(columns) > 1:
            sheet.merge(col, col + len(columns) - 1)
        col += len(columns)
    sheet.header(["", "Trạng thái"] + [label for label, _ in PROGRESS_COLUMNS])
    for row in progress.rows:
        values = _progress_values(row)
        if not row.addressed:
            values[0] += " (ngoài nơi nhận kế hoạch)"
        sheet.data(values)
    sheet.data(_progress_values(progress.total, total=True), bold=True, fill=_TOTAL_FILL)
    sheet.blank()
    sheet.line("Nguồn: nơi nhận của kế hoạch, bản đăng ký, báo cáo, hồ sơ đề nghị khen thưởng, chương trình họp Hội "
               "đồng, quyết định và tờ trình đã ký (trạng thái lúc xuất tệp).", italic=True)
    for name, chart in charts:
        _chart_sheet(wb, chart, name, subtitle)
    return _save(wb)


# --- the yearly statistics ------------------------------------------------------------------------------------

STAT_HEADERS_TOP = ["STT", "Danh hiệu thi đua, hình thức khen thưởng", "Thẩm quyền quyết định", "Tổng số",
                    "Tập thể", "Cá nhân"]
# Column codes under the headers, the way statistical forms number them: D = E + F.
STAT_CODES = ["A", "B", "C", "1 = 2 + 3", "2", "3", "4", "5", "6", "7", "8", "9"]


def _stat_values(number: str, row: stats.StatRow, decider: str | None = None) -> list:
    return [number, row.name, row.decider_label if decider is None else decider] + [
        getattr(row, attr) for _, attr in stats.STAT_COLUMNS]


def statistics_xlsx(report: stats.Statistics) -> bytes:
    """The yearly report as a workbook: title block with the form-number placeholder, tables A, B, C, sources."""
    cfg = current_app.config
    wb = Workbook(write_only=True)
    widths = [7, 46, 14, 10, 10, 10, 9, 9, 12, 9, 16, 18]
    sheet = Sheet(wb, f"Thống kê TĐKT {report.year}", widths)
    # Title block: agency on the left, the form number on the right, clearly marked as a placeholder.
    sheet.append([sheet.cell(cfg["AGENCY_PARENT"]), None, None, None, None, None, None, None,
                  sheet.cell(stats.FORM_NUMBER_PLACEHOLDER, bold=True)])
    sheet.merge(1, 3)
    sheet.merge(9, 12)
    sheet.append([sheet.cell(cfg["AGENCY_SHORT"], bold=True), None, None, None, None, None, None, None,
                  sheet.cell("(chưa đối chiếu với Thông tư thống kê ngành Nội vụ)", italic=True)])
    sheet.merge(1, 3)
    sheet.merge(9, 12)
    sheet.blank()
    sheet.line("BÁO CÁO THỐNG KÊ CÔNG TÁC THI ĐUA, KHEN THƯỞNG", bold=True, size=13, center=True)
    sheet.line(f"Năm {report.year}", bold=True, center=True)
    sheet.line(f"(Tính theo: {report.basis_label.lower()})", italic=True, center=True)
    sheet.line(f"Đơn vị báo cáo: {cfg['AGENCY_NAME']}. Đơn vị nhận báo cáo: Sở Nội vụ (Ban Thi đua - Khen thưởng).")
    sheet.blank()
    sheet.line("A. DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC TẶNG", bold=True)
    sheet.header(STAT_HEADERS_TOP + [""] * 6)
    for col in range(1, 6):
        sheet.merge(col, col, rows=2)
    sheet.merge(6, 12)
    sheet.header(["", "", "", "", "", "Tổng"] + [label for label, _ in stats.STAT_COLUMNS[3:]])
    sheet.append([sheet.cell(code, italic=True, border=True, align=_CENTER) for code in STAT_CODES])
    for roman, _label, rows, subtotal in report.groups:
        sheet.data(_stat_values(roman, subtotal, ""), bold=True, fill=_TOTAL_FILL)
        for number, row in enumerate(rows, start=1):
            sheet.data(_stat_values(str(number), row))
    total = report.total
    sheet.data(_stat_values("", total, ""), bold=True, fill=_TOTAL_FILL)
    sheet.data(_stat_values("", report.by_committee, "Trưởng Ban"))
    sheet.data(_stat_values("", report.by_higher, "Cấp trên"))
    sheet.line("Nguồn: " + stats.SOURCE_A, italic=True)
    source_text = "; ".join(f"{label}: {count}" for label, count in report.source_lines())
    sheet.line(f"Theo nguồn ghi nhận — {source_text}.", italic=True)
    if total.unknown_ethnicity:
        sheet.line(f"{total.unknown_ethnicity} cá nhân chưa ghi dân tộc: không tính vào cột 6, 7.", italic=True)
    if report.basis == "decision" and report.undated:
        sheet.line(f"{report.undated} mục khen thưởng năm {report.year} không ghi ngày quyết định: không được tính.",
                   italic=True)
    sheet.blank()

    sheet.line("B. ĐỀ NGHỊ CẤP TRÊN KHEN THƯỞNG", bold=True)
    sheet.header(["STT", "Danh hiệu thi đua, hình thức khen thưởng", ""] + [name for name, _ in stats.PROPOSAL_COLUMNS])
    sheet.merge(2, 3)
    for number, row in enumerate(report.proposals, start=1):
        sheet.data([str(number), row.name, ""] + [getattr(row, a) for _, a in stats.PROPOSAL_COLUMNS])
        sheet.merge(2, 3)
    ptotal = report.proposal_total
    sheet.data(["", "Tổng cộng", ""] + [getattr(ptotal, a) for _, a in stats.PROPOSAL_COLUMNS], bold=True,
               fill=_TOTAL_FILL)
    sheet.merge(2, 3)
    sheet.line("Nguồn: " + stats.SOURCE_B, italic=True)
    sheet.blank()

    sheet.line("C. QUYẾT ĐỊNH KHEN THƯỞNG CỦA TRƯỞNG BAN", bold=True)
    sheet.header(["STT", "Chỉ tiêu", "", "Số lượng", "Đơn vị tính"])
    sheet.merge(2, 3)
    for number, (label, value, unit) in enumerate(report.decisions.items(), start=1):
        sheet.data([str(number), label, "", value, unit])
        sheet.merge(2, 3)
    sheet.line("Nguồn: " + stats.SOURCE_C, italic=True)
    sheet.blank()

    sheet.line("Ghi chú:", bold=True)
    sheet.line(f"- {stats.FORM_NUMBER_NOTE}", italic=True)
    sheet.line("- Mỗi danh hiệu, hình thức của một cá nhân hoặc tập thể trong một năm được tính một lần.", italic=True)
    sheet.blank()
    place = f"{cfg.get('AGENCY_PLACE', 'Đồng Nai')}, ngày … tháng … năm …"
    sheet.append([None, None, None, None, None, None, None, None, sheet.cell(place, italic=True)])
    sheet.merge(9, 12)
    sheet.append([None, sheet.cell("NGƯỜI LẬP BIỂU", bold=True, align=Alignment(horizontal="center")),
                  None, None, None, None, None, None, sheet.cell("THỦ TRƯỞNG ĐƠN VỊ", bold=True,
                                                                 align=Alignment(horizontal="center"))])
    sheet.merge(9, 12)
    sheet.append([None, sheet.cell("(Ký, ghi rõ họ tên)", italic=True, align=Alignment(horizontal="center")),
                  None, None, None, None, None, None,
                  sheet.cell("(Ký, đóng dấu, ghi rõ họ tên)", italic=True, align=Alignment(horizontal="center"))])
    sheet.merge(9, 12)
    return _save(wb)
