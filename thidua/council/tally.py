"""The arithmetic of the council's votes, exact (integers and Fractions, never floats) and free of the database.

`rule` is anything with the attributes of a VoteRule: quorum_numerator, quorum_denominator, threshold_percent
(Decimal, int or str), denominator ('all' | 'present'), award_code, confirmed, article.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

UNCONFIRMED = "Chưa được xác nhận — có thể cấu hình"


def _check_count(name: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, not {value!r}")


def quorum_needed(members: int, rule) -> int:
    """The fewest members present that make a quorum: ceil(members × numerator / denominator)."""
    _check_count("members", members)
    return -(-members * rule.quorum_numerator // rule.quorum_denominator)


def quorum_met(present: int, members: int, rule) -> bool:
    """Say whether present members make a quorum of a council of members (2/3 of 7 needs 5). No members: no."""
    _check_count("present", present)
    if present > members:
        raise ValueError(f"present ({present}) exceeds members ({members})")
    return members > 0 and present >= quorum_needed(members, rule)


def threshold(rule) -> Fraction:
    """The rule's threshold as an exact fraction of 1 (90% → 9/10)."""
    return Fraction(Decimal(str(rule.threshold_percent))) / 100


def percent_text(share: Fraction) -> str:
    """A share as a Vietnamese percentage, two decimals at most (2/3 → "66,67%")."""
    value = (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text.replace(".", ",") + "%"


def rule_text(rule) -> str:
    """Name the rule applied, its article, and whether it is confirmed."""
    code = getattr(rule, "award_code", "*")
    name = "quy tắc mặc định của chế độ pháp lý" if code in ("*", None) else f"quy tắc cho {code}"
    base = "tổng số thành viên Hội đồng" if rule.denominator == "all" else "số thành viên có mặt"
    text = f"{name}: từ {percent_text(threshold(rule))} trở lên trên {base}"
    article = getattr(rule, "article", "")
    text += f" ({article})" if article else " (không có căn cứ điều khoản)"
    if not getattr(rule, "confirmed", True):
        text += f" — {UNCONFIRMED}"
    return text


def passes(yes: int, voters_present: int, members: int, eligible_members: int, rule) -> tuple[bool, Fraction, str]:
    """Say whether yes votes carry a line, with the share on the rule's denominator and the reason in Vietnamese.

    members: seats of the council; eligible_members: those of them who may vote on this line (members minus the
    recused); voters_present: eligible members present. The denominator is eligible_members when the rule says
    "all" (absent members' written votes count in yes), voters_present when it says "present". The threshold is
    inclusive: 9 of 10 at 90% passes.
    """
    for name, value in (("yes", yes), ("voters_present", voters_present), ("members", members),
                        ("eligible_members", eligible_members)):
        _check_count(name, value)
    if eligible_members > members:
        raise ValueError(f"eligible_members ({eligible_members}) exceeds members ({members})")
    if voters_present > eligible_members:
        raise ValueError(f"voters_present ({voters_present}) exceeds eligible_members ({eligible_members})")
    if rule.denominator not in ("all", "present"):
        raise ValueError(f"unknown denominator {rule.denominator!r}")
    base = eligible_members if rule.denominator == "all" else voters_present
    applied = f"Quy tắc áp dụng: {rule_text(rule)}."
    if base == 0:
        if members == 0:
            why = "Hội đồng không có thành viên nào"
        elif eligible_members == 0:
            why = "tất cả thành viên Hội đồng đều không tham gia biểu quyết nội dung này"
        else:
            why = "không có thành viên nào được biểu quyết có mặt"
        return False, Fraction(0), f"Không đạt: {why}, nên không có căn cứ để tính tỷ lệ. {applied}"
    if yes > base:
        raise ValueError(f"yes ({yes}) exceeds the denominator ({base})")
    share = Fraction(yes, base)
    passed = share >= threshold(rule)
    recused = members - eligible_members
    base_text = (f"tổng số {base} thành viên Hội đồng được biểu quyết" if rule.denominator == "all"
                 else f"{base} thành viên có mặt được biểu quyết")
    if recused:
        base_text += f" (không tính {recused} thành viên không tham gia biểu quyết)"
    verdict = "Đạt" if passed else "Không đạt"
    relation = "đạt ngưỡng" if passed else "dưới ngưỡng"
    return passed, share, (f"{verdict}: {yes}/{base} phiếu đồng ý ({percent_text(share)}) trên {base_text}, "
                           f"{relation} {percent_text(threshold(rule))}. {applied}")
