"""The audit log's hash chain, its verification and its pruning after the retention period.

Each row stores prev_hash (the hash of the row before it, by id) and hash = SHA-256 of a canonical JSON of its own
fields and prev_hash. A row edited or deleted behind the app's back (by someone who dropped the append-only
triggers) breaks the chain at that row or the next, and `flask --app app verify-audit` names it.

Concurrency: every writer first UPDATEs the one row of audit_chain_head, inside the caller's transaction. That
takes a row lock on PostgreSQL (a second writer waits; under READ COMMITTED its next statement then reads the
committed head) and the write lock on SQLite, so two writers never chain onto the same previous row; the row's id
is also drawn while the lock is held, so chain order is id order.

Pruning (`flask --app app prune-audit`) removes the rows older than AUDIT_RETENTION_MONTHS (at least 12) and
appends a checkpoint row (action prune_audit) holding the hash of the last row removed: verification starts from
the latest checkpoint's hash instead of the genesis value. Only the prune command may delete audit rows: on SQLite
it drops the append-only DELETE trigger and recreates it inside its own transaction (no other connection sees the
gap, SQLite having one writer); on PostgreSQL it sets `SET LOCAL thidua.pruning = 'on'`, which the trigger function
of migration 0019 accepts for DELETE only and which ends with the transaction.
"""
from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Callable

from .db import db, is_sqlite, write_transaction

GENESIS = "0" * 64
PRUNE_ACTION = "prune_audit"
MIN_RETENTION_MONTHS = 12

HASHED_FIELDS = ("at", "actor_id", "action", "object_type", "object_id", "state_before", "state_after",
                 "comment", "ip_address", "prev_hash")

SQLITE_DELETE_TRIGGER = ("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                         "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def _time_text(value) -> str:
    if isinstance(value, str):  # a value SQLite returned unparsed: read it the way it was written
        value = datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return "" if value is None else str(value)


def canonical(values: dict) -> bytes:
    """The bytes hashed for one row: its fields and prev_hash as sorted, compact UTF-8 JSON."""
    payload = {name: values.get(name) for name in HASHED_FIELDS}
    payload["at"] = _time_text(payload["at"])
    for name in ("state_before", "state_after", "comment", "ip_address", "prev_hash"):
        payload[name] = payload[name] or ""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def row_hash(values: dict) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def _values(row) -> dict:
    return {name: getattr(row, name) for name in HASHED_FIELDS}


def _lock_head() -> str:
    """Take the chain's lock (an UPDATE of its one row) and return the last row's hash."""
    from .models import AuditChainHead
    locked = (AuditChainHead.update(last_hash=AuditChainHead.last_hash)
              .where(AuditChainHead.id == 1).execute())
    if locked != 1:
        raise RuntimeError("audit_chain_head has no row: apply migration 0019 (flask --app app migrate)")
    return AuditChainHead.get_by_id(1).last_hash


def append(row, insert: Callable[[], int]) -> int:
    """Chain a new audit row onto the last one and insert it, in the caller's transaction (a savepoint if any)."""
    from .models import AuditChainHead
    with db.atomic():
        prev = _lock_head()
        row.prev_hash = prev
        row.hash = row_hash(_values(row))
        result = insert()
        AuditChainHead.update(last_id=row.id, last_hash=row.hash).where(AuditChainHead.id == 1).execute()
    return result


@dataclass
class Verification:
    ok: bool
    checked: int
    row_id: int | None = None
    problem: str = ""

    def message(self) -> str:
        if self.ok:
            return f"Nhật ký hệ thống nguyên vẹn: đã kiểm {self.checked} dòng."
        where = f"dòng số {self.row_id}" if self.row_id is not None else "cuối nhật ký"
        return f"Nhật ký hệ thống bị thay đổi tại {where}: {self.problem}"


def _anchor() -> str:
    """The hash the first remaining row must point to: the latest prune checkpoint's, else the genesis value."""
    from .models import AuditLog
    checkpoint = (AuditLog.select().where(AuditLog.action == PRUNE_ACTION)
                  .order_by(AuditLog.id.desc()).first())
    if checkpoint is None:
        return GENESIS
    try:
        return json.loads(checkpoint.state_after)["last_pruned_hash"]
    except (ValueError, KeyError, TypeError):
        return ""  # a checkpoint without its hash: the first row will not match, and is named


def verify() -> Verification:
    """Walk the chain in id order; report the first row whose hash or link is wrong, or a missing tail."""
    from .models import AuditChainHead, AuditLog
    # One snapshot for the head and every row, so a writer committing meanwhile cannot look like a break.
    with db.atomic() if is_sqlite() else db.atomic(isolation_level="REPEATABLE READ"):
        head = AuditChainHead.get_or_none(AuditChainHead.id == 1)
        expected = _anchor()
        checked, last = 0, None
        for row in AuditLog.select().order_by(AuditLog.id).iterator():
            if row.prev_hash != expected:
                previous = f"dòng số {last.id}" if last else "điểm bắt đầu của nhật ký"
                return Verification(False, checked, row.id,
                                    f"không nối đúng vào {previous} (có dòng trước nó đã bị xóa hoặc sửa).")
            if row_hash(_values(row)) != row.hash:
                return Verification(False, checked, row.id, "nội dung dòng đã bị sửa (mã băm không khớp).")
            expected, last = row.hash, row
            checked += 1
    if head is not None:
        tail_gone = (head.last_id is not None) if last is None else (
            head.last_id != last.id or head.last_hash != last.hash)
        if tail_gone:
            return Verification(False, checked, head.last_id,
                                f"dòng cuối cùng đã ghi (số {head.last_id}) không còn hoặc đã bị sửa.")
    return Verification(True, checked)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """moment minus a number of calendar months (the day clamped to the shorter month)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def check_retention(months) -> int:
    """The retention in months, refused below the 12-month minimum."""
    months = int(months)
    if months < MIN_RETENTION_MONTHS:
        raise ValueError(f"AUDIT_RETENTION_MONTHS={months}: nhật ký hệ thống phải được giữ ít nhất "
                         f"{MIN_RETENTION_MONTHS} tháng.")
    return months


@dataclass
class Pruned:
    count: int
    through_id: int | None
    cutoff: datetime.datetime


def _delete_through(last_id: int) -> int:
    from .models import AuditLog
    if is_sqlite():
        db.execute_sql("DROP TRIGGER audit_log_no_delete")
        count = AuditLog.delete().where(AuditLog.id <= last_id).execute()
        db.execute_sql(SQLITE_DELETE_TRIGGER)
        return count
    db.execute_sql("SET LOCAL thidua.pruning = 'on'")
    count = AuditLog.delete().where(AuditLog.id <= last_id).execute()
    db.execute_sql("SET LOCAL thidua.pruning = 'off'")
    return count


def prune(months: int, now: datetime.datetime | None = None) -> Pruned:
    """Remove the rows older than months (a prefix by id) and append a checkpoint row; one transaction."""
    from . import audit
    from .models import AuditLog
    from .models.audit import utc_now
    months = check_retention(months)
    cutoff = months_before(now or utc_now(), months)
    with write_transaction():
        _lock_head()
        first_kept = AuditLog.select(AuditLog.id).where(AuditLog.at >= cutoff).order_by(AuditLog.id).first()
        older = AuditLog.select().order_by(AuditLog.id.desc())
        if first_kept is not None:
            older = older.where(AuditLog.id < first_kept.id)
        last = older.first()
        if last is None:
            return Pruned(0, None, cutoff)
        count = _delete_through(last.id)
        audit.record(PRUNE_ACTION, "audit_log", None,
                     after={"pruned_through_id": last.id, "last_pruned_hash": last.hash, "count": count,
                            "cutoff": cutoff.isoformat(sep=" "), "retention_months": months},
                     comment=f"Xóa {count} dòng nhật ký cũ hơn {months} tháng (trước {cutoff:%d/%m/%Y} UTC).")
    return Pruned(count, last.id, cutoff)
