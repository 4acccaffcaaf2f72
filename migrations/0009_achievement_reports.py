"""Achievement reports (báo cáo thành tích) written in the app: one per dossier, the fields of the official
template for individuals and for collectives, and the last .docx generated from it (the decree and Mẫu it
followed, and the attachment it was kept as).

Generated from a schema diff on 2026-11-27 against a database at 0008 + 0010, then given the CHECK constraint on
gender and the docstring.
"""
from peewee import *
import datetime

def up(migrator, db):
    class Attachment(Model):
        class Meta:
            database = db
            table_name = 'attachment'

    class Nomination(Model):
        class Meta:
            database = db
            table_name = 'nomination'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class AchievementReport(Model):
        nomination = ForeignKeyField(Nomination, unique=True, on_delete='CASCADE')
        heading_parent = CharField(max_length=200, default='')
        heading_unit = CharField(max_length=200, default='')
        place = CharField(max_length=60, default='')
        report_date = DateField(null=True)
        birth_date = DateField(null=True)
        birth_year = IntegerField(null=True)
        gender = CharField(max_length=10, default='', constraints=[Check("gender IN ('', 'male', 'female')")])
        ethnicity = CharField(max_length=60, default='')
        religion = CharField(max_length=60, default='')
        hometown = CharField(max_length=300, default='')
        residence = CharField(max_length=300, default='')
        workplace = CharField(max_length=300, default='')
        position = CharField(max_length=300, default='')
        expertise = CharField(max_length=300, default='')
        political_theory = CharField(max_length=100, default='')
        honours = CharField(max_length=300, default='')
        duties = TextField(default='')
        achievements = TextField(default='')
        collective_name = CharField(max_length=300, default='')
        address = CharField(max_length=300, default='')
        phone = CharField(max_length=60, default='')
        contact = CharField(max_length=200, default='')
        situation = TextField(default='')
        functions = TextField(default='')
        results = TextField(default='')
        measures = TextField(default='')
        policy = TextField(default='')
        organisations = TextField(default='')
        no_organisations = BooleanField(default=False)
        head_name = CharField(max_length=120, default='')
        form_ref = CharField(max_length=200, default='')
        generated_attachment = ForeignKeyField(Attachment, null=True, on_delete='SET NULL')
        generated_at = DateTimeField(null=True)
        updated_by = ForeignKeyField(User, on_delete='RESTRICT')
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'achievement_report'
    db.create_tables([AchievementReport])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('achievement_report'))
