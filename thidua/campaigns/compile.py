"""The office's compilation of a campaign's registrations: who registered, and the list by unit and title."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from openpyxl import Workbook
from peewee import JOIN, fn

from ..flows import REGISTRATION
from ..models import (AwardKind, Campaign, CampaignUnit, DeadlineExtension, Person, Registration,
                      RegistrationLine, Unit)
from ..web import format_date

# Registrations the office has received count in the compiled list; drafts and returned ones do not.
RECEIVED = ("submitted", "accepted")


@dataclass
class MatrixRow:
    unit: Unit
    registration: Registration | None
    lines: int
    extension: DeadlineExtension | None

    @property
    def missing(self) -> bool:
        return self.registration is None or self.registration.status not in RECEIVED

    @property
    def state_label(self) -> str:
        if self.registration is None:
            return "Chưa đăng ký"
        return REGISTRATION.label(self.registration.status)


def unit_matrix(campaign: Campaign) -> list[MatrixRow]:
    """Every addressed unit with its registration (or none), line count and extension, in three queries."""
    units = list(Unit.select().join(CampaignUnit).where(CampaignUnit.campaign == campaign)
                 .order_by(Unit.kind, Unit.sort_key))
    registrations = {r.unit_id: r for r in Registration.select().where(Registration.campaign == campaign)}
    counts = dict(RegistrationLine.select(RegistrationLine.registration, fn.COUNT(RegistrationLine.id))
                  .join(Registration).where(Registration.campaign == campaign)
                  .group_by(RegistrationLine.registration).tuples())
    extensions = {e.unit_id: e for e in DeadlineExtension.select().where(DeadlineExtension.campaign == campaign)}
    rows = []
    for unit in units:
        registration = registrations.get(unit.id)
        lines = counts.get(registration.id, 0) if registration else 0
        rows.append(MatrixRow(unit, registration, lines, extensions.get(unit.id)))
    return rows


@dataclass
class CompiledLine:
    unit_name: str
    subject: str
    person_name: str
    position: str
    award: str
    status: str


@dataclass
class Compiled:
    by_unit: "OrderedDict[str, list[CompiledLine]]"
    totals: "OrderedDict[str, dict]"  # award name -> {"individual": n, "collective": n}


def compiled_rows(campaign: Campaign):
    """The lines of received registrations one by one, straight from the cursor (a national list stays out of
    memory): grouped by unit, then title; names in Vietnamese order."""
    rows = (RegistrationLine
            .select(RegistrationLine.subject, Registration.status, Unit.name.alias("unit_name"),
                    Person.full_name, Person.position, AwardKind.name.alias("award_name"))
            .join(Registration).join(Unit)
            .switch(RegistrationLine).join(Person, JOIN.LEFT_OUTER)
            .switch(RegistrationLine).join(AwardKind)
            .where(Registration.campaign == campaign, Registration.status.in_(RECEIVED))
            .order_by(Unit.kind, Unit.sort_key, AwardKind.sort_order, RegistrationLine.subject.desc(),
                      Person.sort_key)
            .dicts())
    for row in rows.iterator():
        unit_name = row["unit_name"]
        who = row["full_name"] if row["subject"] == "individual" else f"Tập thể {unit_name}"
        yield CompiledLine(unit_name, row["subject"], who, row["position"] or "", row["award_name"],
                           REGISTRATION.label(row["status"]))


def _count(totals: dict, line: CompiledLine) -> None:
    totals.setdefault(line.award, {"individual": 0, "collective": 0})[line.subject] += 1


def _in_catalogue_order(campaign: Campaign, totals: dict) -> "OrderedDict[str, dict]":
    """Totals follow the catalogue's order, as the list does within each unit."""
    order = {name: n for n, (name,) in enumerate(AwardKind.select(AwardKind.name).where(
        AwardKind.regime == campaign.regime_id).order_by(AwardKind.sort_order).tuples())}
    return OrderedDict(sorted(totals.items(), key=lambda kv: order.get(kv[0], len(order))))


def compiled_list(campaign: Campaign) -> Compiled:
    """The compiled list for the page: its lines grouped by unit, and the totals per title."""
    by_unit: OrderedDict[str, list[CompiledLine]] = OrderedDict()
    totals: dict[str, dict] = {}
    for line in compiled_rows(campaign):
        by_unit.setdefault(line.unit_name, []).append(line)
        _count(totals, line)
    return Compiled(by_unit, _in_catalogue_order(campaign, totals))


def compiled_xlsx(campaign: Campaign):
    """The compiled list as a workbook in a temporary file: the Committee's heading, a frozen header row, the
    lines (streamed in openpyxl's write-only mode, so a national list keeps memory flat), then the totals."""
    from openpyxl.styles import Alignment, Border, Side

    from ..dashboard.workbook import Sheet
    from ..documents.xlsx_stream import RowStyle, saved
    cfg = current_app.config
    headers = ["STT", "Đơn vị", "Họ và tên / Tập thể", "Chức vụ", "Danh hiệu, hình thức khen thưởng",
               "Đối tượng", "Trạng thái"]
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, "Tổng hợp đăng ký", [6, 36, 30, 26, 40, 12, 20])
    sheet.ws.freeze_panes = "A7"  # below the heading and the header row; set before any row is written
    sheet.ws.print_title_rows = "6:6"
    sheet.append([sheet.cell(cfg["AGENCY_PARENT"])])
    sheet.append([sheet.cell(cfg["AGENCY_SHORT"], bold=True)])
    sheet.line(f"BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM {campaign.year}", bold=True, size=13, center=True)
    sheet.line(f"(Theo Kế hoạch số {campaign.number_symbol} ngày {format_date(campaign.issued_on)})", italic=True,
               center=True)
    sheet.blank()
    sheet.header(headers)
    thin = Side(style="thin", color="999999")
    line_style = RowStyle(sheet.ws, border=Border(left=thin, right=thin, top=thin, bottom=thin),
                          alignment=Alignment(vertical="top", wrap_text=True))
    totals: dict[str, dict] = {}
    for number, line in enumerate(compiled_rows(campaign), start=1):
        sheet.append(line_style.row([number, line.unit_name, line.person_name, line.position, line.award,
                                     "Cá nhân" if line.subject == "individual" else "Tập thể", line.status]))
        _count(totals, line)
    sheet.blank()
    sheet.append([sheet.cell(v, bold=True) for v in
                  ["", "TỔNG CỘNG", "", "", "Danh hiệu, hình thức", "Cá nhân", "Tập thể"]])
    for award, counts in _in_catalogue_order(campaign, totals).items():
        sheet.append(["", None, "", "", award, counts["individual"], counts["collective"]])
    return saved(wb)
