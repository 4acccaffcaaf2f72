"""Amounts for Điều 2 of an award decision: in figures, in Vietnamese words, and coefficient × base salary."""
import random
import re
from decimal import Decimal

import pytest

from thidua.documents.money import cash_amount, vnd_figures, vnd_words


@pytest.mark.parametrize("amount, expected", [
    (0, "0 đồng"),
    (5, "5 đồng"),
    (999, "999 đồng"),
    (1_000, "1.000 đồng"),
    (15_000, "15.000 đồng"),
    (447_000, "447.000 đồng"),
    (1_490_000, "1.490.000 đồng"),
    (2_340_000, "2.340.000 đồng"),
    (1_000_005, "1.000.005 đồng"),
    (4_000_000_000, "4.000.000.000 đồng"),
    (1_000_000_000_000, "1.000.000.000.000 đồng"),
])
def test_figures_use_a_dot_between_thousands(amount, expected):
    assert vnd_figures(amount) == expected


@pytest.mark.parametrize("amount, expected", [
    # the brief's examples
    (1_490_000, "Một triệu bốn trăm chín mươi nghìn đồng"),
    (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (25_000, "Hai mươi lăm nghìn đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (4_000_000_000, "Bốn tỷ đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    # units, tens, teens
    (0, "Không đồng"),
    (1, "Một đồng"),
    (4, "Bốn đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (19, "Mười chín đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi bốn đồng"),  # formal: never "tư"
    (25, "Hai mươi lăm đồng"),
    (31, "Ba mươi mốt đồng"),
    (55, "Năm mươi lăm đồng"),
    (91, "Chín mươi mốt đồng"),
    (99, "Chín mươi chín đồng"),
    # hundreds: "linh" for a zero tens digit; "một"/"năm" (not "mốt"/"lăm") after "linh"
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (999, "Chín trăm chín mươi chín đồng"),
    # thousands: a non-leading group is read in full, "không trăm" included
    (1_000, "Một nghìn đồng"),
    (1_001, "Một nghìn không trăm linh một đồng"),
    (2_001, "Hai nghìn không trăm linh một đồng"),
    (2_010, "Hai nghìn không trăm mười đồng"),
    (2_015, "Hai nghìn không trăm mười lăm đồng"),
    (2_025, "Hai nghìn không trăm hai mươi lăm đồng"),
    (1_100, "Một nghìn một trăm đồng"),
    (10_000, "Mười nghìn đồng"),
    (11_000, "Mười một nghìn đồng"),
    (100_000, "Một trăm nghìn đồng"),
    (447_000, "Bốn trăm bốn mươi bảy nghìn đồng"),
    (745_000, "Bảy trăm bốn mươi lăm nghìn đồng"),
    # millions: a group of zeros is skipped with its unit word
    (1_000_000, "Một triệu đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng"),
    (3_510_000, "Ba triệu năm trăm mười nghìn đồng"),
    (10_500_000, "Mười triệu năm trăm nghìn đồng"),
    (21_000_000, "Hai mươi mốt triệu đồng"),
    (123_456_789, "Một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín đồng"),
    # billions and above: the count of tỷ is itself a number
    (1_000_000_001, "Một tỷ không trăm linh một đồng"),
    (1_000_001_000, "Một tỷ không trăm linh một nghìn đồng"),
    (1_200_000_000, "Một tỷ hai trăm triệu đồng"),
    (2_001_000_000, "Hai tỷ không trăm linh một triệu đồng"),
    (15_000_000_000, "Mười lăm tỷ đồng"),
    (5_000_000_001_000, "Năm nghìn tỷ không trăm linh một nghìn đồng"),
    (1_500_000_000_000, "Một nghìn năm trăm tỷ đồng"),
    (1_000_000_000_000_000, "Một triệu tỷ đồng"),
    (1_000_005_000_000_000, "Một triệu không trăm linh năm tỷ đồng"),
    (10 ** 18, "Một tỷ tỷ đồng"),
])
def test_words(amount, expected):
    assert vnd_words(amount) == expected


@pytest.mark.parametrize("function", [vnd_words, vnd_figures])
def test_negative_amounts_are_refused(function):
    with pytest.raises(ValueError):
        function(-1)


@pytest.mark.parametrize("function", [vnd_words, vnd_figures])
@pytest.mark.parametrize("value", [1.5, Decimal("1000"), "1000", None, True])
def test_only_whole_dong_are_accepted(function, value):
    with pytest.raises(TypeError):
        function(value)


# An independent reader of the words back into a number, to check every amount in a range, not only examples.
_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "lăm": 5, "sáu": 6,
          "bảy": 7, "tám": 8, "chín": 9}


def _read_below_billion(words: list[str]) -> int:
    total = group = digit = 0
    for word in words:
        if word in _DIGIT:
            digit = _DIGIT[word]
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group, digit = group + digit * 10, 0
        elif word == "trăm":
            group, digit = group + digit * 100, 0
        elif word == "linh":
            pass
        elif word in ("nghìn", "triệu"):
            total += (group + digit) * (1000 if word == "nghìn" else 1_000_000)
            group = digit = 0
        else:
            raise AssertionError(f"unexpected word {word!r}")
    return total + group + digit


def _read(words: list[str]) -> int:
    if "tỷ" in words:
        last = len(words) - 1 - words[::-1].index("tỷ")
        return _read(words[:last]) * 10 ** 9 + _read_below_billion(words[last + 1:])
    return _read_below_billion(words)


def _words(amount: int) -> list[str]:
    text = vnd_words(amount)
    assert text.endswith(" đồng") and text[0].isupper()
    return text[:-len(" đồng")].lower().split()


def _amounts():
    rng = random.Random(20250205)
    yield from range(0, 3000)
    yield from range(0, 10_000_000, 997)
    for digits in range(4, 19):
        yield from (rng.randrange(10 ** (digits - 1), 10 ** digits) for _ in range(300))
    # numbers made of few non-zero digits: many groups of zeros
    for _ in range(2000):
        yield sum(rng.randrange(1, 10) * 10 ** rng.randrange(0, 16) for _ in range(rng.randrange(1, 4)))


def test_words_read_back_to_the_amount_and_follow_the_spelling_rules():
    for amount in _amounts():
        words = _words(amount)
        text = " ".join(words)
        assert _read(words) == amount, text
        assert "tư" not in words, text
        assert "lẻ" not in words, text
        for before, word in zip(words, words[1:]):
            if word == "mốt":
                assert before == "mươi", text
            if word == "lăm":
                assert before in ("mười", "mươi"), text
            if before == "mươi":
                assert word not in ("một", "năm"), text
            if before == "mười":
                assert word not in ("mốt", "năm"), text
            if before == "linh":
                assert word not in ("mốt", "lăm"), text
            if word == "linh":
                assert before == "trăm", text
        # a group of zeros is never read: no "không trăm" before a unit word or the end, no "không nghìn/triệu/tỷ"
        assert not re.search(r"không trăm( (nghìn|triệu|tỷ)|$)", text), text
        assert not re.search(r"không (nghìn|triệu|tỷ)", text), text
        if amount:
            assert words[0] != "không", text


@pytest.mark.parametrize("coefficient, base_salary, expected", [
    (Decimal("0.3"), 1_490_000, 447_000),
    (Decimal("1.5"), 2_340_000, 3_510_000),
    (Decimal("0.5"), 2_340_000, 1_170_000),
    (Decimal("1.0"), 2_340_000, 2_340_000),
    (Decimal("0.15"), 1_490_000, 223_500),
    (Decimal(1), 1_490_000, 1_490_000),
    (3, 1_490_000, 4_470_000),
    (Decimal("0"), 1_490_000, 0),
    # half up, not the banker's rounding of Python's round()
    (Decimal("0.5"), 1, 1),
    (Decimal("2.5"), 1, 3),
    (Decimal("0.25"), 2, 1),
    (Decimal("0.3"), 1_490_001, 447_000),   # 447 000.3
    (Decimal("0.5"), 1_490_001, 745_001),   # 745 000.5
    (Decimal("0.33"), 1_490_015, 491_705),  # 491 704.95
])
def test_cash_amount(coefficient, base_salary, expected):
    result = cash_amount(coefficient, base_salary)
    assert result == expected and type(result) is int


def test_cash_amount_refuses_floats_and_negatives():
    with pytest.raises(TypeError):
        cash_amount(0.3, 1_490_000)
    with pytest.raises(ValueError):
        cash_amount(Decimal("-0.3"), 1_490_000)
    with pytest.raises(ValueError):
        cash_amount(Decimal("0.3"), -1)


def test_figures_and_words_together_as_in_article_2():
    amount = cash_amount(Decimal("0.3"), 1_490_000)
    assert f"{vnd_figures(amount)} ({vnd_words(amount)})" == "447.000 đồng (Bốn trăm bốn mươi bảy nghìn đồng)"


@pytest.mark.parametrize("coefficient, base, expected", [
    ("0.3", 1_490_000, 450_000),   # 447.000 rounded up to the ten thousand
    ("0.3", 2_340_000, 710_000),   # 702.000
    ("1.0", 2_340_000, 2_340_000),  # an exact multiple stays
    ("1.5", 1_800_000, 2_700_000),
    ("0.8", 1_490_000, 1_200_000),  # 1.192.000
])
def test_award_amounts_are_rounded_up_to_the_ten_thousand(coefficient, base, expected):
    from thidua.documents.money import award_amount
    assert award_amount(Decimal(coefficient), base) == expected
