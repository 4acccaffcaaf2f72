"""The trigram index of folded names (migration 0021): search finds people and units by any part of their name
from an index instead of folding every row of a ministry's 200,000 people on each keystroke.

SQLite keeps it in an FTS5 table with the trigram tokenizer (rowid = the person's or unit's id), PostgreSQL in a
table with a pg_trgm GIN index; both answer `name LIKE '%…%'` from the index for three characters or more.
Person.save() and Unit.save() call put(), in the caller's transaction, so the index never lags the names.
"""
from __future__ import annotations

from peewee import SQL

from ..db import db, is_sqlite
from ..textfold import fold

# The statements below name their table with an f-string (bandit's B608, marked where it stands): the name comes
# from this mapping, never from input, and every value is a bound parameter.
TABLES = {"person": "person_name_search", "unit": "unit_name_search"}
MIN_TRIGRAM = 3  # shorter terms cannot be looked up by trigram


def put(kind: str, row_id: int, name: str) -> None:
    """Record the folded name of a person or a unit (kind "person" or "unit"), replacing the one before."""
    table = TABLES[kind]
    if is_sqlite():
        db.execute_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (row_id,))  # nosec B608
        db.execute_sql(f'INSERT INTO "{table}" (rowid, name) VALUES (?, ?)', (row_id, fold(name)))  # nosec B608
    else:
        db.execute_sql(f'INSERT INTO "{table}" (id, name) VALUES (%s, %s) '  # nosec B608
                       'ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name', (row_id, fold(name)))


def put_many(kind: str, rows: list[tuple[int, str]]) -> None:
    """put() for rows inserted in bulk (the benchmark's generator), in one statement per batch."""
    table = TABLES[kind]
    key, mark = ("rowid", "?") if is_sqlite() else ("id", "%s")
    cursor = db.cursor()
    cursor.executemany(f'INSERT INTO "{table}" ({key}, name) VALUES ({mark}, {mark})',  # nosec B608
                       [(row_id, fold(name)) for row_id, name in rows])


def matching(kind: str, folded_term: str):
    """The ids whose folded name contains folded_term, as a subquery for `.in_()` (the term already folded)."""
    key, mark = ("rowid", "?") if is_sqlite() else ("id", "%s")
    sql = f'SELECT {key} FROM "{TABLES[kind]}" WHERE name LIKE {mark}'  # nosec B608
    escaped = folded_term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if escaped != folded_term:
        # A literal % or _ typed by the user. PostgreSQL's LIKE escapes with \ by default; SQLite needs ESCAPE,
        # with which FTS5 scans instead of using the index — fine for so rare a search.
        sql += " ESCAPE '\\'" if is_sqlite() else ""
    return SQL(f"({sql})", [f"%{escaped}%"])


def few_ids(kind: str, folded_term: str, cap: int = 1000) -> list[int] | None:
    """The matching ids when there are at most cap of them, else None (a common term: use matching() instead).
    A short list lets the database look the few records up by index instead of testing every row against the
    subquery, and an empty one spares the query altogether."""
    subquery = matching(kind, folded_term)
    sql, params = subquery.sql[1:-1], subquery.params  # without the parentheses added for IN
    rows = db.execute_sql(f"{sql} LIMIT {cap + 1}", params).fetchall()  # nosec B608
    return None if len(rows) > cap else [r[0] for r in rows]
