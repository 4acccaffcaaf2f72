"""Attachments: the files any record holds, stored under random names, removed only softly.

Generated from a schema diff on 2026-11-27.
"""
from peewee import *
import datetime

def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Attachment(Model):
        owner_type = CharField(max_length=40)
        owner_id = IntegerField()
        component = CharField(max_length=40, default='')
        original_name = CharField(max_length=255)
        stored_name = CharField(max_length=64, unique=True)
        content_type = CharField(max_length=100)
        size = IntegerField()
        sha256 = CharField(max_length=64)
        uploaded_by = ForeignKeyField(User, on_delete='RESTRICT')
        uploaded_at = DateTimeField(default=datetime.datetime.now)
        removed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'attachment'
            indexes = ((('owner_type', 'owner_id'), False),)
    db.create_tables([Attachment])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('attachment'))
