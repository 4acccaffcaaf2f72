"""The arithmetic of a scoring table, exact (Decimal) and free of the database.

A criterion is anything with code, title, kind ('score' | 'bonus' | 'penalty') and max_points (Decimal).
A penalty's points are stored negative; a user may type the deduction with or without its minus sign.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)


class PointsError(ValueError):
    """A refused value, with the Vietnamese message to show beside it."""


def label(criterion) -> str:
    return f"Tiêu chí {criterion.code} “{criterion.title}”"


def show(value: Decimal | None) -> str:
    """Points the Vietnamese way: 8,5 — 10 — −2,25; blank for None."""
    if value is None:
        return ""
    try:
        value = value.quantize(CENT)
    except InvalidOperation:   # more digits than Decimal's precision (a refused value being named): as typed
        pass
    text = format(value.normalize(), "f")
    return text.replace("-", "−").replace(".", ",")


def parse(text: str | None, criterion) -> Decimal | None:
    """Read typed points for a criterion (blank: None), or raise PointsError saying what is wrong."""
    raw = (text or "").strip().replace("−", "-").replace(" ", "")
    if not raw:
        return None
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    # Plain digits only: Decimal() also reads "1e30", "Infinity", "1_0", whose quantize() may raise (a 500).
    if not _NUMBER.fullmatch(raw):
        raise PointsError(f"{label(criterion)}: “{text.strip()[:20]}” không phải là số điểm.")
    value = Decimal(raw) or ZERO   # "-0" is 0, never shown as −0
    if criterion.kind == "penalty":
        value = -abs(value)
    elif value < 0:
        raise PointsError(f"{label(criterion)}: điểm không được âm (điểm trừ chỉ nhập ở mục điểm trừ).")
    # The maximum before the places: a value this small always quantizes within Decimal's precision.
    if abs(value) > criterion.max_points:
        what = "mức trừ tối đa" if criterion.kind == "penalty" else "điểm tối đa"
        raise PointsError(f"{label(criterion)}: {show(abs(value))} điểm vượt {what} {show(criterion.max_points)}.")
    if value != value.quantize(CENT):
        raise PointsError(f"{label(criterion)}: điểm chỉ lấy tối đa hai chữ số thập phân.")
    return value.quantize(CENT)


def check_note(value: Decimal | None, note: str, criterion) -> None:
    """A penalty actually taken needs its reason."""
    if criterion.kind == "penalty" and value is not None and value != 0 and not (note or "").strip():
        raise PointsError(f"{label(criterion)}: điểm trừ phải ghi rõ lý do.")


@dataclass(frozen=True)
class Totals:
    score: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO     # negative or zero

    @property
    def total(self) -> Decimal:
        return self.score + self.bonus + self.penalty


def totals(points: list[tuple[object, Decimal | None]]) -> Totals:
    """Add (criterion, points) pairs by kind; None counts as nothing."""
    sums = {"score": ZERO, "bonus": ZERO, "penalty": ZERO}
    for criterion, value in points:
        if value is not None:
            sums[criterion.kind] += value
    return Totals(**sums)


def effective(score) -> Decimal | None:
    """The points that count: the agreed score where the leader's team set one, else the self-score."""
    return score.agreed_points if score.agreed_points is not None else score.self_points


def differs(score) -> bool:
    return score.agreed_points is not None and score.agreed_points != score.self_points
