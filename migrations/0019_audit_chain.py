"""The audit log's hash chain (thidua/audit_chain.py) and UTC times.

Adds audit_log.prev_hash and audit_log.hash and the one-row table audit_chain_head that writers lock; converts the
existing rows' times from the server's local time (the old default, datetime.now) to UTC, as new rows are written;
then chains the existing rows in id order. The rows must be updated once for that, so the append-only UPDATE
trigger is set aside for this migration's transaction only and put back before it commits.

On PostgreSQL the trigger function is replaced by one that still refuses every UPDATE and every DELETE, except a
DELETE inside a transaction that ran `SET LOCAL thidua.pruning = 'on'` (the prune-audit command alone does).
"""
import datetime
import hashlib
import json

from peewee import *

GENESIS = '0' * 64
FIELDS = ('at', 'actor_id', 'action', 'object_type', 'object_id', 'state_before', 'state_after',
          'comment', 'ip_address', 'prev_hash')


def _postgres(db):
    return db.__class__.__name__.startswith('Postgres')


def _to_utc(value):
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value is None:
        return None
    # Naive local time of this server, as the old default wrote it.
    return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _hash(values):
    # The same canonical form as thidua/audit_chain.canonical, frozen here as migrations must be.
    payload = {name: values.get(name) for name in FIELDS}
    payload['at'] = payload['at'].isoformat(sep=' ', timespec='microseconds')
    for name in ('state_before', 'state_after', 'comment', 'ip_address', 'prev_hash'):
        payload[name] = payload[name] or ''
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(',', ':')).encode('utf-8')
    return hashlib.sha256(data).hexdigest()


def up(migrator, db):
    db.execute_sql("ALTER TABLE audit_log ADD COLUMN prev_hash VARCHAR(64) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE audit_log ADD COLUMN hash VARCHAR(64) NOT NULL DEFAULT ''")

    class AuditChainHead(Model):
        last_id = IntegerField(null=True)
        last_hash = CharField(max_length=64)
        class Meta:
            database = db
            table_name = 'audit_chain_head'
    db.create_tables([AuditChainHead])

    if _postgres(db):
        db.execute_sql('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    else:
        db.execute_sql('DROP TRIGGER audit_log_no_update')

    prev, last_id = GENESIS, None
    cursor = db.execute_sql(
        'SELECT id, at, actor_id, action, object_type, object_id, state_before, state_after, comment, ip_address '
        'FROM audit_log ORDER BY id')
    rows = cursor.fetchall()
    columns = ('id',) + FIELDS[:-1]
    mark = '%s' if _postgres(db) else '?'
    for raw in rows:
        values = dict(zip(columns, raw))
        values['at'] = _to_utc(values['at'])
        values['prev_hash'] = prev
        digest = _hash(values)
        db.execute_sql(f'UPDATE audit_log SET at = {mark}, prev_hash = {mark}, hash = {mark} WHERE id = {mark}',
                       (values['at'], prev, digest, values['id']))
        prev, last_id = digest, values['id']
    AuditChainHead.create(id=1, last_id=last_id, last_hash=prev)

    if _postgres(db):
        db.execute_sql('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
            "BEGIN "
            "IF TG_OP = 'DELETE' AND current_setting('thidua.pruning', true) = 'on' THEN RETURN OLD; END IF; "
            "RAISE EXCEPTION 'audit_log is append-only'; "
            "END; $$ LANGUAGE plpgsql")
    else:
        db.execute_sql("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def down(migrator, db):
    migrator.migrate(migrator.drop_table('audit_chain_head'))
    if _postgres(db):
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql")
        db.execute_sql('ALTER TABLE audit_log DROP COLUMN hash')
        db.execute_sql('ALTER TABLE audit_log DROP COLUMN prev_hash')
    else:
        # SQLite (3.35+) drops the columns in place, keeping the triggers; the times stay in UTC.
        db.execute_sql('ALTER TABLE audit_log DROP COLUMN hash')
        db.execute_sql('ALTER TABLE audit_log DROP COLUMN prev_hash')
