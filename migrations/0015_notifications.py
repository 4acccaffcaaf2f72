"""Notifications (issue 7): the bell's messages, the e-mail outbox the worker sends from, the log that keeps
deadline reminders single, and each user's choice to receive e-mail.

Written after a schema diff of the new models on 2026-11-27, then given the CHECK constraints.
"""
from peewee import *
import datetime

def up(migrator, db):
    class Campaign(Model):
        class Meta:
            database = db
            table_name = 'campaign'

    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class EmailLog(Model):
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        to_address = CharField(max_length=200, default='')
        subject = CharField(max_length=500)
        body = TextField()
        status = CharField(max_length=8, default='queued', constraints=[
            Check("status IN ('queued', 'sent', 'failed', 'skipped')")])
        attempts = IntegerField(default=0, constraints=[Check('attempts >= 0')])
        last_error = TextField(default='')
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)
        sent_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'email_log'
            indexes = ((('status', 'created_at'), False),)
    db.create_tables([EmailLog])

    class Notification(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        kind = CharField(max_length=12, default='transition', constraints=[
            Check("kind IN ('transition', 'reminder', 'overdue', 'digest')")])
        title = CharField(max_length=500)
        body = TextField(default='')
        url = CharField(max_length=500, default='')
        comment = TextField(default='')
        created_at = DateTimeField(default=datetime.datetime.now)
        read_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'notification'
            indexes = ((('user', 'read_at'), False),)
    db.create_tables([Notification])

    class ReminderLog(Model):
        key = CharField(unique=True, max_length=200)
        kind = CharField(max_length=24)
        campaign = ForeignKeyField(Campaign, null=True, on_delete='CASCADE')
        unit = ForeignKeyField(Unit, null=True, on_delete='CASCADE')
        user = ForeignKeyField(User, null=True, on_delete='CASCADE')
        deadline = DateField()
        days_before = IntegerField(default=0)
        sent_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'reminder_log'
    db.create_tables([ReminderLog])

    migrator.migrate(migrator.add_column('user', 'email_notifications', BooleanField(default=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('user', 'email_notifications'))
    migrator.migrate(migrator.drop_table('reminder_log'))
    migrator.migrate(migrator.drop_table('notification'))
    migrator.migrate(migrator.drop_table('email_log'))
