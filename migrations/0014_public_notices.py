"""Public notice before the council meets (công khai, ND 98/2023 Điều 46; DOMAIN.md §5): the agenda of a session
posted for the working days its vote rules require (vote_rule.notice_working_days, 0 = none, configurable; no
seed value is set because the agency's own rule is unconfirmed), and the objections received meanwhile.

Written after a schema diff of the new models on 2026-11-27, then given the CHECK constraints.
"""
from peewee import *
import datetime

def up(migrator, db):
    class CouncilSession(Model):
        class Meta:
            database = db
            table_name = 'council_session'

    class Nomination(Model):
        class Meta:
            database = db
            table_name = 'nomination'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class PublicNotice(Model):
        session = ForeignKeyField(CouncilSession, unique=True, on_delete='RESTRICT')
        posted_on = DateField()
        working_days = IntegerField(constraints=[Check('working_days >= 0')])
        ends_on = DateField()
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'public_notice'
            constraints = [SQL('CHECK (ends_on >= posted_on)')]
    db.create_tables([PublicNotice])

    class NoticeObjection(Model):
        notice = ForeignKeyField(PublicNotice, on_delete='RESTRICT')
        nomination = ForeignKeyField(Nomination, null=True, on_delete='RESTRICT')
        received_on = DateField()
        sender = CharField(max_length=200)
        content = TextField()
        handling = TextField(default='')
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'notice_objection'
    db.create_tables([NoticeObjection])

    migrator.migrate(migrator.add_column('vote_rule', 'notice_working_days', IntegerField(default=0, constraints=[
        Check('notice_working_days >= 0')])))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('vote_rule', 'notice_working_days'))
    migrator.migrate(migrator.drop_table('notice_objection'))
    migrator.migrate(migrator.drop_table('public_notice'))
