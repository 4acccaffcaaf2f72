"""Campaigns (plan, contents, milestones, addressed units, deadline extensions) and registrations.

Generated from a schema diff on 2026-11-27, then given the CHECK constraints on kind and status.
"""
from peewee import *
import datetime

def up(migrator, db):
    class AwardKind(Model):
        class Meta:
            database = db
            table_name = 'award_kind'

    class LegalRegime(Model):
        class Meta:
            database = db
            table_name = 'legal_regime'

    class Person(Model):
        class Meta:
            database = db
            table_name = 'person'

    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Campaign(Model):
        number = IntegerField()
        symbol = CharField(max_length=30, default='KH-BDT')
        year = IntegerField()
        issued_on = DateField()
        place = CharField(max_length=60, default='Đồng Nai')
        title = CharField(max_length=500)
        kind = CharField(max_length=10, constraints=[Check("kind IN ('annual', 'thematic')")])
        preamble = TextField(default='')
        purpose = TextField(default='')
        requirements = TextField(default='')
        implementation = TextField(default='')
        registration_deadline = DateField(null=True)
        nomination_deadline = DateField(null=True)
        signer_title = CharField(max_length=100, default='TRƯỞNG BAN')
        signer_name = CharField(max_length=120, default='')
        recipients = TextField(default='')
        registration_required = BooleanField(default=False)
        regime = ForeignKeyField(LegalRegime, on_delete='RESTRICT')
        status = CharField(max_length=12, default='draft', constraints=[
            Check("status IN ('draft', 'published', 'closed')")])
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        published_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'campaign'
            indexes = ((('year', 'number', 'symbol'), True), (('status', 'issued_on'), False))
    db.create_tables([Campaign])

    class CampaignItem(Model):
        campaign = ForeignKeyField(Campaign, on_delete='CASCADE')
        position = IntegerField()
        text = TextField()
        class Meta:
            database = db
            table_name = 'campaign_item'
            indexes = ((('campaign', 'position'), False),)
    db.create_tables([CampaignItem])

    class CampaignMilestone(Model):
        campaign = ForeignKeyField(Campaign, on_delete='CASCADE')
        day = DateField()
        title = CharField(max_length=300)
        class Meta:
            database = db
            table_name = 'campaign_milestone'
    db.create_tables([CampaignMilestone])

    class CampaignUnit(Model):
        campaign = ForeignKeyField(Campaign, on_delete='CASCADE')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'campaign_unit'
            indexes = ((('campaign', 'unit'), True),)
    db.create_tables([CampaignUnit])

    class DeadlineExtension(Model):
        campaign = ForeignKeyField(Campaign, on_delete='CASCADE')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        until = DateField()
        reason = TextField()
        granted_by = ForeignKeyField(User, on_delete='RESTRICT')
        granted_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'deadline_extension'
            indexes = ((('campaign', 'unit'), True),)
    db.create_tables([DeadlineExtension])

    class Registration(Model):
        campaign = ForeignKeyField(Campaign, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        status = CharField(max_length=12, default='draft', constraints=[
            Check("status IN ('draft', 'submitted', 'returned', 'accepted')")])
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        submitted_at = DateTimeField(null=True)
        decided_at = DateTimeField(null=True)
        return_comment = TextField(default='')
        class Meta:
            database = db
            table_name = 'registration'
            indexes = ((('campaign', 'unit'), True), (('campaign', 'status'), False))
    db.create_tables([Registration])

    class RegistrationLine(Model):
        registration = ForeignKeyField(Registration, on_delete='CASCADE')
        subject = CharField(max_length=12, constraints=[Check("subject IN ('collective', 'individual')")])
        person = ForeignKeyField(Person, null=True, on_delete='RESTRICT')
        award_kind = ForeignKeyField(AwardKind, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'registration_line'
            indexes = ((('registration', 'subject', 'person', 'award_kind'), False),)
    db.create_tables([RegistrationLine])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('registration_line'))
    migrator.migrate(migrator.drop_table('registration'))
    migrator.migrate(migrator.drop_table('deadline_extension'))
    migrator.migrate(migrator.drop_table('campaign_unit'))
    migrator.migrate(migrator.drop_table('campaign_milestone'))
    migrator.migrate(migrator.drop_table('campaign_item'))
    migrator.migrate(migrator.drop_table('campaign'))
