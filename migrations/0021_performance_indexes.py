"""Indexes for the national scale (issue 9, bench/RESULTS.md): every filter and sort of the dossier list, read
forwards for the first pages and backwards for the last (thidua/web.paginate), and the award-history export's
key order.

The dossier list sorts by submitted_at DESC NULLS LAST, id DESC. On SQLite NULL sorts lowest, so an ascending
index read backwards gives exactly that order; on PostgreSQL NULL sorts highest, so the column is indexed
NULLS FIRST to give the same order read backwards (and its reverse, ASC NULLS FIRST, read forwards).
"""
from peewee import *

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


def down(migrator, db):
    for name, _, _ in INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
