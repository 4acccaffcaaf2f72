"""The content of an award decision (Quyết định khen thưởng, Decree 30/2020 Mẫu 1.2) or of a proposal upward
(Tờ trình, Mẫu 1.4 with an attached list), independent of the output format (TEMPLATES.md §5, §2)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .model import blank_date_line, vietnamese_date_line


@dataclass
class Article:
    label: str            # "Điều 1."; "" for a plain paragraph (a tờ trình's body)
    text: str


@dataclass
class ListRow:
    number: int           # STT; the order is the "số sổ vàng" printed on certificates
    name: str             # họ và tên / tên tập thể
    position_unit: str    # chức vụ, đơn vị công tác ("" for a collective)
    award: str            # danh hiệu / hình thức
    amount: str = ""      # "447.000" or "" when the award carries no cash
    summary: str = ""     # tóm tắt thành tích (a tờ trình's list)

    def cell(self, key: str) -> str:
        """Return the text of one column of the row (ListColumn.key), "" for a missing value."""
        value = getattr(self, key)
        return "" if value is None else str(value)


@dataclass
class ListBlock:
    heading: str          # "I. CÁ NHÂN" / "II. TẬP THỂ"
    rows: list[ListRow]

    @property
    def collective(self) -> bool:
        """True when no row names a position or unit: a block of collectives (STT | Tên tập thể | …)."""
        return bool(self.rows) and not any(row.position_unit for row in self.rows)


@dataclass(frozen=True)
class ListColumn:
    key: str              # the ListRow attribute shown: number, name, position_unit, award, amount, summary
    header: str


@dataclass
class AttachedList:
    title: str            # "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC TẶNG DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2021"
    subtitle: str         # "(Kèm theo Quyết định số 01/QĐ-BDT ngày 28 tháng 12 năm 2021 của Trưởng Ban Dân tộc)"
    blocks: list[ListBlock]
    show_amount: bool = True
    total: str = ""       # "894.000" for the total row, "" for none
    total_words: str = ""  # "(Bằng chữ: Tám trăm chín mươi bốn nghìn đồng)"


@dataclass
class DecisionDocument:
    parent_agency: str            # "UBND TỈNH ĐỒNG NAI"
    agency: str                   # "BAN DÂN TỘC"
    number_symbol: str            # "01/QĐ-BDT", or "…/QĐ-BDT" for a draft
    place: str                    # "Đồng Nai"
    issued_on: datetime.date | None  # None: a draft, the date line keeps blanks to fill at signing
    kind_title: str               # "QUYẾT ĐỊNH" / "TỜ TRÌNH"
    summary: str                  # trích yếu: "Về việc tặng danh hiệu Lao động tiên tiến năm 2021"
    authority: str                # "TRƯỞNG BAN DÂN TỘC TỈNH ĐỒNG NAI" (a decision); "" for a tờ trình
    addressee: str                # "Kính gửi: Ủy ban nhân dân tỉnh Đồng Nai" (a tờ trình); "" for a decision
    basis: list[str]              # the "Căn cứ …;" lines and "Xét đề nghị của Chánh Văn phòng." (italic)
    articles: list[Article]       # Điều 1–3 after "QUYẾT ĐỊNH:"; a tờ trình's paragraphs
    recipients: list[str]         # "- Như Điều 3;" … "- Lưu: VT, VP."
    signer_authority: str         # "" or "KT. TRƯỞNG BAN"
    signer_title: str             # "TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN"
    signer_name: str              # "" for a draft
    attached: AttachedList | None = None
    draft: bool = False           # a watermark-like "DỰ THẢO" mark on every page
    signed_note: str = ""         # "Đã ký số: Ban Dân tộc tỉnh Đồng Nai, 28/12/2021 10:15" (printed small)
    decides: bool = True          # False for a tờ trình: no "QUYẾT ĐỊNH:" line
    extra: dict = field(default_factory=dict)

    @property
    def date_line(self) -> str:
        """Return "Đồng Nai, ngày 28 tháng 12 năm 2021", or "Đồng Nai, ngày … tháng … năm …" for a draft."""
        if self.issued_on is None:
            return blank_date_line(self.place)
        return vietnamese_date_line(self.place, self.issued_on)

    @property
    def signer_titles(self) -> list[str]:
        """Return the bold lines above the signature: ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"] or ["TRƯỞNG BAN"]."""
        return [title for title in (self.signer_authority, self.signer_title) if title]

    def list_columns(self, block: ListBlock) -> list[ListColumn]:
        """Return the columns of one block of the attached list, shared by the .docx, the PDF and the page.

        A decision's list: STT | Họ và tên | Chức vụ, đơn vị công tác | Danh hiệu, hình thức | Số tiền (đồng);
        a tờ trình's: STT | Họ và tên (Tên tập thể) | Chức vụ, đơn vị công tác | Hình thức/danh hiệu đề nghị
        | Tóm tắt thành tích (TEMPLATES.md §5, §2). A block of collectives is STT | Tên tập thể | … (no position
        column); the amount column follows show_amount, the summary column appears when any row has one.
        """
        listing = self.attached
        columns = [ListColumn("number", "STT")]
        if block.collective:
            columns.append(ListColumn("name", "Tên tập thể"))
        else:
            columns += [ListColumn("name", "Họ và tên" if self.decides else "Họ và tên (Tên tập thể)"),
                        ListColumn("position_unit", "Chức vụ, đơn vị công tác")]
        columns.append(ListColumn("award", "Danh hiệu, hình thức" if self.decides
                                  else "Hình thức/danh hiệu đề nghị"))
        if listing is not None and listing.show_amount:
            columns.append(ListColumn("amount", "Số tiền (đồng)"))
        if listing is not None and any(row.summary for each in listing.blocks for row in each.rows):
            columns.append(ListColumn("summary", "Tóm tắt thành tích"))
        return columns
