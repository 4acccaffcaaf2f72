"""The audit log's hash chain (thidua/audit_chain.py): UTC times, verify-audit, concurrent writers, pruning."""
import datetime
import threading

import pytest

from thidua import audit, audit_chain
from thidua.db import db, is_sqlite
from thidua.models import AuditChainHead, AuditLog


def _entries(n: int, **kwargs) -> list[AuditLog]:
    with db.atomic():
        return [audit.record("create", "unit", i, after={"name": f"Đơn vị {i}"}, **kwargs) for i in range(n)]


def _tamper(sql: str, params=()) -> None:
    """Change the log behind the app's back, as someone who drops the append-only triggers would."""
    if is_sqlite():
        with db.atomic():
            db.execute_sql("DROP TRIGGER audit_log_no_update")
            db.execute_sql("DROP TRIGGER audit_log_no_delete")
            db.execute_sql(sql, params)
            db.execute_sql("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
            db.execute_sql(audit_chain.SQLITE_DELETE_TRIGGER)
    else:
        with db.atomic():
            db.execute_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
            db.execute_sql(sql.replace("?", "%s"), params)
            db.execute_sql("ALTER TABLE audit_log ENABLE TRIGGER USER")


@pytest.fixture
def ctx(app):
    with app.app_context():
        db.connect(reuse_if_open=True)
        yield app


def test_new_rows_are_written_in_utc(ctx):
    before = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    entry = _entries(1)[0]
    after = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    stored = AuditLog.get_by_id(entry.id).at
    assert before - datetime.timedelta(seconds=1) <= stored <= after + datetime.timedelta(seconds=1)
    assert audit.local_time(stored) - stored == datetime.timedelta(hours=7)


def test_each_row_links_to_the_previous_and_the_head_follows(ctx):
    rows = _entries(3)
    stored = list(AuditLog.select().order_by(AuditLog.id))
    assert stored[0].prev_hash == audit_chain.GENESIS
    assert [r.prev_hash for r in stored[1:]] == [r.hash for r in stored[:-1]]
    assert all(r.hash == audit_chain.row_hash(audit_chain._values(r)) for r in stored)
    head = AuditChainHead.get_by_id(1)
    assert (head.last_id, head.last_hash) == (rows[-1].id, stored[-1].hash)
    assert audit_chain.verify().ok


def test_an_edited_comment_is_named(ctx):
    rows = _entries(4)
    _tamper("UPDATE audit_log SET comment = ? WHERE id = ?", ("sửa lén", rows[1].id))
    result = audit_chain.verify()
    assert not result.ok and result.row_id == rows[1].id
    assert f"dòng số {rows[1].id}" in result.message()


def test_an_edit_with_a_recomputed_hash_is_caught_at_the_next_row(ctx):
    rows = _entries(3)
    row = AuditLog.get_by_id(rows[1].id)
    row.comment = "sửa lén"
    forged = audit_chain.row_hash(audit_chain._values(row))
    _tamper("UPDATE audit_log SET comment = ?, hash = ? WHERE id = ?", ("sửa lén", forged, rows[1].id))
    result = audit_chain.verify()
    assert not result.ok and result.row_id == rows[2].id


def test_a_deleted_row_is_detected(ctx):
    rows = _entries(4)
    _tamper("DELETE FROM audit_log WHERE id = ?", (rows[1].id,))
    result = audit_chain.verify()
    assert not result.ok and result.row_id == rows[2].id


def test_a_deleted_last_row_is_detected_through_the_head(ctx):
    rows = _entries(3)
    _tamper("DELETE FROM audit_log WHERE id = ?", (rows[2].id,))
    result = audit_chain.verify()
    assert not result.ok and result.row_id == rows[2].id


def test_the_cli_exits_non_zero_naming_the_row(ctx):
    rows = _entries(2)
    runner = ctx.test_cli_runner()
    ok = runner.invoke(args=["verify-audit"])
    assert ok.exit_code == 0, ok.output
    assert "nguyên vẹn" in ok.output
    _tamper("UPDATE audit_log SET comment = ? WHERE id = ?", ("x", rows[0].id))
    broken = runner.invoke(args=["verify-audit"])
    assert broken.exit_code == 1
    assert f"dòng số {rows[0].id}" in broken.output


def test_concurrent_writers_never_share_a_previous_row(ctx, database_url):
    """Sixteen threads, each with its own connection, append 10 rows each: one unbroken chain of 160."""
    if not is_sqlite():
        pytest.skip("the PostgreSQL run is made separately")
    errors = []
    barrier = threading.Barrier(16)

    def writer(n: int):
        try:
            barrier.wait()
            for i in range(10):
                with db.connection_context(), db.atomic():
                    audit.record("create", "unit", n * 100 + i, actor=None)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    db.close()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.connect(reuse_if_open=True)
    assert not errors, errors
    rows = list(AuditLog.select().order_by(AuditLog.id))
    assert len(rows) == 160
    assert len({r.prev_hash for r in rows}) == 160
    assert audit_chain.verify().ok


def test_prune_keeps_the_chain_verifiable(ctx):
    old = datetime.datetime(2020, 1, 1)
    with db.atomic():
        for i in range(3):
            AuditLog.create(action="create", object_type="unit", object_id=i, at=old + datetime.timedelta(days=i))
    kept = _entries(2)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    pruned = audit_chain.prune(12, now=now)
    assert pruned.count == 3
    ids = [r.id for r in AuditLog.select().order_by(AuditLog.id)]
    assert ids[:2] == [r.id for r in kept] and len(ids) == 3
    checkpoint = AuditLog.get_by_id(ids[-1])
    assert checkpoint.action == audit_chain.PRUNE_ACTION
    assert audit_chain.verify().ok
    # A second prune with nothing old left changes nothing and stays verifiable.
    assert audit_chain.prune(12, now=now).count == 0
    assert audit_chain.verify().ok
    # Deleting the first kept row after the prune is still caught.
    _tamper("DELETE FROM audit_log WHERE id = ?", (kept[0].id,))
    assert audit_chain.verify().row_id == kept[1].id


def test_the_database_still_refuses_deletes_after_a_prune(ctx):
    from peewee import DatabaseError
    _entries(1)
    audit_chain.prune(12)
    with pytest.raises(DatabaseError), db.atomic():
        AuditLog.delete().execute()


def test_retention_below_twelve_months_is_refused(app, database_url):
    from thidua import create_app
    from tests.conftest import TEST_CONFIG
    with pytest.raises(ValueError, match="12"):
        create_app({**TEST_CONFIG, "DATABASE_URL": database_url, "AUDIT_RETENTION_MONTHS": 6})
    with pytest.raises(ValueError):
        audit_chain.prune(11)


def test_retention_defaults_to_twelve_months(app):
    assert app.config["AUDIT_RETENTION_MONTHS"] == 12


def test_months_before_clamps_the_day():
    assert audit_chain.months_before(datetime.datetime(2025, 3, 31, 8), 13) == datetime.datetime(2024, 2, 29, 8)
    assert audit_chain.months_before(datetime.datetime(2025, 1, 15), 12) == datetime.datetime(2024, 1, 15)


def test_prune_audit_cli_reports(ctx):
    result = ctx.test_cli_runner().invoke(args=["prune-audit"])
    assert result.exit_code == 0, result.output
