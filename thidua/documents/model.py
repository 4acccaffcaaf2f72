"""The content of an administrative document, independent of its output format."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class Section:
    """A numbered part of the body, e.g. "I. MỤC ĐÍCH, YÊU CẦU", with optional sub-headings."""
    heading: str
    parts: list[tuple[str | None, list[str]]] = field(default_factory=list)  # (sub-heading, paragraphs)


@dataclass
class AdminDocument:
    parent_agency: str            # "UBND TỈNH ĐỒNG NAI" (cơ quan chủ quản)
    agency: str                   # "BAN DÂN TỘC" (cơ quan ban hành)
    number_symbol: str            # "15/KH-BDT"
    place: str                    # "Đồng Nai"
    issued_on: datetime.date
    kind_title: str               # "KẾ HOẠCH"
    summary: str                  # trích yếu
    preamble: list[str]           # "Căn cứ …", "Thực hiện …" and the opening sentence
    sections: list[Section]
    signer_title: str             # "TRƯỞNG BAN"
    signer_name: str
    recipients: list[str]         # "- Ban Thi đua khen thưởng (Sở Nội vụ);" … "- Lưu: VT, VP."
    signer_authority: str | None = None  # "KT. TRƯỞNG BAN" when a deputy signs on the leader's behalf


@dataclass
class Signature:
    """One signature block: bold title lines, the hint under them, and the signer's name if known."""
    titles: list[str]
    hint: str = ""          # "(Ký, đóng dấu)", "(Ký, ghi rõ họ và tên)"
    name: str = ""


@dataclass
class AchievementDocument:
    """A báo cáo thành tích (TEMPLATES.md §1a collective, §1b individual): no number, no Nơi nhận."""
    parent_agency: str            # left heading, upright (may be empty)
    agency: str                   # left heading, bold: the reporting unit
    date_line: str                # "Đồng Nai, ngày 05 tháng 11 năm 2024" (or with blanks to fill by hand)
    titles: list[str]             # "BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG …"
    intro: list[str]              # lines under the title ("Tên tập thể đề nghị: …")
    sections: list[Section]       # I and II
    awards_heading: str           # "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"
    # (sub-heading, column headers, rows): "1. Danh hiệu thi đua", "2. Hình thức khen thưởng"
    award_tables: list[tuple[str, list[str], list[list[str]]]]
    signatures: list[Signature]   # side by side, left to right
    confirmation: Signature | None = None  # centred under them (XÁC NHẬN CỦA CẤP TRÌNH KHEN)
    form_note: str = ""           # the decree and Mẫu the layout follows, printed small on page 1
    title: str = ""               # document properties


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """Return "Đồng Nai, ngày 18 tháng 01 năm 2021" (leading zero for days 1–9 and months 1–2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def blank_date_line(place: str) -> str:
    """Return "Đồng Nai, ngày … tháng … năm …" for a document dated by hand when it is signed."""
    return f"{place}, ngày … tháng … năm …"
