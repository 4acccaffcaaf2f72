"""The leader's sign-off (issue 6): award decisions and proposals upward with their lines, the register their
numbers come from, delegations to sign on the leader's behalf, and the base salary (mức lương cơ sở) that cash
amounts multiply; award_record.decision_id links history rows to the decision they came from.

Written after a schema diff of the new models on 2026-11-27, then given the CHECK constraints and the seed of the
base salary: 1.490.000 đồng from 01/7/2019 (Nghị định 38/2019/NĐ-CP), 1.800.000 đồng from 01/7/2023 (Nghị định
24/2023/NĐ-CP), 2.340.000 đồng from 01/7/2024 (Nghị định 73/2024/NĐ-CP). The administrator adds later ones.
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

    class BaseSalary(Model):
        valid_from = DateField(unique=True)
        amount = IntegerField(constraints=[Check('amount > 0')])
        legal_basis = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'base_salary'
    db.create_tables([BaseSalary])

    class Decision(Model):
        kind = CharField(max_length=10, constraints=[Check("kind IN ('decision', 'proposal')")])
        campaign = ForeignKeyField(Campaign, on_delete='RESTRICT')
        session = ForeignKeyField(CouncilSession, null=True, on_delete='RESTRICT')
        award_kind = ForeignKeyField(AwardKind, null=True, on_delete='RESTRICT')
        summary = CharField(max_length=300)
        recipients = TextField(default='')
        status = CharField(max_length=10, default='draft', constraints=[
            Check("status IN ('draft', 'submitted', 'returned', 'signed')")])
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        submitted_at = DateTimeField(null=True)
        decided_at = DateTimeField(null=True)
        return_comment = TextField(default='')
        number = IntegerField(null=True)
        symbol = CharField(max_length=20, default='')
        year = IntegerField(null=True)
        signed_on = DateField(null=True)
        signed_at = DateTimeField(null=True)
        signed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        on_behalf_of = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        signer_title = CharField(max_length=100, default='')
        signer_authority = CharField(max_length=100, default='')
        base_salary = IntegerField(null=True)
        total_amount = IntegerField(null=True)
        pdf_sha256 = CharField(max_length=64, default='')
        corrects = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        correction_kind = CharField(null=True, max_length=8, constraints=[
            Check("correction_kind IN ('correct', 'revoke')")])
        correction_text = TextField(default='')
        class Meta:
            database = db
            table_name = 'decision'
            indexes = ((('status',), False), (('campaign', 'kind'), False), (('year', 'symbol', 'number'), True))
            constraints = [SQL("CHECK ((status = 'signed') = (number IS NOT NULL))")]
    db.create_tables([Decision])

    class DecisionLine(Model):
        decision = ForeignKeyField(Decision, on_delete='CASCADE')
        nomination = ForeignKeyField(Nomination, on_delete='RESTRICT')
        nomination_version = IntegerField()
        position = IntegerField(default=0)
        amount = IntegerField(null=True)
        outcome = CharField(max_length=12, null=True, constraints=[
            Check("outcome IN ('awarded', 'not_awarded')")])
        outside_number = CharField(max_length=60, default='')
        outside_date = DateField(null=True)
        outside_body = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'decision_line'
            indexes = ((('decision', 'nomination'), True), (('nomination',), False))
    db.create_tables([DecisionLine])

    class Delegation(Model):
        deputy = ForeignKeyField(User, on_delete='RESTRICT')
        principal = ForeignKeyField(User, on_delete='RESTRICT')
        deputy_title = CharField(max_length=100, default='PHÓ TRƯỞNG BAN')
        valid_from = DateField()
        valid_to = DateField()
        note = TextField(default='')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'delegation'
            constraints = [SQL('CHECK (valid_to >= valid_from)'), SQL('CHECK (deputy_id <> principal_id)')]
    db.create_tables([Delegation])

    class DocumentRegister(Model):
        agency = CharField(max_length=20)
        doc_type = CharField(max_length=10)
        year = IntegerField()
        last_number = IntegerField(default=0, constraints=[Check('last_number >= 0')])
        class Meta:
            database = db
            table_name = 'document_register'
            indexes = ((('agency', 'doc_type', 'year'), True),)
    db.create_tables([DocumentRegister])

    migrator.migrate(migrator.add_column('award_record', 'decision_id', IntegerField(index=True, null=True)))
    BaseSalary.insert_many([
        {'valid_from': datetime.date(2019, 7, 1), 'amount': 1490000, 'legal_basis': 'Nghị định 38/2019/NĐ-CP'},
        {'valid_from': datetime.date(2023, 7, 1), 'amount': 1800000, 'legal_basis': 'Nghị định 24/2023/NĐ-CP'},
        {'valid_from': datetime.date(2024, 7, 1), 'amount': 2340000, 'legal_basis': 'Nghị định 73/2024/NĐ-CP'},
    ]).execute()


def down(migrator, db):
    migrator.migrate(migrator.drop_index('award_record', 'award_record_decision_id'))
    migrator.migrate(migrator.drop_column('award_record', 'decision_id'))
    migrator.migrate(migrator.drop_table('document_register'))
    migrator.migrate(migrator.drop_table('delegation'))
    migrator.migrate(migrator.drop_table('decision_line'))
    migrator.migrate(migrator.drop_table('decision'))
    migrator.migrate(migrator.drop_table('base_salary'))
