"""CCCD numbers: 12 digits, a province code, gender and century, the birth year's last two digits."""
import datetime

import pytest

from thidua import national_id


def test_a_valid_number_passes_with_matching_gender_and_birth_year():
    assert national_id.problem("075185001234", "female", 1985) is None
    assert national_id.problem("075080123456", "male", 1980) is None
    assert national_id.problem("001201000111", "male", 2001) is None
    assert national_id.problem("096303000222", "female", 2003) is None


def test_a_valid_number_passes_when_gender_and_birth_year_are_unknown():
    assert national_id.is_valid("075185001234")


@pytest.mark.parametrize("number, length", [("07518500123", 11), ("0751850012345", 13), ("075185", 6)])
def test_wrong_length_is_refused(number, length):
    message = national_id.problem(number)
    assert message == f"Số CCCD phải gồm đúng 12 chữ số (số đã nhập có {length} chữ số)."


def test_letters_are_refused():
    assert national_id.problem("07518500123A") == "Số CCCD chỉ được gồm các chữ số."


def test_non_ascii_digits_are_refused():
    assert national_id.problem("٠٧٥١٨٥٠٠١٢٣٤") == "Số CCCD chỉ được gồm các chữ số."


@pytest.mark.parametrize("prefix", ["000", "003", "013", "097", "999"])
def test_unknown_province_code_is_refused(prefix):
    message = national_id.problem(prefix + "185001234")
    assert message == f"Ba chữ số đầu “{prefix}” không phải mã tỉnh, thành phố hợp lệ của số CCCD."


def test_gender_digit_must_match_the_gender():
    message = national_id.problem("075085001234", "female", 1985)
    assert message == "Chữ số thứ 4 (0) của số CCCD là của người nam, không khớp với giới tính nữ."


def test_century_digit_must_match_the_birth_year():
    message = national_id.problem("075285001234", "male", 1985)
    assert message == ("Chữ số thứ 4 (2) của số CCCD là của người sinh trong các năm 2000–2099, "
                       "không khớp với năm sinh 1985.")


def test_year_digits_must_match_the_birth_year():
    message = national_id.problem("075185001234", "female", 1986)
    assert message == "Chữ số thứ 5 và 6 (85) của số CCCD phải là hai số cuối của năm sinh (86)."


def test_each_failure_has_its_own_message():
    messages = {
        national_id.problem("1234"),
        national_id.problem("12345678901a"),
        national_id.problem("999185001234"),
        national_id.problem("075085001234", "female"),
        national_id.problem("075285001234", None, 1985),
        national_id.problem("075185001234", None, 1986),
    }
    assert len(messages) == 6 and None not in messages


def test_a_birth_year_in_the_future_is_refused_without_a_given_year():
    # Digit 4 = 4: a man born in the 2100s.
    message = national_id.problem("075400001234")
    assert message == "Số CCCD cho năm sinh 2100, chưa tới năm đó."


def test_decode_reads_province_gender_and_year():
    decoded = national_id.decode("075303000222")
    assert (decoded.province, decoded.gender, decoded.birth_year) == ("075", "female", 2003)


def test_normalize_drops_spaces_dots_and_hyphens():
    assert national_id.normalize(" 075 185.001-234 ") == "075185001234"


def test_mask_keeps_only_the_last_four_digits():
    assert national_id.mask("075185001234") == "••••••••1234"
    assert national_id.mask(None) == ""


def test_every_province_code_has_three_digits_and_the_list_is_complete():
    assert len(national_id.PROVINCE_CODES) == 63
    assert all(len(c) == 3 and c.isdigit() for c in national_id.PROVINCE_CODES)
    assert datetime.date.today().year < 2100
