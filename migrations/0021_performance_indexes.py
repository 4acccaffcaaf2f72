"""Indexes for the national scale (issue 9, bench/RESULTS.md): every filter and sort of the dossier list, read
forwards for the first pages and backwards for the last (thidua/web.paginate), and the award-history export's
key order; and a trigram index of the folded names of people and units for search (thidua/search/names.py).

The dossier list sorts by submitted_at DESC NULLS LAST, id DESC. On SQLite NULL sorts lowest, so an ascending
index read backwards gives exactly that order; on PostgreSQL NULL sorts highest, so the column is indexed
NULLS FIRST to give the same order read backwards (and its reverse, ASC NULLS FIRST, read forwards).

The name index is a table beside person and unit, not a column of theirs, because its kind of index differs
by backend: an FTS5 table with the trigram tokenizer on SQLite (which answers LIKE '%…%' from the index), a
plain table with a pg_trgm GIN index on PostgreSQL. It holds fold(name) by id; the app keeps it up to date when it
saves a person or a unit.
"""
from peewee import *

NAME_TABLES = (('person_name_search', 'person', 'full_name'), ('unit_name_search', 'unit', 'name'))

INDEXES = [
    ('nomination_submitted_at_id', 'nomination', ['submitted_at', 'id']),
    ('nomination_status_submitted_at_id', 'nomination', ['status', 'submitted_at', 'id']),
    ('nomination_unit_id_submitted_at_id', 'nomination', ['unit_id', 'submitted_at', 'id']),
    ('award_record_year_id', 'award_record', ['year', 'id']),
]


def _postgres(db):
    return db.__class__.__name__.startswith('Postgres')


def up(migrator, db):
    for name, table, columns in INDEXES:
        if _postgres(db):
            columns = [f'"{c}" NULLS FIRST' if c == 'submitted_at' else f'"{c}"' for c in columns]
        else:
            columns = [f'"{c}"' for c in columns]
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({", ".join(columns)})')
    name_index(db)


def name_index(db):
    """The name search tables, filled from the names already there."""
    if _postgres(db):
        db.execute_sql('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    for search, table, column in NAME_TABLES:
        if _postgres(db):
            db.execute_sql(f'CREATE TABLE "{search}" (id INTEGER PRIMARY KEY REFERENCES "{table}" (id) '
                           'ON DELETE CASCADE, name TEXT NOT NULL)')
            db.execute_sql(f'CREATE INDEX "{search}_trgm" ON "{search}" USING gin (name gin_trgm_ops)')
        else:
            db.execute_sql(f"CREATE VIRTUAL TABLE \"{search}\" USING fts5(name, tokenize='trigram')")
        # fold() is the SQL function of migration 0017 on PostgreSQL, the app's Python function on SQLite.
        key = 'id' if _postgres(db) else 'rowid'
        db.execute_sql(f'INSERT INTO "{search}" ({key}, name) SELECT id, fold("{column}") FROM "{table}"')


def down(migrator, db):
    for search, _, _ in NAME_TABLES:
        db.execute_sql(f'DROP TABLE IF EXISTS "{search}"')
    for name, _, _ in INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
