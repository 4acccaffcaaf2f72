"""Sort keys for units and users, so lists follow the Vietnamese alphabet (Đ after D, not after Z)
and people sort by given name. Existing rows are filled with the keys the app computes today."""
from peewee import *

from thidua.vnsort import name_key, text_key


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('unit', 'sort_key', CharField(max_length=200, default='')),
        migrator.add_column('user', 'sort_key', CharField(max_length=200, default='')),
        migrator.add_index('unit', ('sort_key',), False),
        migrator.add_index('user', ('sort_key',), False),
    )
    for table, column, key in (('unit', 'name', text_key), ('user', 'full_name', name_key)):
        rows = db.execute_sql(f'SELECT id, {column} FROM "{table}"').fetchall()
        for row_id, value in rows:
            db.execute_sql(f'UPDATE "{table}" SET sort_key = %s WHERE id = %s'.replace(
                '%s', db.param), (key(value), row_id))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('unit', 'unit_sort_key'),
        migrator.drop_index('user', 'user_sort_key'),
        migrator.drop_column('unit', 'sort_key'),
        migrator.drop_column('user', 'sort_key'),
    )
