"""The content of the council's documents: the minutes of a meeting (TEMPLATES.md §3) and the paper ballot (§4).

Plain dataclasses filled by the council services, and the sentences both renderers print (minutes_docx for .docx,
pdf for WeasyPrint), so the Word file and the PDF never word a line differently.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from thidua.documents.model import vietnamese_date_line

MINUTES_TITLE = "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA KHEN THƯỞNG"
AGENDA_HEADING = "I. NỘI DUNG CUỘC HỌP"
VOTE_HEADING = "II. HÌNH THỨC VÀ KẾT QUẢ BIỂU QUYẾT"
CONCLUSION_HEADING = "III. KẾT LUẬN"
WRITTEN_VOTES_HEADING = "Phiếu biểu quyết bằng văn bản của thành viên vắng mặt:"
PASSED, FAILED = "Đạt", "Không đạt"

RESULT_HEADERS = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Danh hiệu/hình thức đề nghị",
                  "Số phiếu đồng ý", "Tỷ lệ %", "Kết quả"]
PERCENT_ON_ALL = "Tỷ lệ % (trên tổng số thành viên)"
PERCENT_ON_PRESENT = "Tỷ lệ % (trên số thành viên dự họp)"
BALLOT_HEADERS = ["STT", "Họ và tên", "Chức vụ, đơn vị", "Danh hiệu đề nghị", "Đồng ý", "Không đồng ý"]
BALLOT_STAMP_HINT = "Phiếu bầu chỉ có giá trị khi có dấu của Hội đồng hoặc chữ ký tắt của Chủ tịch Hội đồng."


@dataclass
class Attendee:
    name: str
    position: str        # chức vụ, đơn vị: "Phó Trưởng Ban"
    council_role: str    # "Chủ tịch Hội đồng", "Ủy viên", …
    written_vote: bool = False   # absent member who sent a written vote


@dataclass
class ResultRow:
    number: int          # STT within the table
    name: str            # họ và tên / tên tập thể
    position_unit: str   # chức vụ, đơn vị
    award: str           # danh hiệu / hình thức đề nghị
    yes: int             # số phiếu đồng ý (all channels)
    base: int            # the denominator the rule applied (all eligible members, or members present)
    percent: str         # "90%" / "66,67%" already formatted
    passed: bool
    written_yes: int = 0  # of which written votes of absent members
    paper_yes: int = 0    # of which paper ballots
    recused: int = 0      # members who did not vote on this line
    note: str = ""


@dataclass
class ResultTable:
    heading: str         # "Kết quả bỏ phiếu vòng 1" / "… vòng 2 (bỏ phiếu lại)"
    rows: list[ResultRow]
    rule_lines: list[str]   # the rule(s) applied, one sentence each, printed under the table
    percent_header: str = ""  # overrides the header of the percent column (else derived from the rows' base)


@dataclass
class MinutesDocument:
    parent_agency: str   # "UBND TỈNH ĐỒNG NAI"
    agency: str          # "BAN DÂN TỘC"
    council: str         # "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
    number_symbol: str   # "…/BB-HĐTĐKT" (may contain blanks to fill by hand)
    place: str           # "Đồng Nai"
    held_on: datetime.date
    summary: str         # "Về việc xét, đề nghị khen thưởng năm 2021"
    started_at: str      # "08 giờ 00 phút"
    ended_at: str        # "10 giờ 30 phút" or "… giờ … phút"
    location: str        # địa điểm
    chair: Attendee
    secretary_name: str
    secretary_position: str
    members_total: int
    present: list[Attendee]
    absent: list[Attendee]
    agenda: list[str]            # paragraphs: what was considered, grouped by award
    method: str                  # "Hội đồng biểu quyết bằng hình thức bỏ phiếu kín."
    tables: list[ResultTable]
    written_votes: list[str]     # paragraphs on written votes of absent members
    paper_note: str              # "" or "Trong đó N phiếu bỏ trên giấy do Văn phòng nhập số liệu."
    conclusions: list[str]
    secretary_title: str = "THƯ KÝ"
    chair_title: str = "CHỦ TỊCH HỘI ĐỒNG"


@dataclass
class BallotLine:
    number: int
    name: str
    position_unit: str
    award: str


@dataclass
class BallotGroup:
    heading: str          # the award, e.g. "Danh hiệu Chiến sĩ thi đua cơ sở"
    lines: list[BallotLine]


@dataclass
class PaperBallot:
    parent_agency: str
    agency: str
    council: str
    title: str            # "PHIẾU BẦU"
    subtitle: str         # "Xét khen thưởng năm 2021 — vòng 1"
    instruction: str      # "Đánh dấu (X) vào cột “Đồng ý” hoặc “Không đồng ý” …"
    groups: list[BallotGroup]
    validity_note: str    # which marks make a line invalid
    session_line: str     # "Phiên họp ngày 20/12/2021 — Đồng Nai"
    stamp_hint: str = BALLOT_STAMP_HINT  # how the ballot is authenticated; never a voter's name or signature


# --- the sentences of the minutes ----------------------------------------------------------------------------

def date_words(day: datetime.date) -> str:
    """Return "ngày 05 tháng 02 năm 2025" (the Decree 30 date without the place)."""
    return vietnamese_date_line("", day).removeprefix(", ")


def minutes_date_line(doc: MinutesDocument) -> str:
    """Return the place and date of the heading, "Đồng Nai, ngày 20 tháng 12 năm 2021"."""
    return vietnamese_date_line(doc.place, doc.held_on)


def issuer_lines(parent_agency: str, agency: str, council: str) -> tuple[list[str], str]:
    """Return the upright lines above the issuing body and the issuing body itself (bold, ruled).

    The council issues its documents, so it is the bold line; the agency above it is printed upright like a
    cơ quan chủ quản. Without a council name the agency issues. The issuer's last two words never part.
    """
    upper = [line.upper() for line in (parent_agency, agency, council) if line]
    return upper[:-1], _keep_last_words_together(upper[-1]) if upper else ""


def _keep_last_words_together(line: str) -> str:
    """Join the last two words with a no-break space: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" wraps in the 6.5 cm
    column, and should wrap before "KHEN THƯỞNG", not leave "THƯỞNG" alone on the second line."""
    head, space, last = line.rpartition(" ")
    return f"{head}\N{NO-BREAK SPACE}{last}" if space and " " in head.strip() else line


def attendee_line(person: Attendee) -> str:
    """Return "Đ/c Nguyễn Văn A, Phó Trưởng Ban, Ủy viên Hội đồng"."""
    return ", ".join(part for part in (f"Đ/c {person.name}", person.position, person.council_role) if part)


def opening_lines(doc: MinutesDocument) -> list[str]:
    """Return the lines under the title: time, place, chair, secretary and attendance."""
    role = doc.chair.council_role or "Chủ tịch Hội đồng"
    chair = ", ".join(part for part in (f"Đ/c {doc.chair.name}", doc.chair.position, role) if part)
    secretary = ", ".join(part for part in (f"Đ/c {doc.secretary_name}", doc.secretary_position) if part)
    return [
        f"Thời gian: {doc.started_at}, {date_words(doc.held_on)}.",
        f"Địa điểm: {doc.location}.",
        f"Chủ trì cuộc họp: {chair}.",
        f"Thư ký cuộc họp: {secretary}.",
        attendance_line(doc),
    ]


def attendance_line(doc: MinutesDocument) -> str:
    """Return "Thành phần: có 9/11 thành viên Hội đồng tham dự (vắng: Đ/c …, có phiếu bằng văn bản)."."""
    line = f"Thành phần: có {len(doc.present)}/{doc.members_total} thành viên Hội đồng tham dự"
    if doc.absent:
        names = [f"Đ/c {p.name}" + (", có phiếu biểu quyết bằng văn bản" if p.written_vote else "")
                 for p in doc.absent]
        line += f" (vắng: {'; '.join(names)})"
    return line + (", gồm:" if doc.present else ".")


def present_lines(doc: MinutesDocument) -> list[str]:
    """Return the numbered list of the members present."""
    return [f"{index}. {attendee_line(person)}." for index, person in enumerate(doc.present, start=1)]


def percent_header(table: ResultTable, doc: MinutesDocument) -> str:
    """Name the base of the percentages: all members, members present, or (mixed bases) just "Tỷ lệ %"."""
    if table.percent_header:
        return table.percent_header
    bases = {row.base for row in table.rows}
    if bases == {doc.members_total}:
        return PERCENT_ON_ALL
    if bases == {len(doc.present)}:
        return PERCENT_ON_PRESENT
    return RESULT_HEADERS[5]


def result_headers(table: ResultTable, doc: MinutesDocument) -> list[str]:
    """Return the column headers of a result table, the percent column naming its base."""
    return RESULT_HEADERS[:5] + [percent_header(table, doc)] + RESULT_HEADERS[6:]


def result_cells(row: ResultRow) -> list[str]:
    """Return the cells of a result row; the votes read "9/10" (yes over the rule's base)."""
    return [str(row.number), row.name, row.position_unit, row.award, f"{row.yes}/{row.base}", row.percent,
            PASSED if row.passed else FAILED]


def row_notes(table: ResultTable) -> list[str]:
    """Return one note per row that has written or paper votes, recused members or a note of its own."""
    notes = []
    for row in table.rows:
        parts = []
        channels = []
        if row.written_yes:
            channels.append(f"{row.written_yes} phiếu bằng văn bản của thành viên vắng mặt")
        if row.paper_yes:
            channels.append(f"{row.paper_yes} phiếu bỏ trên giấy")
        if channels:
            parts.append(f"trong {row.yes} phiếu đồng ý có {' và '.join(channels)}")
        if row.recused:
            parts.append(f"{row.recused} thành viên không tham gia biểu quyết")
        sentences = [f"{'; '.join(parts)}."] if parts else []
        if row.note:
            sentences.append(row.note if row.note.endswith(".") else f"{row.note}.")
        if sentences:
            notes.append(f"STT {row.number} ({row.name}): {' '.join(sentences)}")
    return notes


def closing_line(doc: MinutesDocument) -> str:
    """Return the last sentence of the minutes, closed with the Decree 30 end mark "./."."""
    return (f"Cuộc họp kết thúc vào {doc.ended_at} cùng ngày. Biên bản đã được đọc lại và các thành viên dự họp "
            "nhất trí thông qua./.")
