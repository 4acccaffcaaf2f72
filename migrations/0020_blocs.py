"""Emulation blocs (issue 10): blocs and their member units and users, the year's compact with its scoring table
and signatures, scoring rounds with scorecards and scores, the bloc's secret vote (receipts apart from running
totals, as the council's ballot); user_role.role gains 'emulation_board' (Ban Thi đua - Khen thưởng tỉnh).

Written after a schema diff of the new models on 2026-11-27, then given the CHECK constraints. The user_role CHECK
only widens (one more allowed value), which leaves every stored row valid: on PostgreSQL the constraint is
replaced; on SQLite, which cannot alter a CHECK, the table's stored definition is rewritten in place as migration
0012 does for nomination.status.
"""
from peewee import *
import datetime

OLD_ROLES = "role IN ('unit_staff', 'unit_head', 'office', 'council_member', 'council_chair', 'leader', 'admin')"
NEW_ROLES = ("role IN ('unit_staff', 'unit_head', 'office', 'council_member', 'council_chair', 'leader', 'admin', "
             "'emulation_board')")


def _replace_role_check(db, old, new):
    if db.__class__.__name__.startswith('Postgres'):
        db.execute_sql('ALTER TABLE user_role DROP CONSTRAINT user_role_role_check')
        db.execute_sql(f'ALTER TABLE user_role ADD CONSTRAINT user_role_role_check CHECK ({new})')
        return
    sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'user_role'").fetchone()[0]
    if f'CHECK ({old})' not in sql:
        raise RuntimeError('user_role.role CHECK is not the expected one; refusing to rewrite it')
    version = db.execute_sql('PRAGMA schema_version').fetchone()[0]
    db.execute_sql('PRAGMA writable_schema = ON')
    db.execute_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'user_role'",
                   (sql.replace(f'CHECK ({old})', f'CHECK ({new})'),))
    db.execute_sql(f'PRAGMA schema_version = {version + 1}')
    db.execute_sql('PRAGMA writable_schema = OFF')


def up(migrator, db):
    _replace_role_check(db, OLD_ROLES, NEW_ROLES)

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

    class Bloc(Model):
        kind = CharField(max_length=4, constraints=[Check("kind IN ('khoi', 'cum')")])
        name = CharField(unique=True, max_length=200)
        description = TextField(default='')
        active = BooleanField(default=True)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'bloc'
    db.create_tables([Bloc])

    class Compact(Model):
        bloc = ForeignKeyField(Bloc, on_delete='RESTRICT')
        year = IntegerField()
        leader_unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        deputy_unit = ForeignKeyField(Unit, null=True, on_delete='RESTRICT')
        campaign = ForeignKeyField(Campaign, null=True, on_delete='RESTRICT')
        targets = TextField(default='')
        tie_break = CharField(max_length=60, default='bonus,penalty')
        vote_threshold = DecimalField(max_digits=5, decimal_places=2, default=50)
        flag_quota = IntegerField(default=1, constraints=[Check('flag_quota >= 0')])
        bk_quota = IntegerField(default=2, constraints=[Check('bk_quota >= 0')])
        status = CharField(max_length=10, default='draft', constraints=[
            Check("status IN ('draft', 'signing', 'in_force')")])
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        signing_at = DateTimeField(null=True)
        in_force_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'compact'
            indexes = ((('bloc', 'year'), True), (('status',), False))
    db.create_tables([Compact])

    class BlocRound(Model):
        compact = ForeignKeyField(Compact, on_delete='RESTRICT')
        period = CharField(max_length=8, constraints=[Check("period IN ('mid_year', 'year_end')")])
        status = CharField(max_length=14, default='self_scoring', constraints=[
            Check("status IN ('self_scoring', 'cross_checking', 'closed')")])
        version = IntegerField(default=1)
        opened_by = ForeignKeyField(User, on_delete='RESTRICT')
        opened_at = DateTimeField(default=datetime.datetime.now)
        checking_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'bloc_round'
            indexes = ((('compact', 'period'), True), (('status',), False))
    db.create_tables([BlocRound])

    class BlocVote(Model):
        round = ForeignKeyField(BlocRound, unique=True, on_delete='RESTRICT')
        status = CharField(max_length=8, default='draft', constraints=[
            Check("status IN ('draft', 'voting', 'closed')")])
        version = IntegerField(default=1)
        voters = IntegerField(default=0)
        threshold = DecimalField(max_digits=5, decimal_places=2, default=50)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        voting_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True)
        nominations_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'bloc_vote'
    db.create_tables([BlocVote])

    class BlocBallotReceipt(Model):
        vote = ForeignKeyField(BlocVote, on_delete='CASCADE')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'bloc_ballot_receipt'
            indexes = ((('vote', 'unit'), True),)
    db.create_tables([BlocBallotReceipt])

    class BlocMember(Model):
        bloc = ForeignKeyField(Bloc, on_delete='CASCADE')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        joined_year = IntegerField()
        class Meta:
            database = db
            table_name = 'bloc_member'
            indexes = ((('bloc', 'unit'), True),)
    db.create_tables([BlocMember])

    class BlocUser(Model):
        bloc = ForeignKeyField(Bloc, on_delete='CASCADE')
        user = ForeignKeyField(User, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        kind = CharField(max_length=8, constraints=[Check("kind IN ('head', 'officer')")])
        class Meta:
            database = db
            table_name = 'bloc_user'
            indexes = ((('bloc', 'user'), True), (('user',), False))
    db.create_tables([BlocUser])

    class BlocVoteLine(Model):
        vote = ForeignKeyField(BlocVote, on_delete='CASCADE')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        award = CharField(max_length=4, constraints=[Check("award IN ('flag', 'bk')")])
        position = IntegerField(default=0)
        rank = IntegerField()
        total = DecimalField(max_digits=9, decimal_places=2)
        yes = IntegerField(null=True)
        no = IntegerField(null=True)
        passed = BooleanField(null=True)
        explanation = TextField(default='')
        nomination_id = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'bloc_vote_line'
            indexes = ((('vote', 'unit', 'award'), True),)
    db.create_tables([BlocVoteLine])

    class BlocVoteCount(Model):
        line = ForeignKeyField(BlocVoteLine, unique=True, on_delete='CASCADE')
        yes = IntegerField(default=0, constraints=[Check('yes >= 0')])
        no = IntegerField(default=0, constraints=[Check('no >= 0')])
        class Meta:
            database = db
            table_name = 'bloc_vote_count'
    db.create_tables([BlocVoteCount])

    class CompactSignature(Model):
        compact = ForeignKeyField(Compact, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        signed_by = ForeignKeyField(User, on_delete='RESTRICT')
        signed_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'compact_signature'
            indexes = ((('compact', 'unit'), True),)
    db.create_tables([CompactSignature])

    class Criterion(Model):
        compact = ForeignKeyField(Compact, on_delete='CASCADE')
        parent = ForeignKeyField('self', null=True, on_delete='CASCADE')
        position = IntegerField(default=0)
        code = CharField(max_length=20)
        title = CharField(max_length=500)
        kind = CharField(max_length=8, default='score', constraints=[
            Check("kind IN ('score', 'bonus', 'penalty')")])
        max_points = DecimalField(max_digits=7, decimal_places=2, constraints=[Check('max_points >= 0')])
        class Meta:
            database = db
            table_name = 'criterion'
            indexes = ((('compact', 'position'), False),)
    db.create_tables([Criterion])

    class Scorecard(Model):
        round = ForeignKeyField(BlocRound, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        status = CharField(max_length=10, default='draft', constraints=[
            Check("status IN ('draft', 'submitted', 'reviewed', 'objected', 'final')")])
        version = IntegerField(default=1)
        submitted_at = DateTimeField(null=True)
        reviewed_at = DateTimeField(null=True)
        objection = TextField(default='')
        settlement = TextField(default='')
        finalised_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'scorecard'
            indexes = ((('round', 'unit'), True), (('unit', 'status'), False))
    db.create_tables([Scorecard])

    class Score(Model):
        scorecard = ForeignKeyField(Scorecard, on_delete='CASCADE')
        criterion = ForeignKeyField(Criterion, on_delete='RESTRICT')
        self_points = DecimalField(null=True, max_digits=7, decimal_places=2)
        self_note = TextField(default='')
        agreed_points = DecimalField(null=True, max_digits=7, decimal_places=2)
        agreed_reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'score'
            indexes = ((('scorecard', 'criterion'), True),)
    db.create_tables([Score])


def down(migrator, db):
    db.execute_sql("DELETE FROM user_role WHERE role = 'emulation_board'")
    _replace_role_check(db, NEW_ROLES, OLD_ROLES)
    migrator.migrate(migrator.drop_table('score'))
    migrator.migrate(migrator.drop_table('scorecard'))
    migrator.migrate(migrator.drop_table('criterion'))
    migrator.migrate(migrator.drop_table('compact_signature'))
    migrator.migrate(migrator.drop_table('bloc_vote_count'))
    migrator.migrate(migrator.drop_table('bloc_vote_line'))
    migrator.migrate(migrator.drop_table('bloc_user'))
    migrator.migrate(migrator.drop_table('bloc_member'))
    migrator.migrate(migrator.drop_table('bloc_ballot_receipt'))
    migrator.migrate(migrator.drop_table('bloc_vote'))
    migrator.migrate(migrator.drop_table('bloc_round'))
    migrator.migrate(migrator.drop_table('compact'))
    migrator.migrate(migrator.drop_table('bloc'))
