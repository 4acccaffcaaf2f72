"""Fold Vietnamese text for searching: no diacritics, đ as d, lower case, single spaces — so that typing
"nguyen van khang" finds "Nguyễn Văn Khang". The database applies the same fold (SQL function fold(): registered
on each SQLite connection, created from unaccent by migration 0017 on PostgreSQL)."""
from __future__ import annotations

import unicodedata


def fold(text):
    if not isinstance(text, str):
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())
