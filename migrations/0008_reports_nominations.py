"""Reports of units, nomination dossiers, the components each award's dossier needs (seeded), the office's
comments per component.

Generated from a schema diff on 2026-11-27, then given CHECK constraints and the seed of dossier requirements
(Luật Thi đua, khen thưởng 2022 Điều 84: a title needs tờ trình, báo cáo thành tích, biên bản bình xét, and for
any Chiến sĩ thi đua level the recognised initiative; a form of commendation needs tờ trình, báo cáo thành tích,
biên bản xét khen thưởng, and for an extraordinary achievement the confirming document).
"""
from peewee import *
import datetime

def up(migrator, db):
    class AwardKind(Model):
        class Meta:
            database = db
            table_name = 'award_kind'

    class Campaign(Model):
        class Meta:
            database = db
            table_name = 'campaign'

    class Person(Model):
        class Meta:
            database = db
            table_name = 'person'

    class RegistrationLine(Model):
        class Meta:
            database = db
            table_name = 'registration_line'

    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Nomination(Model):
        campaign = ForeignKeyField(Campaign, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        subject = CharField(max_length=12, constraints=[Check("subject IN ('collective', 'individual')")])
        person = ForeignKeyField(Person, null=True, on_delete='RESTRICT')
        subject_key = IntegerField()
        award_kind = ForeignKeyField(AwardKind, on_delete='RESTRICT')
        basis = CharField(max_length=12, constraints=[Check(
            "basis IN ('cong_trang', 'dot_xuat', 'phong_trao', 'cong_hien', 'nien_han', 'doi_ngoai')")])
        registration_line = ForeignKeyField(RegistrationLine, null=True, on_delete='SET NULL')
        summary = TextField(default='')
        status = CharField(max_length=12, default='draft', constraints=[
            Check("status IN ('draft', 'submitted', 'returned', 'verified')")])
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        submitted_at = DateTimeField(null=True)
        decided_at = DateTimeField(null=True)
        return_comment = TextField(default='')
        override_reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'nomination'
            indexes = ((('campaign', 'unit', 'subject_key', 'award_kind'), True), (('campaign', 'status'), False), (('unit', 'status'), False))
    db.create_tables([Nomination])

    class ComponentComment(Model):
        nomination = ForeignKeyField(Nomination, on_delete='CASCADE')
        component = CharField(max_length=30)
        comment = TextField()
        author = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        resolved = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'component_comment'
    db.create_tables([ComponentComment])

    class DossierRequirement(Model):
        award_kind = ForeignKeyField(AwardKind, on_delete='CASCADE')
        component = CharField(max_length=30, constraints=[Check(
            "component IN ('to_trinh', 'bao_cao_thanh_tich', 'bien_ban', 'sang_kien', 'xac_nhan_dot_xuat')")])
        only_for_basis = CharField(null=True, max_length=12)
        class Meta:
            database = db
            table_name = 'dossier_requirement'
            indexes = ((('award_kind', 'component'), True),)
    db.create_tables([DossierRequirement])
    _seed_requirements(db)

    class Report(Model):
        campaign = ForeignKeyField(Campaign, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        kind = CharField(max_length=12, constraints=[Check("kind IN ('six_month', 'annual', 'thematic')")])
        period = CharField(max_length=100, default='')
        body = TextField(default='')
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
            table_name = 'report'
            indexes = ((('campaign', 'unit', 'kind'), True), (('campaign', 'status'), False))
    db.create_tables([Report])


def _seed_requirements(db):
    rows = db.execute_sql("SELECT id, code, category FROM award_kind").fetchall()
    insert = "INSERT INTO dossier_requirement (award_kind_id, component, only_for_basis) VALUES (%s, %s, %s)"
    insert = insert.replace("%s", db.param)
    for kind_id, code, category in rows:
        wanted = [("to_trinh", None), ("bao_cao_thanh_tich", None), ("bien_ban", None)]
        if code.startswith("CSTD"):
            wanted.append(("sang_kien", None))
        if category == "form":
            wanted.append(("xac_nhan_dot_xuat", "dot_xuat"))
        for component, basis in wanted:
            db.execute_sql(insert, (kind_id, component, basis))


def down(migrator, db):
    migrator.migrate(migrator.drop_table('report'))
    migrator.migrate(migrator.drop_table('dossier_requirement'))
    migrator.migrate(migrator.drop_table('component_comment'))
    migrator.migrate(migrator.drop_table('nomination'))
