"""The numbers of the law the rules read: one RuleParameter row per regime and key.

A value of "" means "not configured" (e.g. the CSTĐ cơ sở cap of the 2022 law, which DOMAIN.md marks
unconfirmed). `confirmed` is False where DOMAIN.md marks the number unconfirmed: the screens must say so, and a
failing check built on such a number is reported as a warning, not a failure.

`DEFAULTS` is what migration 0007 seeds (the migration keeps its own frozen copy; a test holds the two equal).
It also feeds `MemoryFacts`, so rules can be evaluated without a database.
"""
from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass

OLD = "LAW2003_ND91"
ND98 = "LAW2022_ND98"
ND152 = "LAW2022_ND152"
REGIME_CODES = (OLD, ND98, ND152)

RATING_ORDER = {"not_completed": 0, "completed": 1, "good": 2, "excellent": 3}
SCOPE_ORDER = {"co_so": 0, "tinh_bo": 1, "toan_quoc": 2}

# key: (label shown on screen, kind) — kind says how a value is read: "int", "percent", "rating", "scope",
# "discipline" (a discipline level code).
KEYS = {
    "LDTT_MIN_MONTHS": ("Thời gian công tác tối thiểu trong năm để xét Lao động tiên tiến (tháng)", "int"),
    "LDTT_MIN_RATING": ("Mức xếp loại tối thiểu để xét Lao động tiên tiến", "rating"),
    "CSTDCS_CAP_PERCENT": ("Tỷ lệ tối đa Chiến sĩ thi đua cơ sở so với số Lao động tiên tiến (%)", "percent"),
    "CSTDT_CONSECUTIVE_CSTDCS": ("Số năm liên tục đạt CSTĐ cơ sở để xét CSTĐ cấp tỉnh", "int"),
    "CSTDT_INITIATIVE_SCOPE": ("Phạm vi tối thiểu của sáng kiến để xét CSTĐ cấp tỉnh", "scope"),
    "CSTDTQ_CONSECUTIVE_CSTDT": ("Số lần liên tục đạt CSTĐ cấp tỉnh để xét CSTĐ toàn quốc", "int"),
    "CSTDTQ_INITIATIVE_SCOPE": ("Phạm vi tối thiểu của sáng kiến để xét CSTĐ toàn quốc", "scope"),
    "TTLDTT_MIN_LDTT_PERCENT": ("Tập thể lao động tiên tiến: tỷ lệ thành viên đạt LĐTT phải trên (%)", "percent"),
    "TTLDXS_MIN_LDTT_PERCENT": ("Tập thể lao động xuất sắc: tỷ lệ thành viên đạt LĐTT tối thiểu (%)", "percent"),
    "TTLDXS_MIN_CSTDCS": ("Tập thể lao động xuất sắc: số CSTĐ cơ sở tối thiểu", "int"),
    "TTLDXS_MIN_COMPLETED_PERCENT": (
        "Tập thể lao động xuất sắc: tỷ lệ thành viên hoàn thành nhiệm vụ tối thiểu (%)", "percent"),
    "TTLDXS_NO_DISCIPLINE_FROM": (
        "Tập thể lao động xuất sắc: không có thành viên bị kỷ luật từ hình thức (để trống: không áp dụng)",
        "discipline"),
    "BK_TINH_CONSECUTIVE_CSTDCS": ("Bằng khen cấp tỉnh, bộ: số năm liên tục đạt CSTĐ cơ sở", "int"),
    "BK_TINH_ALT_EXCELLENT_YEARS": (
        "Bằng khen cấp tỉnh, bộ (cách khác): số năm liên tục hoàn thành xuất sắc nhiệm vụ", "int"),
    "BK_TINH_ALT_INITIATIVES": ("Bằng khen cấp tỉnh, bộ (cách khác): số sáng kiến trong các năm đó", "int"),
    "BK_TTG_YEARS": ("Bằng khen Thủ tướng: số năm liên tục sau Bằng khen cấp tỉnh, bộ", "int"),
    "BK_TTG_MIN_RATING": ("Bằng khen Thủ tướng: mức xếp loại tối thiểu mỗi năm", "rating"),
    "BK_TTG_CSTDCS_COUNT": ("Bằng khen Thủ tướng: số lần CSTĐ cơ sở trong các năm đó (để trống: không áp dụng)",
                            "int"),
    "BK_TTG_INITIATIVES": ("Bằng khen Thủ tướng: số sáng kiến trong các năm đó (để trống: không áp dụng)", "int"),
    "KNC_DT_MAX_TIMES": ("Kỷ niệm chương: số lần tối đa mỗi người được tặng", "int"),
}

# Keys a rule reads with an empty value as "not applied" (the rule is skipped or its path turned off). Every
# other key must hold a value: the rules read it with required_*() or fall back to a default in silence, so an
# empty value there would change a verdict without saying so. The parameters screen enforces this.
OPTIONAL_KEYS = frozenset({
    "CSTDCS_CAP_PERCENT", "TTLDXS_NO_DISCIPLINE_FROM", "BK_TINH_CONSECUTIVE_CSTDCS",
    "BK_TINH_ALT_EXCELLENT_YEARS", "BK_TINH_ALT_INITIATIVES", "BK_TTG_CSTDCS_COUNT", "BK_TTG_INITIATIVES",
})
# Counts of years or times that make no sense as 0 (a window of no years would pass everyone).
POSITIVE_KEYS = frozenset({
    "CSTDT_CONSECUTIVE_CSTDCS", "CSTDTQ_CONSECUTIVE_CSTDT", "BK_TINH_CONSECUTIVE_CSTDCS",
    "BK_TINH_ALT_EXCELLENT_YEARS", "BK_TTG_YEARS", "KNC_DT_MAX_TIMES",
})

_UNCONFIRMED_CAP = ("Luật 2022 chưa xác nhận tỷ lệ tối đa; để trống là không giới hạn.")
_TTLDTT_2022 = "Câu chữ của Luật 2022 (Điều 28) chưa được xác nhận; dùng mức của quy định cũ (trên 50%)."
_BK_TINH_OLD = ("Các văn bản đã đối chiếu chỉ nêu tiêu chuẩn Luật 2022 (Điều 74 khoản 1 điểm d); "
                "tiêu chuẩn tương ứng của "
                "Nghị định 91/2017/NĐ-CP chưa được đối chiếu.")

# regime -> key -> (value, confirmed, note)
SEED: dict[str, dict[str, tuple[str, bool, str]]] = {
    OLD: {
        "LDTT_MIN_MONTHS": ("10", True, "Không xét cá nhân mới tuyển dụng dưới 10 tháng (quy định cũ)."),
        "LDTT_MIN_RATING": ("good", True, "Hoàn thành tốt nhiệm vụ trở lên."),
        "CSTDCS_CAP_PERCENT": ("15", True, "Nghị định 91/2017/NĐ-CP Điều 9 khoản 3: không quá 15% số LĐTT."),
        "CSTDT_CONSECUTIVE_CSTDCS": ("3", True, "Ba lần liên tục đạt CSTĐ cơ sở."),
        "CSTDT_INITIATIVE_SCOPE": ("tinh_bo", True, "Sáng kiến có phạm vi ảnh hưởng cấp tỉnh, bộ."),
        "CSTDTQ_CONSECUTIVE_CSTDT": ("2", True, "Hai lần liên tục đạt CSTĐ cấp tỉnh, bộ."),
        "CSTDTQ_INITIATIVE_SCOPE": ("toan_quoc", True, "Sáng kiến có phạm vi ảnh hưởng toàn quốc."),
        "TTLDTT_MIN_LDTT_PERCENT": ("50", True, "Có trên 50% cá nhân đạt LĐTT (phải lớn hơn, không bằng)."),
        "TTLDXS_MIN_LDTT_PERCENT": ("70", True, "Có ít nhất 70% cá nhân đạt LĐTT."),
        "TTLDXS_MIN_CSTDCS": ("1", True, "Có cá nhân đạt CSTĐ cơ sở."),
        "TTLDXS_MIN_COMPLETED_PERCENT": ("100", True, "100% cá nhân hoàn thành nhiệm vụ."),
        "TTLDXS_NO_DISCIPLINE_FROM": ("canh_cao", True, "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên."),
        "BK_TINH_CONSECUTIVE_CSTDCS": ("2", False, _BK_TINH_OLD),
        "BK_TINH_ALT_EXCELLENT_YEARS": ("2", False, _BK_TINH_OLD),
        "BK_TINH_ALT_INITIATIVES": ("2", False, _BK_TINH_OLD),
        "BK_TTG_YEARS": ("5", True, "Nghị định 91/2017/NĐ-CP Điều 38: 5 năm tiếp theo liên tục."),
        "BK_TTG_MIN_RATING": ("excellent", True, "Nghị định 91/2017/NĐ-CP Điều 38: hoàn thành xuất sắc nhiệm vụ."),
        "BK_TTG_CSTDCS_COUNT": ("", True, "Quy định cũ không đòi số lần CSTĐ cơ sở."),
        "BK_TTG_INITIATIVES": ("5", True, "Nghị định 91/2017/NĐ-CP Điều 38: 5 sáng kiến trong 5 năm."),
        "KNC_DT_MAX_TIMES": ("1", True, "Mỗi cá nhân chỉ được tặng một lần."),
    },
    ND98: {
        "LDTT_MIN_MONTHS": ("6", True, "Thông tư 01/2024/TT-BNV: không xét cá nhân mới tuyển dụng dưới 6 tháng."),
        "LDTT_MIN_RATING": ("good", True, "Điều 24 Luật 2022: hoàn thành tốt nhiệm vụ trở lên."),
        "CSTDCS_CAP_PERCENT": ("", False, _UNCONFIRMED_CAP),
        "CSTDT_CONSECUTIVE_CSTDCS": ("3", True, "Điều 22 Luật 2022: 03 lần liên tục đạt CSTĐ cơ sở."),
        "CSTDT_INITIATIVE_SCOPE": ("tinh_bo", True, "Điều 22 Luật 2022: phạm vi bộ, ban, ngành, tỉnh."),
        "CSTDTQ_CONSECUTIVE_CSTDT": ("2", True, "Điều 21 Luật 2022: 02 lần liên tục đạt CSTĐ cấp bộ, tỉnh."),
        "CSTDTQ_INITIATIVE_SCOPE": ("toan_quoc", True, "Điều 21 Luật 2022: phạm vi toàn quốc."),
        "TTLDTT_MIN_LDTT_PERCENT": ("50", False, _TTLDTT_2022),
        "TTLDXS_MIN_LDTT_PERCENT": ("70", True, "Điều 27 Luật 2022: ít nhất 70% đạt LĐTT."),
        "TTLDXS_MIN_CSTDCS": ("1", True, "Điều 27 Luật 2022: có cá nhân đạt CSTĐ cơ sở."),
        "TTLDXS_MIN_COMPLETED_PERCENT": ("100", True, "Điều 27 Luật 2022: 100% hoàn thành nhiệm vụ."),
        "TTLDXS_NO_DISCIPLINE_FROM": ("", True, "Luật 2022 không còn điều kiện này."),
        "BK_TINH_CONSECUTIVE_CSTDCS": ("2", True, "Điều 74 khoản 1 điểm d Luật 2022."),
        "BK_TINH_ALT_EXCELLENT_YEARS": ("2", True, "Điều 74 khoản 1 điểm d Luật 2022."),
        "BK_TINH_ALT_INITIATIVES": ("2", True, "Điều 74 khoản 1 điểm d Luật 2022."),
        "BK_TTG_YEARS": ("5", True, "Điều 73 Luật 2022: 05 năm liên tục trở lên."),
        "BK_TTG_MIN_RATING": ("good", True, "Điều 73 Luật 2022: hoàn thành tốt nhiệm vụ trở lên."),
        "BK_TTG_CSTDCS_COUNT": ("3", True, "Điều 73 Luật 2022: 03 lần CSTĐ cơ sở."),
        "BK_TTG_INITIATIVES": ("", True, "Luật 2022 không đòi số sáng kiến."),
        "KNC_DT_MAX_TIMES": ("1", True, "Thông tư 01/2024/TT-UBDT Điều 8: mỗi cá nhân chỉ được tặng một lần."),
    },
}
# ND 152/2025 details the same law: the criteria and their numbers are those of ND 98 (DOMAIN.md §1, §2, §3).
SEED[ND152] = dict(SEED[ND98])

DEFAULTS: dict[str, dict[str, tuple[str, bool]]] = {
    regime: {key: (value, confirmed) for key, (value, confirmed, _note) in rows.items()}
    for regime, rows in SEED.items()
}


class ParameterProblem(Exception):
    """A parameter a rule needs is missing or unreadable: the rule reports a warning instead of a verdict."""

    def __init__(self, key: str, value: str = ""):
        self.key = key
        label = KEYS.get(key, (key, ""))[0]
        if value:
            text = f"Tham số “{label}” ({key}) có giá trị không hợp lệ: “{value}”"
        else:
            text = f"Chưa cấu hình tham số “{label}” ({key})"
        super().__init__(f"{text}; không tự kiểm tra được tiêu chí này.")


@dataclass(frozen=True)
class Param:
    key: str
    value: str
    confirmed: bool

    @property
    def configured(self) -> bool:
        return self.value.strip() != ""

    def number(self) -> decimal.Decimal | None:
        """The value as a number; None when not configured; ParameterProblem when unreadable."""
        if not self.configured:
            return None
        try:
            number = decimal.Decimal(self.value.strip().replace(",", "."))
        except decimal.InvalidOperation:
            raise ParameterProblem(self.key, self.value) from None
        if not number.is_finite() or number < 0:
            raise ParameterProblem(self.key, self.value)
        return number

    def integer(self) -> int | None:
        number = self.number()
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ParameterProblem(self.key, self.value)
        return int(number)

    def code(self, allowed: Mapping[str, object]) -> str | None:
        if not self.configured:
            return None
        if self.value.strip() not in allowed:
            raise ParameterProblem(self.key, self.value)
        return self.value.strip()


class Params:
    """All parameters of one regime, loaded at once."""

    def __init__(self, regime_code: str, values: Mapping[str, tuple[str, bool]]):
        self.regime_code = regime_code
        self._values = dict(values)

    def get(self, key: str) -> tuple[str, bool]:
        """(value, confirmed); ("", False) when the key has no row."""
        return self._values.get(key, ("", False))

    def param(self, key: str) -> Param:
        value, confirmed = self.get(key)
        return Param(key, value or "", bool(confirmed))

    # Readers that insist on a value: a missing one raises ParameterProblem.
    def required_int(self, key: str) -> Param:
        p = self.param(key)
        if p.integer() is None:
            raise ParameterProblem(key)
        return p

    def required_number(self, key: str) -> Param:
        p = self.param(key)
        if p.number() is None:
            raise ParameterProblem(key)
        return p

    def keys(self):
        return self._values.keys()

    def __repr__(self) -> str:
        return f"Params({self.regime_code!r}, {self._values!r})"


def load(regime_code: str) -> Params:
    """Every parameter of a regime, in one query."""
    from ..models import LegalRegime, RuleParameter
    rows = (RuleParameter.select(RuleParameter.key, RuleParameter.value, RuleParameter.confirmed)
            .join(LegalRegime).where(LegalRegime.code == regime_code).tuples())
    return Params(regime_code, {key: (value, confirmed) for key, value, confirmed in rows})


def get(regime_code: str, key: str) -> tuple[str, bool]:
    """(value, confirmed) of one parameter of a regime, read from the database."""
    return load(regime_code).get(key)


def defaults(regime_code: str) -> Params:
    """The seeded values, without a database."""
    return Params(regime_code, DEFAULTS.get(regime_code, {}))
