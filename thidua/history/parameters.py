"""The numbers of the law the rules read (RuleParameter), as the parameters screen shows and checks them.

What a value means and how it is read lives in thidua.rules.params (KEYS, OPTIONAL_KEYS, POSITIVE_KEYS);
here it is put into words and checked before it is stored, so that a rule never meets a value it cannot read.
"""
from __future__ import annotations

import decimal

from .. import audit
from ..db import db
from ..forms_support import FieldError
from ..models import LegalRegime, RuleParameter
from ..models.history import DISCIPLINE_LEVELS, INITIATIVE_SCOPES, RATINGS, UNDER_REVIEW
from ..rules import params as rule_params

NOTE_MAX = 2000
INT_MAX = 99

# Codes a value of each kind may hold, with their Vietnamese names (the rules read exactly these codes).
CODE_CHOICES = {
    "rating": dict(sorted(RATINGS.items(), key=lambda kv: -rule_params.RATING_ORDER[kv[0]])),
    "scope": INITIATIVE_SCOPES,
    "discipline": {k: v for k, v in DISCIPLINE_LEVELS.items() if k != UNDER_REVIEW},
}
KIND_HINTS = {
    "int": "Số nguyên không âm, ví dụ 3.",
    "percent": "Tỷ lệ phần trăm từ 0 đến 100, ví dụ 70 hoặc 62,5 (không ghi dấu %).",
}


def label(key: str) -> str:
    return rule_params.KEYS.get(key, (key, ""))[0]


def kind(key: str) -> str:
    return rule_params.KEYS.get(key, ("", "int"))[1]


def optional(key: str) -> bool:
    """Say whether the rules read an empty value of key as "not applied"."""
    return key in rule_params.OPTIONAL_KEYS


def display(key: str, value: str) -> str:
    """The value in words: "70%", "Hoàn thành tốt nhiệm vụ", "Không áp dụng"."""
    value = (value or "").strip()
    if not value:
        return "Để trống — không áp dụng" if optional(key) else "Chưa cấu hình"
    k = kind(key)
    if k in CODE_CHOICES:
        return CODE_CHOICES[k].get(value, value)
    if k == "percent":
        return f"{value.replace('.', ',')}%"
    return value


def check_value(key: str, text: str | None) -> str:
    """Return text as the rules will read it, or raise FieldError("value", …) in Vietnamese."""
    text = (text or "").strip()
    k = kind(key)
    if not text:
        if optional(key):
            return ""
        raise FieldError("value", "Tham số này bắt buộc phải có giá trị: các tiêu chuẩn không xét được nếu để trống.")
    if k in CODE_CHOICES:
        if text not in CODE_CHOICES[k]:
            raise FieldError("value", "Vui lòng chọn một giá trị trong danh sách.")
        return text
    try:
        number = decimal.Decimal(text.replace(",", "."))
    except decimal.InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise FieldError("value", "Phải là một số" + (" nguyên, ví dụ 3." if k == "int" else ", ví dụ 70."))
    if k == "percent":
        if not 0 <= number <= 100:
            raise FieldError("value", "Tỷ lệ phải từ 0 đến 100 (%).")
        if number.as_tuple().exponent < -2:
            raise FieldError("value", "Tỷ lệ ghi tối đa 2 chữ số thập phân.")
        return format(number.normalize(), "f")
    if number != number.to_integral_value():
        raise FieldError("value", "Phải là một số nguyên, ví dụ 3.")
    low = 1 if key in rule_params.POSITIVE_KEYS else 0
    if not low <= number <= INT_MAX:
        raise FieldError("value", f"Phải từ {low} đến {INT_MAX}.")
    return str(int(number))


def regimes() -> list[LegalRegime]:
    return list(LegalRegime.select().order_by(LegalRegime.valid_from.desc()))


def rows(regime: LegalRegime) -> list[RuleParameter]:
    """A regime's parameters in the order of rule_params.KEYS (unknown keys last)."""
    order = {key: i for i, key in enumerate(rule_params.KEYS)}
    found = list(RuleParameter.select().where(RuleParameter.regime == regime))
    return sorted(found, key=lambda p: (order.get(p.key, len(order)), p.key))


def _state(param: RuleParameter) -> dict:
    return {"value": display(param.key, param.value), "confirmed": param.confirmed, "note": param.note}


def update(param: RuleParameter, value: str, confirmed: bool, note: str, user) -> RuleParameter:
    """Store a checked value; the rules read it from the next evaluation on."""
    value = check_value(param.key, value)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise FieldError("note", f"Ghi chú dài quá {NOTE_MAX} ký tự.")
    before = _state(param)
    with db.atomic():
        RuleParameter.update(value=value, confirmed=confirmed, note=note).where(
            RuleParameter.id == param.id).execute()
        param.value, param.confirmed, param.note = value, confirmed, note
        old, new = audit.changes(before, _state(param))
        if new:
            audit.record("update", "rule_parameter", param.id, before=old, after=new, actor=user,
                         comment=f"{param.key} — {label(param.key)} ({param.regime.name})")
    return param
