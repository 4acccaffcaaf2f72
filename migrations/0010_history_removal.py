"""Award history rows are never deleted: a row entered by mistake is marked removed (removed_at), with the
reason in the audit log, and every reader (the rules, the history pages) skips it. Ratings too, so that a
year's rating set by mistake can be withdrawn; setting it again revives the same row (the (person, year)
index stays unique)."""
from peewee import *

TABLES = ('award_record', 'initiative', 'annual_rating', 'discipline')


def up(migrator, db):
    migrator.migrate(*(migrator.add_column(table, 'removed_at', DateTimeField(null=True)) for table in TABLES))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_column(table, 'removed_at') for table in TABLES))
