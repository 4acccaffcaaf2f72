"""Amounts of money for award decisions: in figures, in words, and as a multiple of the base salary.

Điều 2 of a Quyết định khen thưởng states the cash "in words and in figures" (TEMPLATES.md §5), e.g.
"1.490.000 đồng (Một triệu bốn trăm chín mươi nghìn đồng)". The figures follow Thông tư 39/2014/TT-BTC
(Điều 4 k1 điểm k): a dot after the thousands, millions, billions, … digit.

The words follow the reading taught in schools and used on invoices and vouchers:

- numbers are read in groups of three digits: đơn vị, nghìn, triệu, then tỷ; above a tỷ the count of tỷ is
  itself read as a number, so 10^12 is "một nghìn tỷ", 10^15 "một triệu tỷ", 10^18 "một tỷ tỷ";
- "mười" for 10–19, "mươi" for 20–90 ("hai mươi", "chín mươi");
- a final 1 is "mốt" after "mươi" (21 "hai mươi mốt") but "một" after "mười" (11 "mười một") and after "linh"
  (101 "một trăm linh một");
- a final 5 is "lăm" after "mười"/"mươi" (15 "mười lăm", 25 "hai mươi lăm") but "năm" after "linh"
  (105 "một trăm linh năm");
- a final 4 is always "bốn" (24 "hai mươi bốn"): "tư" is colloquial, and a decision is a formal text;
- "linh" (not the southern "lẻ") when the tens digit is 0 and the units are not: 105 "một trăm linh năm".

Zeros inside a number (the choice made here, the same as accounting software and school textbooks):

- a group of three zeros that is not the last non-zero part is **skipped entirely**, with its unit word —
  1.000.005 is "một triệu không trăm linh năm", never "một triệu không nghìn không trăm linh năm";
  4.000.000.000 is "bốn tỷ"; 1.000.000.001 is "một tỷ không trăm linh một" (not "một tỷ không trăm triệu …");
- a group that is not the leading one but is not all zeros is read with all three digits, so its zero
  hundreds are said as "không trăm": 2.001 "hai nghìn không trăm linh một", 1.050.000 "một triệu không trăm
  năm mươi nghìn", 1.005.000 "một triệu không trăm linh năm nghìn";
- the leading group is read without leading zeros: 15.000 "mười lăm nghìn", 105.000 "một trăm linh năm nghìn".
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["cash_amount", "vnd_figures", "vnd_words"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUP_UNITS = ("", "nghìn", "triệu")  # the groups below a tỷ
BILLION = 10 ** 9
CURRENCY = "đồng"


def _check(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"Số tiền phải là số nguyên đồng, không phải {type(amount).__name__}.")
    if amount < 0:
        raise ValueError(f"Số tiền không được âm: {amount}.")
    return amount


def vnd_figures(amount: int) -> str:
    """Return the amount in figures, Vietnamese style: 1_490_000 → "1.490.000 đồng", 0 → "0 đồng"."""
    return f"{_check(amount):,} {CURRENCY}".replace(",", ".")


def vnd_words(amount: int) -> str:
    """Return the amount in Vietnamese words, first letter capitalised, ending with " đồng".

    >>> vnd_words(1_490_000)
    'Một triệu bốn trăm chín mươi nghìn đồng'
    >>> vnd_words(105_000)
    'Một trăm linh năm nghìn đồng'
    >>> vnd_words(1_000_005)
    'Một triệu không trăm linh năm đồng'
    >>> vnd_words(1_000_000_001)
    'Một tỷ không trăm linh một đồng'
    >>> vnd_words(1_000_000_000_000)
    'Một nghìn tỷ đồng'
    >>> vnd_words(0)
    'Không đồng'

    See the module's docstring for the rules, zeros inside the number included.
    """
    amount = _check(amount)
    words = _number_words(amount) if amount else DIGITS[0]
    return f"{words[0].upper()}{words[1:]} {CURRENCY}"


def cash_amount(coefficient: Decimal, base_salary: int) -> int:
    """Return coefficient × base salary in whole đồng, half up: Decimal("0.3") × 1_490_000 → 447_000.

    The coefficient must be a Decimal (or an int), never a float: 0.3 as a float is not 0.3.
    """
    if isinstance(coefficient, float):
        raise TypeError("Hệ số phải là Decimal, không dùng số thực dấu phẩy động.")
    coefficient = Decimal(coefficient)
    _check(base_salary)
    if coefficient < 0:
        raise ValueError(f"Hệ số không được âm: {coefficient}.")
    return int((coefficient * base_salary).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def award_amount(coefficient: Decimal, base_salary: int, round_to: int = 10_000) -> int:
    """The cash of an award: coefficient × base salary, rounded UP to the ten thousand đồng ("được làm tròn số lên
    hàng chục ngàn đồng", Nghị định 91/2017/NĐ-CP Điều 68 khoản 2, kept by the later decrees):
    Decimal("0.3") × 1_490_000 = 447_000 → 450_000; an exact multiple stays as it is."""
    exact = cash_amount(coefficient, base_salary)
    if round_to <= 0:
        return exact
    return -(-exact // round_to) * round_to


def _number_words(n: int, leading: bool = True) -> str:
    """Words for n > 0. `leading` is False when n is the tail of a longer number (so "không trăm" is said)."""
    if n >= BILLION:
        billions, rest = divmod(n, BILLION)
        head = f"{_number_words(billions, leading)} tỷ"
        return f"{head} {_number_words(rest, leading=False)}" if rest else head
    groups = []  # most significant first: (value, unit index)
    for index in range(len(GROUP_UNITS)):
        n, group = divmod(n, 1000)
        groups.append((group, index))
        if not n:
            break
    groups.reverse()
    parts = []
    for position, (group, index) in enumerate(groups):
        if not group:
            continue  # a group of zeros is skipped with its unit word
        full = not (leading and position == 0)
        words = _group_words(group, full)
        parts.append(f"{words} {GROUP_UNITS[index]}" if GROUP_UNITS[index] else words)
    return " ".join(parts)


def _group_words(n: int, full: bool) -> str:
    """Words for 1 ≤ n ≤ 999; with `full`, a zero hundreds digit is read ("không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, DIGITS[units]))
    return " ".join(words)
