"""What makes a password acceptable: long enough, not common or guessable, not the user's own name.

No composition rules (one capital, one digit, one symbol…): they push people to "Matkhau@123". Instead, as NIST
SP 800-63B advises, a minimum length and a check against a list of common passwords (thidua/data/
common-passwords.txt), against passwords shaped like a date or a phone number, against runs and repeats, and
against the user's own login name and name.
"""
from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path

from .textfold import fold

LIST_FILE = Path(__file__).parent / "data" / "common-passwords.txt"

TOO_SHORT = "Mật khẩu phải có ít nhất {minimum} ký tự."
TOO_COMMON = "Mật khẩu này quá phổ biến hoặc dễ đoán. Vui lòng chọn một cụm từ dài, khó đoán hơn."
TOO_PERSONAL = "Mật khẩu không được chứa tên đăng nhập hoặc họ tên của bạn."

# Rows of the keyboard and the alphabet: a password that is a slice of one of them is a "walk".
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1234567890", "0123456789",
              "qazwsxedcrfvtgbyhnujmikolp", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p")
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Load the list once: one password a line, folded; '#' starts a comment line."""
    lines = LIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_key(line) for line in lines if line.strip() and not line.startswith("#"))


def _key(text: str) -> str:
    """Fold case and Vietnamese diacritics and drop spaces, so "Mật Khẩu" and "matkhau" meet."""
    return (fold(text) or "").replace(" ", "")


def _is_date(digits: str) -> bool:
    for pattern in ("%d%m%Y", "%Y%m%d", "%m%d%Y", "%d%m%y"):
        try:
            datetime.datetime.strptime(digits, pattern)
            return True
        except ValueError:
            continue
    return False


def _is_walk(key: str) -> bool:
    plain = re.sub(r"[\W_]", "", key)
    if len(plain) < 6:
        return False
    return any(plain in seq or plain in seq[::-1] for seq in _SEQUENCES)


def is_common(password: str) -> bool:
    """Say whether password is on the list (also once stripped of leading/trailing digits and symbols), or is a
    date, a phone number, a keyboard or alphabet walk, or fewer than four different characters."""
    key = _key(password)
    listed = common_passwords()
    if key in listed or _DECORATION.sub("", key) in listed:
        return True
    digits = re.sub(r"\D", "", key)
    if digits == re.sub(r"[\W_]", "", key) and digits:
        # Only digits (perhaps with separators): a date (31/12/1990) or a Vietnamese phone number.
        if _is_date(digits) or re.fullmatch(r"(0|84)\d{9,10}", digits):
            return True
    return len(set(key)) < 4 or _is_walk(key)


def _name_words(full_name: str) -> list[str]:
    return [w for w in _key_words(full_name) if w]


def _key_words(text: str) -> list[str]:
    return [re.sub(r"[\W_]", "", w) for w in (fold(text) or "").split()]


def is_personal(password: str, username: str = "", full_name: str = "") -> bool:
    """Say whether password is, or is built from, the login name or the person's name (with digits and symbols)."""
    key = re.sub(r"[\W_]", "", _key(password))
    user_key = re.sub(r"[\W_]", "", _key(username or ""))
    if len(user_key) >= 3 and user_key in key:
        return True
    words = _name_words(full_name or "")
    joined = "".join(words)
    if len(joined) >= 4 and (joined in key or "".join(reversed(words)) in key):
        return True
    if any(len(w) >= 4 and w in key for w in words):
        return True
    # "Minh.Tuan1990": nothing but name words and digits.
    rest = re.sub(r"\d", "", key)
    for word in sorted(words, key=len, reverse=True):
        if len(word) >= 2:
            rest = rest.replace(word, "")
    return bool(words) and len(rest) < 4


def problem(password: str, minimum: int, username: str = "", full_name: str = "") -> str | None:
    """Return the Vietnamese reason the password is refused, or None when it is acceptable."""
    if len(password or "") < minimum:
        return TOO_SHORT.format(minimum=minimum)
    if is_personal(password, username, full_name):
        return TOO_PERSONAL
    if is_common(password):
        return TOO_COMMON
    return None
