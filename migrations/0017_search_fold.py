"""fold(text) for accent-insensitive search (thidua/textfold.py does the same in Python): on PostgreSQL from the
trusted unaccent extension, which maps đ to d as well; on SQLite the app registers fold() on each connection,
so there is nothing to store."""
from peewee import *


def _postgres(db):
    return db.__class__.__name__.startswith('Postgres')


def up(migrator, db):
    if not _postgres(db):
        return
    db.execute_sql('CREATE EXTENSION IF NOT EXISTS unaccent')
    # IMMUTABLE so that it may back expression indexes; unaccent's dictionary is named explicitly for that.
    db.execute_sql("CREATE OR REPLACE FUNCTION fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
                   "$$ SELECT lower(regexp_replace(unaccent('unaccent'::regdictionary, $1), '\\s+', ' ', 'g')) $$")


def down(migrator, db):
    if _postgres(db):
        db.execute_sql('DROP FUNCTION IF EXISTS fold(text)')
