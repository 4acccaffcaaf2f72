"""The achievement report (báo cáo thành tích) of a dossier, written in the app.

Prefilled from the person, the unit and the dossier; saved with an audit entry on the dossier; rendered as .docx
in the national format after the official template in force on the report's date (TEMPLATES.md §0–§1), with the
awards already received taken from the award history; the file is kept as the dossier's "bao_cao_thanh_tich"
component, which satisfies that line of the checklist.
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from flask import current_app
from werkzeug.datastructures import FileStorage

from .. import audit, clock, roles, workflow
from ..attachments import service as attachments
from ..db import db
from ..documents.achievement_docx import render_achievement_docx
from ..documents.model import AchievementDocument, Section, Signature, blank_date_line, vietnamese_date_line
from ..ethnicities import name_of
from ..flows import EDITABLE_NOMINATION_STATES
from ..models import AchievementReport, AwardKind, AwardRecord, Initiative, Nomination, User, UserRole
from ..models.person import GENDERS
from ..web import format_date
from . import services
from .services import LOCKED, NominationError

COMPONENT = "bao_cao_thanh_tich"

COMMON_FIELDS = ("heading_parent", "heading_unit", "place", "report_date", "head_name")
INDIVIDUAL_FIELDS = ("birth_date", "birth_year", "gender", "ethnicity", "religion", "hometown", "residence",
                     "workplace", "position", "expertise", "political_theory", "honours", "duties", "achievements")
COLLECTIVE_FIELDS = ("collective_name", "address", "phone", "contact", "situation", "functions", "results",
                     "measures", "policy", "organisations", "no_organisations")

NO_ORGANISATIONS = "Đơn vị không có tổ chức Đảng, tổ chức đoàn thể."  # wording UNCONFIRMED (TT 01/2024/TT-BNV)
BLANK = "……………………"  # a value left for the hand to fill in


def fields_for(subject: str) -> tuple[str, ...]:
    return COMMON_FIELDS + (INDIVIDUAL_FIELDS if subject == "individual" else COLLECTIVE_FIELDS)


# -- which template -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Template:
    """The official form a report follows: the decree, the form's number (None where it is unconfirmed)."""
    decree: str
    annex: str
    number: str | None
    description: str

    @property
    def label(self) -> str:
        """"Mẫu số 03, Phụ lục I Nghị định số 98/2023/NĐ-CP" — what the document and the audit entry record."""
        form = f"Mẫu số {self.number}" if self.number else self.description
        return f"{form}, {self.annex} Nghị định số {self.decree}"


ND91_END = datetime.date(2023, 12, 31)
ND98_END = datetime.date(2025, 6, 30)


def template_for(subject: str, day: datetime.date) -> Template:
    """The form in force on the report's date (TEMPLATES.md §0): ND 91 to 2023, ND 98 to 30/6/2025, then ND 152."""
    individual = subject == "individual"
    if day <= ND91_END:
        return Template("91/2017/NĐ-CP", "Phụ lục kèm theo", "02" if individual else "01",
                        "Mẫu báo cáo thành tích")
    if day <= ND98_END:
        return Template("98/2023/NĐ-CP", "Phụ lục I", "03" if individual else "02", "Mẫu báo cáo thành tích")
    # ND 152: the individual's Mẫu 05 is confirmed; the collective's number is not, so the form is named instead.
    return Template("152/2025/NĐ-CP", "Phụ lục", "05" if individual else None,
                    "Mẫu báo cáo thành tích đề nghị khen thưởng công trạng cho tập thể")


# -- reading and prefilling ----------------------------------------------------------------------------------------

def report_of(nomination: Nomination) -> AchievementReport | None:
    return AchievementReport.get_or_none(AchievementReport.nomination == nomination.id)


def _unit_head_name(unit_id: int) -> str:
    head = (User.select(User.full_name).join(UserRole)
            .where(User.unit == unit_id, User.active == True, UserRole.role == roles.UNIT_HEAD)  # noqa: E712
            .order_by(User.id).first())
    return head.full_name if head else ""


def prefilled(nomination: Nomination) -> AchievementReport:
    """A new (unsaved) report with what the app already knows: the person, the unit, the dossier's summary."""
    unit = nomination.unit
    parent = unit.parent.name if unit.parent_id else current_app.config["AGENCY_PARENT"]
    report = AchievementReport(
        nomination=nomination.id, heading_parent=parent, heading_unit=unit.name,
        place=nomination.campaign.place, report_date=clock.today(), head_name=_unit_head_name(unit.id))
    if nomination.subject == "individual":
        person = nomination.person
        report.birth_year = person.birth_year
        report.gender = person.gender or ""
        report.ethnicity = name_of(person.ethnicity)
        report.workplace = unit.name
        report.position = person.position
        report.achievements = nomination.summary
    else:
        report.collective_name = unit.name
        report.results = nomination.summary
    return report


def report_or_prefilled(nomination: Nomination) -> AchievementReport:
    return report_of(nomination) or prefilled(nomination)


# -- saving -----------------------------------------------------------------------------------------------------

def _clean(values: dict, subject: str) -> dict:
    cleaned = {}
    for name in fields_for(subject):
        value = values.get(name)
        field = AchievementReport._meta.fields[name]
        if value is None and not field.null:
            value = field.default  # a field the form did not send: its empty value, never NULL
        cleaned[name] = value.strip() if isinstance(value, str) else value
    if subject == "individual" and cleaned.get("gender") not in GENDERS:
        cleaned["gender"] = ""
    if subject == "collective":
        cleaned["no_organisations"] = bool(cleaned.get("no_organisations"))
        if cleaned["no_organisations"] and cleaned.get("organisations"):
            raise NominationError("organisations", "Đã chọn “đơn vị không có tổ chức Đảng, đoàn thể” thì không ghi "
                                                   "hoạt động của các tổ chức đó; hãy bỏ một trong hai.")
    return cleaned


# Audit keys whose model names already label something else in audit.FIELD_LABELS.
AUDIT_KEYS = {"position": "job_title"}


def _audit_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def save(nomination: Nomination, values: dict, user, expected_version: int | None = None) -> AchievementReport:
    """Save the report's fields (only those of the dossier's subject), with an audit entry on the dossier."""
    services.require_editable(nomination, user)
    cleaned = _clean(values, nomination.subject)
    with db.atomic():
        workflow.lock_for_change(nomination, EDITABLE_NOMINATION_STATES, LOCKED, expected_version)
        report = report_of(nomination)
        created = report is None
        if created:
            report = prefilled(nomination)
        before = {AUDIT_KEYS.get(k, k): _audit_value(getattr(report, k)) for k in cleaned}
        for name, value in cleaned.items():
            setattr(report, name, value)
        report.updated_by, report.updated_at = user, datetime.datetime.now()
        report.save(force_insert=created)
        after = {AUDIT_KEYS.get(k, k): _audit_value(v) for k, v in cleaned.items()}
        if created:
            old, new = None, {k: v for k, v in after.items() if v not in (None, "", False)}
        else:
            old, new = audit.changes(before, after)
        if created or new:
            audit.record("write_achievement_report", "nomination", nomination.id, actor=user, before=old, after=new)
    return report


# -- the document ---------------------------------------------------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _or_blank(value) -> str:
    return str(value).strip() if value not in (None, "") and str(value).strip() else BLANK


def birth_text(report: AchievementReport) -> str:
    if report.birth_date:
        return format_date(report.birth_date)
    return str(report.birth_year) if report.birth_year else ""


def award_line(nomination: Nomination) -> str:
    """"ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ” NĂM 2024" or "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA …"."""
    kind = nomination.award_kind
    if kind.category == "title":
        # A no-break space keeps "NĂM 2024" together when the line wraps.
        return f"ĐỀ NGHỊ TẶNG DANH HIỆU “{kind.name.upper()}” NĂM\u00a0{nomination.campaign.year}"
    return f"ĐỀ NGHỊ TẶNG {kind.name.upper()}"


def _decision_text(record: AwardRecord) -> str:
    parts = []
    if record.decision_number:
        parts.append(f"Quyết định số {record.decision_number}")
    if record.decided_on:
        parts.append(f"ngày {format_date(record.decided_on)}")
    text = " ".join(parts) or "Quyết định"
    return f"{text} của {record.decided_by}" if record.decided_by else text


def award_rows(nomination: Nomination) -> tuple[list[list[str]], list[list[str]]]:
    """The titles and the forms of commendation already received, oldest first, up to the dossier's year."""
    query = AwardRecord.select().where(AwardRecord.year <= nomination.campaign.year,
                                       AwardRecord.removed_at.is_null())
    if nomination.subject == "individual":
        query = query.where(AwardRecord.subject == "individual", AwardRecord.person == nomination.person_id)
    else:
        query = query.where(AwardRecord.subject == "collective", AwardRecord.unit == nomination.unit_id)
    records = list(query.order_by(AwardRecord.year, AwardRecord.decided_on, AwardRecord.id))
    codes = {r.award_code for r in records}
    categories = {k.code: k.category for k in AwardKind.select(AwardKind.code, AwardKind.category)
                  .where(AwardKind.code.in_(codes or [""]))}
    titles, forms = [], []
    for record in records:
        name = record.award_name or record.award_code
        row = [str(record.year), name, _decision_text(record)]
        (titles if categories.get(record.award_code) == "title" else forms).append(row)
    return titles, forms


def _initiative_lines(nomination: Nomination) -> list[str]:
    if nomination.person_id is None:
        return []
    year_end = datetime.date(nomination.campaign.year, 12, 31)
    initiatives = (Initiative.select().where(Initiative.person == nomination.person_id,
                                             Initiative.removed_at.is_null(), Initiative.recognised_on <= year_end)
                   .order_by(Initiative.recognised_on))
    lines = []
    for item in initiatives:
        decision = f"Quyết định số {item.decision_number} " if item.decision_number else ""
        by = f" của {item.recognised_by}" if item.recognised_by else ""
        lines.append(f"- {item.title} ({item.scope_label.lower()}; {decision}ngày "
                     f"{format_date(item.recognised_on)}{by}).")
    return ["Sáng kiến, đề tài nghiên cứu đã được công nhận:"] + lines if lines else []


def _individual_sections(nomination: Nomination, report: AchievementReport, template: Template) -> list[Section]:
    person = nomination.person
    facts = [("Họ tên", person.full_name), ("Sinh ngày, tháng, năm", birth_text(report)),
             ("Giới tính", GENDERS.get(report.gender, ""))]
    # ND 98 added dân tộc, tôn giáo and lý luận chính trị; under ND 91 they print only when filled in.
    since_nd98 = template.decree != "91/2017/NĐ-CP"
    optional = [("Dân tộc", report.ethnicity), ("Tôn giáo", report.religion)]
    facts += [(label, value) for label, value in optional if since_nd98 or value]
    facts += [("Quê quán", report.hometown), ("Trú quán", report.residence), ("Đơn vị công tác", report.workplace),
              ("Chức vụ (Đảng, chính quyền, đoàn thể)", report.position),
              ("Trình độ chuyên môn, nghiệp vụ", report.expertise)]
    if since_nd98 or report.political_theory:
        facts.append(("Trình độ lý luận chính trị", report.political_theory))
    facts.append(("Học hàm, học vị, danh hiệu, giải thưởng", report.honours))
    return [
        Section("I. SƠ LƯỢC LÝ LỊCH", [(None, [f"- {label}: {_or_blank(value)}" for label, value in facts])]),
        Section("II. THÀNH TÍCH ĐẠT ĐƯỢC", [
            ("1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận", _paragraphs(report.duties) or [BLANK]),
            ("2. Thành tích đạt được của cá nhân",
             (_paragraphs(report.achievements) or [BLANK]) + _initiative_lines(nomination)),
        ]),
    ]


def _collective_sections(report: AchievementReport) -> list[Section]:
    contact = [f"- Địa chỉ trụ sở: {_or_blank(report.address)}", f"- Điện thoại: {_or_blank(report.phone)}"]
    if report.contact:
        contact.append(f"- Fax, E-mail, Website: {report.contact}")
    organisations = [NO_ORGANISATIONS] if report.no_organisations else _paragraphs(report.organisations) or [BLANK]
    return [
        Section("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", [
            ("1. Đặc điểm, tình hình", contact + _paragraphs(report.situation)),
            ("2. Chức năng, nhiệm vụ", _paragraphs(report.functions) or [BLANK]),
        ]),
        Section("II. THÀNH TÍCH ĐẠT ĐƯỢC", [
            ("1. Kết quả thực hiện nhiệm vụ được giao", _paragraphs(report.results) or [BLANK]),
            ("2. Các biện pháp, nguyên nhân đạt được thành tích; các phong trào thi đua đã được áp dụng",
             _paragraphs(report.measures) or [BLANK]),
            ("3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
             _paragraphs(report.policy) or [BLANK]),
            ("4. Hoạt động của tổ chức Đảng, đoàn thể", organisations),
        ]),
    ]


TITLE_HEADERS = ["Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định công nhận danh hiệu thi đua; "
                 "cơ quan ban hành quyết định"]
FORM_HEADERS = ["Năm", "Hình thức khen thưởng", "Số, ngày, tháng, năm của quyết định khen thưởng; "
                "cơ quan ban hành quyết định"]
# Signature labels after TEMPLATES.md §1a/§1b (UNCONFIRMED wording, see there).
CONFIRMATION = Signature(["XÁC NHẬN CỦA CẤP TRÌNH KHEN"], "(Ký, đóng dấu)")


def report_day(report: AchievementReport) -> datetime.date:
    return report.report_date or clock.today()


def build_document(nomination: Nomination, report: AchievementReport) -> AchievementDocument:
    template = template_for(nomination.subject, report_day(report))
    individual = nomination.subject == "individual"
    place = report.place or nomination.campaign.place
    titles, forms = award_rows(nomination)
    if individual:
        sections = _individual_sections(nomination, report, template)
        intro: list[str] = []
        signatures = [Signature(["THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN"], "(Ký, đóng dấu)", report.head_name),
                      Signature(["NGƯỜI BÁO CÁO THÀNH TÍCH"], "(Ký, ghi rõ họ và tên)", nomination.person.full_name)]
        confirmation = CONFIRMATION
        who = nomination.person.full_name
    else:
        sections = _collective_sections(report)
        name = report.collective_name or nomination.unit.name
        intro = [f"Tên tập thể đề nghị: {name}"]
        signatures = [CONFIRMATION, Signature(["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký, đóng dấu)", report.head_name)]
        confirmation = None
        who = name
    return AchievementDocument(
        parent_agency=report.heading_parent, agency=report.heading_unit or nomination.unit.name,
        date_line=vietnamese_date_line(place, report.report_date) if report.report_date else blank_date_line(place),
        titles=["BÁO CÁO THÀNH TÍCH", award_line(nomination)], intro=intro, sections=sections,
        awards_heading="III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        award_tables=[("1. Danh hiệu thi đua", TITLE_HEADERS, titles),
                      ("2. Hình thức khen thưởng", FORM_HEADERS, forms)],
        signatures=signatures, confirmation=confirmation, form_note=f"Theo {template.label}",
        title=f"Báo cáo thành tích — {who}")


def generation_problems(nomination: Nomination, report: AchievementReport) -> list[NominationError]:
    """What the report lacks before it can become the dossier's document (each against its form field)."""
    problems = []
    if nomination.subject == "individual":
        if not report.achievements.strip():
            problems.append(NominationError("achievements", "Vui lòng ghi thành tích đạt được trước khi tạo văn bản."))
    else:
        if not report.results.strip():
            problems.append(NominationError("results",
                                            "Vui lòng ghi kết quả thực hiện nhiệm vụ trước khi tạo văn bản."))
        if not report.organisations.strip() and not report.no_organisations:
            problems.append(NominationError(
                "organisations", "Ghi hoạt động của tổ chức Đảng, đoàn thể, hoặc đánh dấu “Đơn vị không có tổ chức "
                                 "Đảng, đoàn thể” (tập thể không có phải nêu rõ trong báo cáo)."))
    return problems


def file_name(nomination: Nomination, when: datetime.datetime) -> str:
    who = nomination.person.full_name if nomination.person_id else nomination.unit.name
    return f"Báo cáo thành tích - {who} - {when:%d.%m.%Y %Hg%M}.docx"


def generate(nomination: Nomination, report: AchievementReport, user):
    """Render the saved report and keep it as the dossier's báo cáo thành tích; the earlier generated file is
    taken off the checklist (softly: the dossier's history keeps it). Returns the new attachment."""
    services.require_editable(nomination, user)
    problems = generation_problems(nomination, report)
    if problems:
        raise problems[0]
    template = template_for(nomination.subject, report_day(report))
    data = render_achievement_docx(build_document(nomination, report))
    now = datetime.datetime.now()
    upload = FileStorage(stream=io.BytesIO(data), filename=file_name(nomination, now),
                         content_type=attachments.CONTENT_TYPES["docx"])
    with db.atomic():
        attached = services.attach(nomination, COMPONENT, upload, user)
        previous = report.generated_attachment_id
        if previous:
            from ..models import Attachment
            old = Attachment.get_or_none(Attachment.id == previous, Attachment.removed_at.is_null())
            if old is not None:
                attachments.remove(old, user)
        AchievementReport.update(form_ref=template.label, generated_attachment=attached.id, generated_at=now).where(
            AchievementReport.id == report.id).execute()
        report.form_ref, report.generated_attachment, report.generated_at = template.label, attached.id, now
        audit.record("generate_achievement_report", "nomination", nomination.id, actor=user,
                     after={"file": attached.original_name, "form": template.label})
    return attached
