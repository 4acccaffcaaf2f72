"""Vietnamese sorting: by given name, then family and middle names, in Vietnamese alphabet order.

Letters order a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tones break ties
in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
"""
from __future__ import annotations

import unicodedata

_BASES = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a new letter (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _letter_and_tone(ch: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    tone = "0"
    letter_marks = ""
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    return unicodedata.normalize("NFC", base + letter_marks), tone


_EXTRA = {"f": "30", "j": "31", "w": "32", "z": "33", **{str(d): f"4{d}" for d in range(10)}}


def _word_key(word: str) -> str:
    """Two digits a letter, "00" to end the word, then one tone digit a letter.

    Only digits, so the key sorts the same under SQLite's binary order and any
    PostgreSQL collation; "00" sorts a shorter word (An) before a longer one (Anh).
    """
    primary, tones = [], []
    for ch in word.casefold():
        letter, tone = _letter_and_tone(ch)
        rank = _BASES.find(letter) if letter else -1
        if rank >= 0:
            primary.append(f"{rank + 1:02d}")
        elif letter in _EXTRA:
            primary.append(_EXTRA[letter])
        else:
            continue  # apostrophes, hyphens, dots do not count
        tones.append(tone)
    return "".join(primary) + "00" + "".join(tones)


def name_key(full_name: str) -> str:
    """Return a string that sorts full names the Vietnamese way (given name first)."""
    words = full_name.split()
    if not words:
        return ""
    ordered = [words[-1]] + words[:-1]
    return "".join(_word_key(w) for w in ordered)[:200]


def text_key(text: str) -> str:
    """Return a string that sorts text (a unit name, say) in Vietnamese alphabet order, word by word."""
    return "".join(_word_key(w) for w in text.split())[:200]
