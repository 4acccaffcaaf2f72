"""Password policy: a minimum length and a list of common passwords, no composition rules (NIST SP 800-63B)."""
import pytest

from thidua import password_policy as policy


def test_the_shipped_list_is_a_few_thousand_passwords():
    listed = policy.common_passwords()
    assert len(listed) > 3000
    assert {"123456", "matkhau", "password", "admin@123", "abc123", "qwerty", "anhyeuem", "iloveyou"} <= listed


@pytest.mark.parametrize("password", [
    "matkhau123456", "Password123!", "anhyeuem2024", "Mật Khẩu@2026", "admin@123456", "iloveyou1990",
    "qwertyuiop", "1234567890", "abcdefghijk", "aaaaaaaaaaaa", "ababababab", "12/03/1990", "31121990",
    "0912345678", "thidua2021!", "Vietnam123456", "1q2w3e4r5t",
])
def test_common_and_guessable_passwords_are_refused(password):
    assert policy.is_common(password), password
    assert policy.problem(password, 8) == policy.TOO_COMMON


@pytest.mark.parametrize("password", [
    "cây lúa xanh trên đồi", "caylua xanh tren doi", "ngựa-phi-đường-xa", "TamThoi-2026", "8302751946",
    "đèn khuya 1 mình", "Sông Đồng Nai chảy mãi",
])
def test_long_uncommon_passwords_pass_without_composition_rules(password):
    assert policy.problem(password, 10) is None, password


def test_a_short_password_is_refused_with_the_minimum():
    assert policy.problem("ngan-qua", 10) == "Mật khẩu phải có ít nhất 10 ký tự."


@pytest.mark.parametrize("password", [
    "tanphu.cv2026!", "TANPHU.CV-mat", "LeMinhTuan2026", "minh.tuan@1990", "tuan.le.123456", "Tuấn Lê 2026!!",
])
def test_passwords_made_of_the_login_or_the_name_are_refused(password):
    assert policy.is_personal(password, "tanphu.cv", "Lê Minh Tuấn"), password
    assert policy.problem(password, 10, "tanphu.cv", "Lê Minh Tuấn") == policy.TOO_PERSONAL


def test_a_long_name_word_anywhere_is_refused_but_short_ones_need_more():
    assert policy.is_personal("songnguyenxanh-77", "x1", "Nguyễn Văn An")
    assert not policy.is_personal("cây lúa xanh trên đồi", "x1", "Nguyễn Văn An")
    assert policy.problem("Ngựa phi đường xa", 10, "dieu.mai", "Điểu Thị Mai") is None


def test_the_list_file_says_where_it_comes_from():
    head = [line for line in policy.LIST_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert "Built offline" in " ".join(head)
