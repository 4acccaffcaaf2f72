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


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """Return "Đồng Nai, ngày 18 tháng 01 năm 2021" (leading zero for days 1–9 and months 1–2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
