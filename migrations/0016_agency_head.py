"""Who heads the agency over time (agency_head): only the head signs as TRƯỞNG BAN without a delegation, and only
the head delegates; delegation.ended_at ends a delegation early whatever its dates (found in review: any leader
could sign as the head, and a delegation starting today could not be ended).

Written after a schema diff of the new models on 2026-11-27, then given the CHECK constraint.
"""
from peewee import *
import datetime

def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class AgencyHead(Model):
        user = ForeignKeyField(User, on_delete='RESTRICT')
        valid_from = DateField()
        valid_to = DateField(null=True)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'agency_head'
            constraints = [SQL('CHECK (valid_to IS NULL OR valid_to >= valid_from)')]
    db.create_tables([AgencyHead])

    migrator.migrate(migrator.add_column('delegation', 'ended_at', DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('delegation', 'ended_at'))
    migrator.migrate(migrator.drop_table('agency_head'))
