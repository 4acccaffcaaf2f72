"""The database handle shared by every model, and its per-request life cycle."""
from __future__ import annotations

from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect, parse, register_database
from playhouse.pool import PooledDatabase

db = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Writers wait for each other instead of failing with "database is locked".
    "busy_timeout": 10000,
    "synchronous": "normal",
}


class PostgresqlChainFirstDatabase(PostgresqlDatabase):  # migrations tell PostgreSQL by a name "Postgres…"
    """PostgreSQL, where every transaction takes the audit chain's lock as its first step.

    Every audited change takes that lock (thidua/audit_chain.py) and holds it to its commit. A transaction that
    locked a record and then waits for the chain, while the chain's holder waits for that record (closing a
    council session moves many dossiers and audits each as it goes), is a deadlock that PostgreSQL breaks by
    failing one of them. When the chain comes first in every transaction, locks are always taken in one order and
    none waits on another in a circle; writers queue on the chain, which they did at their audit row already.
    SQLite needs none of this: one writer at a time holds the whole database."""

    _chain_exists = False

    def begin(self, isolation_level=None):
        super().begin(isolation_level)
        if isolation_level is not None:
            # A snapshot reader (verify-audit at REPEATABLE READ) writes nothing, and must not: an UPDATE of a row
            # changed since its snapshot would fail it.
            return
        cursor = self.cursor()
        if not self._chain_exists:  # until migration 0019 has run there is no chain to lock
            cursor.execute("SELECT to_regclass('audit_chain_head') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return
            self._chain_exists = True
        cursor.execute("UPDATE audit_chain_head SET last_hash = last_hash WHERE id = 1")


register_database(PostgresqlChainFirstDatabase, "postgres", "postgresql")


class PostgresqlPool(PooledDatabase, PostgresqlChainFirstDatabase):
    """The same, with connections kept for later requests (DATABASE_POOL_SIZE): a new connection per request cost
    more than a simple page (bench/RESULTS.md). Its name starts with "Postgres", as the migrations' checks expect."""


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def open_database(url: str, pool_size: int = 0):
    """Connect the proxy to the database named by url and return the real database; pool_size > 0 keeps up to
    that many PostgreSQL connections open for reuse (the served app only: commands and tests connect plainly)."""
    if url.startswith("postgres") and pool_size > 0:
        database = PostgresqlPool(**parse(url), max_connections=pool_size, stale_timeout=300)
    elif url.startswith("sqlite"):
        database = connect(url, pragmas=SQLITE_PRAGMAS)
        # SQLite's own lower() leaves non-ASCII letters alone, so "đồng" would not find "Đồng".
        database.register_function(_unicode_lower, "lower", 1)
        from .textfold import fold
        database.register_function(fold, "fold", 1, deterministic=True)
    else:
        database = connect(url)
    db.initialize(database)
    return database


def is_sqlite() -> bool:
    return isinstance(db.obj, SqliteDatabase)


def init_app(app) -> None:
    """Open a connection for each request and close it afterwards."""
    open_database(app.config["DATABASE_URL"], app.config.get("DATABASE_POOL_SIZE", 0))

    @app.before_request
    def _connect():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not db.is_closed():
            db.close()


def write_transaction():
    """A transaction that will write: on SQLite it takes the write lock at BEGIN (IMMEDIATE), so that a read
    inside it never leaves it holding a stale snapshot it cannot upgrade (SQLITE_BUSY_SNAPSHOT, which no busy
    timeout waits out); on PostgreSQL an ordinary transaction, row locks doing the queueing."""
    return db.atomic(lock_type="IMMEDIATE") if is_sqlite() else db.atomic()
