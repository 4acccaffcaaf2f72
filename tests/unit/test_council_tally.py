"""The council's vote arithmetic: exact, inclusive thresholds, quorum rounded up, clear refusals."""
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from thidua.council.tally import passes, percent_text, quorum_met, quorum_needed, rule_text, threshold


def rule(percent="90", denominator="all", quorum=(2, 3), award_code="CSTDT", confirmed=True,
         article="Nghị định 98/2023/NĐ-CP Điều 30 khoản 7"):
    return SimpleNamespace(quorum_numerator=quorum[0], quorum_denominator=quorum[1],
                           threshold_percent=Decimal(percent), denominator=denominator, award_code=award_code,
                           confirmed=confirmed, article=article)


@pytest.mark.parametrize("members, needed", [(0, 0), (1, 1), (3, 2), (6, 4), (7, 5), (9, 6), (10, 7), (11, 8),
                                             (12, 8)])
def test_quorum_is_two_thirds_rounded_up(members, needed):
    assert quorum_needed(members, rule()) == needed


@pytest.mark.parametrize("present, members, met", [
    (5, 7, True), (4, 7, False), (7, 7, True), (6, 9, True), (5, 9, False), (0, 0, False), (0, 3, False),
    (2, 3, True), (1, 3, False),
])
def test_quorum_met(present, members, met):
    assert quorum_met(present, members, rule()) is met


def test_quorum_of_a_half():
    assert quorum_met(2, 4, rule(quorum=(1, 2))) and not quorum_met(1, 4, rule(quorum=(1, 2)))


def test_quorum_refuses_more_present_than_members():
    with pytest.raises(ValueError):
        quorum_met(8, 7, rule())


@pytest.mark.parametrize("yes, present, members, eligible, percent, denominator, passed, share", [
    (9, 10, 10, 10, "90", "all", True, Fraction(9, 10)),
    (8, 10, 10, 10, "90", "all", False, Fraction(4, 5)),
    (4, 5, 5, 5, "80", "all", True, Fraction(4, 5)),
    (3, 5, 5, 5, "80", "all", False, Fraction(3, 5)),
    (10, 10, 10, 10, "90", "all", True, Fraction(1)),
    # Absent members count on "all": 8 present all yes is 8 of 10.
    (8, 8, 10, 10, "90", "all", False, Fraction(4, 5)),
    # ... but not on "present".
    (8, 8, 10, 10, "90", "present", True, Fraction(1)),
    (7, 8, 10, 10, "90", "present", False, Fraction(7, 8)),
    # A recused member leaves the denominator: 9 of 10 eligible out of 11 seats.
    (9, 10, 11, 10, "90", "all", True, Fraction(9, 10)),
    (9, 11, 11, 11, "90", "all", False, Fraction(9, 11)),
    # 2 of 3 is 66.67%: not two thirds at 67%, enough at 66.67%, exact at 2/3.
    (2, 3, 3, 3, "67", "present", False, Fraction(2, 3)),
    (2, 3, 3, 3, "66.66", "present", True, Fraction(2, 3)),
    (2, 3, 3, 3, "66.67", "present", False, Fraction(2, 3)),
    (1, 2, 2, 2, "50", "present", True, Fraction(1, 2)),
    (0, 5, 5, 5, "0", "present", True, Fraction(0)),
    (0, 5, 5, 5, "50", "present", False, Fraction(0)),
])
def test_passes_at_the_boundaries(yes, present, members, eligible, percent, denominator, passed, share):
    ok, got, why = passes(yes, present, members, eligible, rule(percent, denominator))
    assert (ok, got) == (passed, share)
    assert why.startswith("Đạt" if passed else "Không đạt")
    assert "Nghị định 98/2023/NĐ-CP Điều 30 khoản 7" in why and "CSTDT" in why


def test_explanation_gives_the_count_the_share_and_the_threshold():
    ok, share, why = passes(9, 9, 11, 10, rule())
    assert ok and share == Fraction(9, 10)
    assert "9/10 phiếu đồng ý (90%)" in why
    assert "không tính 1 thành viên không tham gia biểu quyết" in why
    assert "từ 90% trở lên trên tổng số thành viên Hội đồng" in why


def test_an_unconfirmed_rule_says_so():
    _, _, why = passes(1, 2, 2, 2, rule("50", "present", award_code="*", confirmed=False, article=""))
    assert "quy tắc mặc định" in why and "Chưa được xác nhận — có thể cấu hình" in why
    assert "không có căn cứ điều khoản" in why


@pytest.mark.parametrize("yes, present, members, eligible, denominator, reason", [
    (0, 0, 0, 0, "all", "không có thành viên nào"),
    (0, 0, 7, 0, "all", "tất cả thành viên Hội đồng đều không tham gia biểu quyết"),
    (0, 0, 7, 0, "present", "tất cả thành viên Hội đồng đều không tham gia biểu quyết"),
    (0, 0, 7, 7, "present", "không có thành viên nào được biểu quyết có mặt"),
])
def test_no_one_to_count_is_not_passed_with_a_reason(yes, present, members, eligible, denominator, reason):
    ok, share, why = passes(yes, present, members, eligible, rule("0", denominator))
    assert ok is False and share == 0
    assert why.startswith("Không đạt") and reason in why


@pytest.mark.parametrize("args", [
    (11, 10, 10, 10),  # more yes than members
    (6, 5, 10, 10, "present"),  # more yes than present
    (1, 11, 10, 10),  # more present than eligible
    (1, 5, 10, 11),  # more eligible than members
    (-1, 5, 10, 10),
    (1.5, 5, 10, 10),
])
def test_impossible_counts_are_refused(args):
    *counts, denominator = args if len(args) == 5 else (*args, "all")
    with pytest.raises(ValueError):
        passes(*counts, rule(denominator=denominator))


def test_no_floats_anywhere():
    assert isinstance(threshold(rule("66.67")), Fraction)
    assert threshold(rule("66.67")) == Fraction(6667, 10000)
    assert isinstance(passes(2, 3, 3, 3, rule())[1], Fraction)


@pytest.mark.parametrize("share, text", [(Fraction(2, 3), "66,67%"), (Fraction(9, 10), "90%"), (Fraction(0), "0%"),
                                         (Fraction(1), "100%"), (Fraction(1, 8), "12,5%")])
def test_percent_text(share, text):
    assert percent_text(share) == text


def test_rule_text_names_the_denominator():
    assert "số thành viên có mặt" in rule_text(rule(denominator="present"))
