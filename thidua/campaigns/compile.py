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


def compiled_rows(campaign: Campaign):
    """The compiled list's rows one by one, straight from the cursor, in the order of compiled_list()."""
    query = (RegistrationLine
             .select(RegistrationLine.subject, Registration.status, Unit.name.alias("unit_name"),
                     Person.full_name, Person.position, AwardKind.name.alias("award_name"))
             .join(Registration).join(Unit)
             .switch(RegistrationLine).join(Person, JOIN.LEFT_OUTER)
             .switch(RegistrationLine).join(AwardKind)
             .where(Registration.campaign == campaign, Registration.status.in_(RECEIVED))
             .order_by(Unit.kind, Unit.sort_key, AwardKind.sort_order, RegistrationLine.subject.desc(),
                       Person.sort_key)
             .dicts())
    return query.iterator()


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
    for number, row in enumerate(compiled_rows(campaign), start=1):
        unit_name, award = row["unit_name"], row["award_name"]
        who = row["full_name"] if row["subject"] == "individual" else f"Tập thể {unit_name}"
        sheet.append(line_style.row([number, unit_name, who, row["position"] or "", award,
                                     "Cá nhân" if row["subject"] == "individual" else "Tập thể",
                                     REGISTRATION.label(row["status"])]))
        totals.setdefault(award, {"individual": 0, "collective": 0})[row["subject"]] += 1
    sheet.blank()
    sheet.append([sheet.cell(v, bold=True) for v in
                  ["", "TỔNG CỘNG", "", "", "Danh hiệu, hình thức", "Cá nhân", "Tập thể"]])
    # Totals follow the catalogue's order, as the list does within each unit.
    order = {name: n for n, (name,) in enumerate(AwardKind.select(AwardKind.name).where(
        AwardKind.regime == campaign.regime_id).order_by(AwardKind.sort_order).tuples())}
    for award, counts in sorted(totals.items(), key=lambda kv: order.get(kv[0], len(order))):
        sheet.append(["", None, "", "", award, counts["individual"], counts["collective"]])
    return saved(wb)
