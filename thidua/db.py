"""The database handle shared by every model, and its per-request life cycle."""
from __future__ import annotations

from peewee import DatabaseProxy, Model, SqliteDatabase
from playhouse.db_url import connect, parse
from playhouse.pool import PooledPostgresqlDatabase

db = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Writers wait for each other instead of failing with "database is locked".
    "busy_timeout": 10000,
    "synchronous": "normal",
}


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


class PostgresqlPool(PooledPostgresqlDatabase):
    """PostgreSQL with connections kept for later requests (its name starts with "Postgres", as the migrations'
    backend checks expect)."""


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
