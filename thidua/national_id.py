"""Citizen identity card numbers (số định danh cá nhân / CCCD): 12 digits with a meaning.

Thông tư 07/2016/TT-BCA Điều 7 (kept by Thông tư 59/2021/TT-BCA): digits 1–3 the province
of birth registration, digit 4 gender and century of birth, digits 5–6 the last two digits of
the birth year, digits 7–12 a random number. Every province code begins with 0, which is why
a spreadsheet that stored the number as a number has lost exactly one leading zero.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

LENGTH = 12

PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
    "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
    "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
    "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
    "089", "091", "092", "093", "094", "095", "096",
})

GENDER_LABELS = {"male": "nam", "female": "nữ"}

# Separators people type inside the number ("075 185 001 234", "075.185.001.234").
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class Decoded:
    province: str
    gender: str          # "male" or "female"
    century_start: int   # 1900, 2000, 2100 ...
    birth_year: int


def normalize(value: str | None) -> str:
    """Drop spaces, dots and hyphens people type between the groups of digits."""
    return _SEPARATORS.sub("", value or "")


def decode(number: str) -> Decoded:
    """Read province, gender and birth year out of a 12-digit number (format already checked)."""
    digit = int(number[3])
    century_start = 1900 + 100 * (digit // 2)
    return Decoded(province=number[:3], gender="male" if digit % 2 == 0 else "female",
                   century_start=century_start, birth_year=century_start + int(number[4:6]))


def problem(number: str, gender: str | None = None, birth_year: int | None = None) -> str | None:
    """Return why number is not a valid CCCD for this gender and birth year, in Vietnamese, or None."""
    if not number.isdigit() or not number.isascii():
        return "Số CCCD chỉ được gồm các chữ số."
    if len(number) != LENGTH:
        return f"Số CCCD phải gồm đúng {LENGTH} chữ số (số đã nhập có {len(number)} chữ số)."
    if number[:3] not in PROVINCE_CODES:
        return f"Ba chữ số đầu “{number[:3]}” không phải mã tỉnh, thành phố hợp lệ của số CCCD."
    decoded = decode(number)
    if gender in GENDER_LABELS and decoded.gender != gender:
        return (f"Chữ số thứ 4 ({number[3]}) của số CCCD là của người {GENDER_LABELS[decoded.gender]}, "
                f"không khớp với giới tính {GENDER_LABELS[gender]}.")
    if birth_year is not None:
        if not decoded.century_start <= birth_year < decoded.century_start + 100:
            return (f"Chữ số thứ 4 ({number[3]}) của số CCCD là của người sinh trong các năm "
                    f"{decoded.century_start}–{decoded.century_start + 99}, không khớp với năm sinh {birth_year}.")
        if decoded.birth_year != birth_year:
            return (f"Chữ số thứ 5 và 6 ({number[4:6]}) của số CCCD phải là hai số cuối của năm sinh "
                    f"({birth_year % 100:02d}).")
    elif decoded.birth_year > datetime.date.today().year:
        return f"Số CCCD cho năm sinh {decoded.birth_year}, chưa tới năm đó."
    return None


def is_valid(number: str, gender: str | None = None, birth_year: int | None = None) -> bool:
    return problem(number, gender, birth_year) is None


def mask(number: str | None) -> str:
    """Hide all but the last four digits."""
    if not number:
        return ""
    return "•" * (len(number) - 4) + number[-4:]
