"""The office's compilation of a campaign's registrations: who registered, and the list by unit and title."""
from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
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


def compiled_list(campaign: Campaign) -> Compiled:
    """The lines of received registrations, grouped by unit, then title; names in Vietnamese order."""
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
    by_unit: OrderedDict[str, list[CompiledLine]] = OrderedDict()
    totals: OrderedDict[str, dict] = OrderedDict()
    for row in rows:
        unit_name, award = row["unit_name"], row["award_name"]
        who = row["full_name"] if row["subject"] == "individual" else f"Tập thể {unit_name}"
        by_unit.setdefault(unit_name, []).append(CompiledLine(
            unit_name, row["subject"], who, row["position"] or "", award, REGISTRATION.label(row["status"])))
        totals.setdefault(award, {"individual": 0, "collective": 0})[row["subject"]] += 1
    # Totals follow the catalogue's order, as the list does within each unit.
    order = {name: n for n, (name,) in enumerate(AwardKind.select(AwardKind.name).where(
        AwardKind.regime == campaign.regime_id).order_by(AwardKind.sort_order).tuples())}
    totals = OrderedDict(sorted(totals.items(), key=lambda kv: order.get(kv[0], len(order))))
    return Compiled(by_unit, totals)


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def compiled_xlsx(campaign: Campaign) -> bytes:
    """The compiled list as a workbook: the Committee's heading, a frozen header row, totals."""
    cfg = current_app.config
    compiled = compiled_list(campaign)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp đăng ký"
    headers = ["STT", "Đơn vị", "Họ và tên / Tập thể", "Chức vụ", "Danh hiệu, hình thức khen thưởng",
               "Đối tượng", "Trạng thái"]
    widths = [6, 36, 30, 26, 40, 12, 20]
    ws.append([cfg["AGENCY_PARENT"]])
    ws.append([cfg["AGENCY_SHORT"]])
    ws.append([f"BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM {campaign.year}"])
    ws.append([f"(Theo Kế hoạch số {campaign.number_symbol} ngày {format_date(campaign.issued_on)})"])
    ws.append([])
    ws.append(headers)
    header_row = ws.max_row
    for row in (1, 2):
        ws.cell(row, 1).font = Font(bold=(row == 2))
    for row in (3, 4):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.cell(3, 1).font = Font(bold=True, size=13)
    ws.cell(4, 1).font = Font(italic=True)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(header_row, col).column_letter].width = width
        cell = ws.cell(header_row, col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EDE7DD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    number = 0
    for unit_name, lines in compiled.by_unit.items():
        for line in lines:
            number += 1
            ws.append([number, unit_name, line.person_name, line.position, line.award,
                       "Cá nhân" if line.subject == "individual" else "Tập thể", line.status])
            for col in range(1, len(headers) + 1):
                cell = ws.cell(ws.max_row, col)
                if isinstance(cell.value, str):
                    # Typed by units: "=HYPERLINK(…)" must stay text, never become a formula.
                    cell.data_type = "s"
                cell.border = _BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.append([])
    ws.append(["", "TỔNG CỘNG", "", "", "Danh hiệu, hình thức", "Cá nhân", "Tập thể"])
    for col in range(1, len(headers) + 1):
        ws.cell(ws.max_row, col).font = Font(bold=True)
    for award, counts in compiled.totals.items():
        ws.append(["", "", "", "", award, counts["individual"], counts["collective"]])
    ws.print_title_rows = f"{header_row}:{header_row}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
