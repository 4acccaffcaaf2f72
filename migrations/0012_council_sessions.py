"""Council sessions (issue 5): the session, its attendance, agenda lines, recusals, ballot receipts, vote totals
and frozen line results; vote_rule.recuse_same_unit; nomination.status gains 'passed' and 'not_passed'
(the council's outcome) and, for the leader's sign-off that follows, 'awarded', 'proposed' and 'not_awarded'.

Written after a schema diff of the new models on 2026-11-27, then given the CHECK constraints and the triggers that
make line_result append-only (a frozen result cannot be edited, not even by hand in SQL through the app's role).
The nomination status CHECK only widens (two more allowed values), which leaves every stored row valid: on
PostgreSQL the constraint is replaced; on SQLite, which cannot alter a CHECK, the table's stored definition is
rewritten in place as SQLite documents for changes that do not touch stored rows ("ALTER TABLE", section 7).
"""
from peewee import *
import datetime

CHANNELS = "channel IN ('online', 'written', 'paper')"
OLD_STATES = "status IN ('draft', 'submitted', 'returned', 'verified')"
NEW_STATES = ("status IN ('draft', 'submitted', 'returned', 'verified', 'passed', 'not_passed', 'awarded', "
              "'proposed', 'not_awarded')")


def _append_only(db, table):
    if db.__class__.__name__.startswith('Postgres'):
        db.execute_sql(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{table} is append-only'; END $$")
        for op in ('UPDATE', 'DELETE'):
            db.execute_sql(f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                           f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()")
    else:
        for op in ('UPDATE', 'DELETE'):
            db.execute_sql(f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def _widen_nomination_status(db, old, new):
    if db.__class__.__name__.startswith('Postgres'):
        db.execute_sql('ALTER TABLE nomination DROP CONSTRAINT nomination_status_check')
        db.execute_sql(f'ALTER TABLE nomination ADD CONSTRAINT nomination_status_check CHECK ({new})')
        return
    sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'nomination'").fetchone()[0]
    if f'CHECK ({old})' not in sql:
        raise RuntimeError('nomination.status CHECK is not the expected one; refusing to rewrite it')
    version = db.execute_sql('PRAGMA schema_version').fetchone()[0]
    db.execute_sql('PRAGMA writable_schema = ON')
    db.execute_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'nomination'",
                   (sql.replace(f'CHECK ({old})', f'CHECK ({new})'),))
    db.execute_sql(f'PRAGMA schema_version = {version + 1}')
    db.execute_sql('PRAGMA writable_schema = OFF')


def up(migrator, db):
    class Campaign(Model):
        class Meta:
            database = db
            table_name = 'campaign'

    class CouncilMember(Model):
        class Meta:
            database = db
            table_name = 'council_member'

    class Nomination(Model):
        class Meta:
            database = db
            table_name = 'nomination'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class CouncilSession(Model):
        campaign = ForeignKeyField(Campaign, on_delete='RESTRICT')
        title = CharField(max_length=300)
        meets_at = DateTimeField()
        place = CharField(max_length=300)
        secretary = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        status = CharField(max_length=12, default='draft', constraints=[
            Check("status IN ('draft', 'attendance', 'voting', 'closed')")])
        round = IntegerField(default=1, constraints=[Check('round >= 1')])
        version = IntegerField(default=1)
        conclusions = TextField(default='')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        attendance_opened_at = DateTimeField(null=True)
        voting_opened_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'council_session'
            indexes = ((('status',), False), (('campaign',), False))
    db.create_tables([CouncilSession])

    class AgendaItem(Model):
        session = ForeignKeyField(CouncilSession, on_delete='CASCADE')
        nomination = ForeignKeyField(Nomination, on_delete='RESTRICT')
        position = IntegerField(default=0)
        round = IntegerField(default=1)
        rule_threshold = DecimalField(null=True, max_digits=5, decimal_places=2)
        rule_denominator = CharField(null=True, max_length=8)
        rule_quorum_numerator = IntegerField(null=True)
        rule_quorum_denominator = IntegerField(null=True)
        rule_written_allowed = BooleanField(default=False)
        rule_recuse_unit = BooleanField(default=False)
        rule_award_code = CharField(max_length=20, default='')
        rule_article = CharField(max_length=200, default='')
        rule_confirmed = BooleanField(default=False)
        rule_text = TextField(default='')
        class Meta:
            database = db
            table_name = 'agenda_item'
            indexes = ((('session', 'nomination'), True),)
    db.create_tables([AgendaItem])

    class BallotReceipt(Model):
        session = ForeignKeyField(CouncilSession, on_delete='CASCADE')
        round = IntegerField()
        seat = ForeignKeyField(CouncilMember, on_delete='RESTRICT')
        channel = CharField(max_length=8, constraints=[Check(CHANNELS)])
        class Meta:
            database = db
            table_name = 'ballot_receipt'
            indexes = ((('session', 'round', 'seat'), True),)
    db.create_tables([BallotReceipt])

    class LineResult(Model):
        item = ForeignKeyField(AgendaItem, on_delete='RESTRICT')
        round = IntegerField()
        members = IntegerField()
        eligible = IntegerField()
        participants = IntegerField()
        base = IntegerField()
        yes = IntegerField()
        no = IntegerField()
        recused = IntegerField(default=0)
        threshold_percent = DecimalField(max_digits=5, decimal_places=2)
        denominator = CharField(max_length=8)
        passed = BooleanField()
        explanation = TextField()
        class Meta:
            database = db
            table_name = 'line_result'
            indexes = ((('item', 'round'), True),)
            constraints = [SQL('CHECK (yes + no <= participants)')]
    db.create_tables([LineResult])

    class Recusal(Model):
        item = ForeignKeyField(AgendaItem, on_delete='CASCADE')
        seat = ForeignKeyField(CouncilMember, on_delete='RESTRICT')
        reason = CharField(max_length=300)
        class Meta:
            database = db
            table_name = 'recusal'
            indexes = ((('item', 'seat'), True),)
    db.create_tables([Recusal])

    class SessionAttendance(Model):
        session = ForeignKeyField(CouncilSession, on_delete='CASCADE')
        seat = ForeignKeyField(CouncilMember, on_delete='RESTRICT')
        present = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'session_attendance'
            indexes = ((('session', 'seat'), True),)
    db.create_tables([SessionAttendance])

    class VoteCount(Model):
        item = ForeignKeyField(AgendaItem, on_delete='CASCADE')
        round = IntegerField()
        yes = IntegerField(default=0, constraints=[Check('yes >= 0')])
        no = IntegerField(default=0, constraints=[Check('no >= 0')])
        class Meta:
            database = db
            table_name = 'vote_count'
            indexes = ((('item', 'round'), True),)
    db.create_tables([VoteCount])

    migrator.migrate(migrator.add_column('vote_rule', 'recuse_same_unit', BooleanField(default=False)))
    _append_only(db, 'line_result')
    _widen_nomination_status(db, OLD_STATES, NEW_STATES)


def down(migrator, db):
    _widen_nomination_status(db, NEW_STATES, OLD_STATES)
    migrator.migrate(migrator.drop_column('vote_rule', 'recuse_same_unit'))
    migrator.migrate(migrator.drop_table('vote_count'))
    migrator.migrate(migrator.drop_table('session_attendance'))
    migrator.migrate(migrator.drop_table('recusal'))
    migrator.migrate(migrator.drop_table('line_result'))
    migrator.migrate(migrator.drop_table('ballot_receipt'))
    migrator.migrate(migrator.drop_table('agenda_item'))
    migrator.migrate(migrator.drop_table('council_session'))
