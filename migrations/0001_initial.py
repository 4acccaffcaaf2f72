"""Units, users and roles, the audit log (append-only), sign-in attempts.

Generated from a schema diff on 2026-11-27, then given the CHECK constraints and the
triggers that keep the audit log append-only, which the generator does not write.
"""
from peewee import *
import datetime

def up(migrator, db):
    class Unit(Model):
        name = CharField(max_length=200)
        code = CharField(unique=True, max_length=30)
        kind = CharField(max_length=20, constraints=[
            Check("kind IN ('agency', 'department', 'district', 'other')")])
        parent = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        active = BooleanField(default=True)
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'unit'
            indexes = ((('name',), False),)
    db.create_tables([Unit])

    class User(Model):
        username = CharField(unique=True, max_length=60)
        full_name = CharField(max_length=120)
        email = CharField(max_length=200, default='')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        active = BooleanField(default=True)
        password_hash = CharField(max_length=255)
        session_version = IntegerField(default=1)
        must_change_password = BooleanField(default=False)
        created_at = DateTimeField(default=datetime.datetime.now)
        last_login_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'user'
            indexes = ((('full_name',), False),)
    db.create_tables([User])

    class AuditLog(Model):
        at = DateTimeField(index=True, default=datetime.datetime.now)
        actor = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        action = CharField(max_length=60)
        object_type = CharField(max_length=40)
        object_id = IntegerField(null=True)
        state_before = TextField(default='')
        state_after = TextField(default='')
        comment = TextField(default='')
        ip_address = CharField(max_length=45, default='')
        class Meta:
            database = db
            table_name = 'audit_log'
            indexes = ((('object_type', 'object_id'), False),)
    db.create_tables([AuditLog])
    _make_audit_log_append_only(db)

    class LoginAttempt(Model):
        username = CharField(max_length=60)
        ip_address = CharField(max_length=45)
        at = DateTimeField(default=datetime.datetime.now)
        success = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'login_attempt'
            indexes = ((('username', 'at'), False), (('ip_address', 'at'), False))
    db.create_tables([LoginAttempt])

    class UserRole(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        role = CharField(max_length=30, constraints=[Check(
            "role IN ('unit_staff', 'unit_head', 'office', 'council_member', 'council_chair', 'leader', 'admin')")])
        class Meta:
            database = db
            table_name = 'user_role'
            indexes = ((('user', 'role'), True),)
    db.create_tables([UserRole])


def _make_audit_log_append_only(db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql")
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
    else:
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def down(migrator, db):
    migrator.migrate(migrator.drop_table('user_role'))
    migrator.migrate(migrator.drop_table('login_attempt'))
    migrator.migrate(migrator.drop_table('audit_log'))
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP FUNCTION IF EXISTS audit_log_append_only()")
    migrator.migrate(migrator.drop_table('user'))
    migrator.migrate(migrator.drop_table('unit'))
