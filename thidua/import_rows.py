"""What every spreadsheet import shares: opening the workbook, reading cells as clean text, row verdicts."""
from __future__ import annotations

import datetime
import unicodedata
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import national_id

NOT_XLSX = ("Tệp không phải bảng tính Excel .xlsx hợp lệ. Nếu tệp có đuôi .xls (Excel 97–2003), "
            "hãy mở bằng Excel và lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)”.")


class NotASpreadsheet(Exception):
    pass


def open_workbook(stream):
    """Open an uploaded .xlsx read-only, or raise NotASpreadsheet with the Vietnamese message."""
    from .attachments.sniff import zip_bomb_reason
    # openpyxl unpacks what the zip declares: a bomb is refused from the zip's table of contents first.
    if hasattr(stream, "seek") and zip_bomb_reason(stream):
        raise NotASpreadsheet("Tệp bị từ chối: nội dung nén bất thường (nghi là “bom nén”). " + NOT_XLSX)
    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise NotASpreadsheet(NOT_XLSX) from exc


def clean_text(value: str | None) -> str:
    """Compose Vietnamese letters (NFC) and collapse spaces.

    Text pasted from some systems carries decomposed tone marks; stored as typed, "Nguyễn"
    would then neither match a search for "Nguyễn" nor sort with its neighbours.
    """
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def cell_text(value) -> str:
    """A cell as the text a person typed: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def national_id_text(value) -> str:
    """A CCCD cell, with the leading 0 Excel drops when the number was stored as a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value))
        return digits.zfill(national_id.LENGTH) if len(digits) == national_id.LENGTH - 1 else digits
    return national_id.normalize(cell_text(value))


class RowVerdict:
    """Mixin for an import row dataclass with `line`, `data` and `errors` fields."""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [f"Dòng {self.line}: {e}" for e in self.errors]

    def reject(self, message: str) -> None:
        """Mark the row invalid: it keeps its errors and loses its parsed data."""
        self.errors.append(message)
        self.data = None
