"""Put a test database back to a saved state many times over, on SQLite and on PostgreSQL.

The access matrix asks hundreds of routes of one world and puts the world back after each answer that changed it;
these stores do the saving, the comparing and the putting back for each backend:
- SQLite: the database is one file; a snapshot is a copy of it.
- PostgreSQL: a snapshot is a schema holding a copy of every table; putting it back empties the tables that changed
  (and those whose rows refer to them) and copies their rows in again, in one transaction. Sequences run on (ids
  only grow), which no test depends on.

A fingerprint digests every row of every table but the bookkeeping a request may write without changing anything
(sign-in counters, sessions, the running audit hash); the workflow and data rows of the audit log count.
"""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

# Tables that a request may write without changing anything a refused request must leave alone.
VOLATILE_TABLES = {"user", "user_session", "login_attempt", "audit_log", "audit_chain_head", "session",
                   "rate_limit"}
AUDIT_EVENTS = ("SELECT action, object_type, object_id, state_before, state_after FROM audit_log "
                "WHERE object_type NOT IN ('user', 'session', 'auth') ORDER BY id")


class SqliteStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _copy(self, name: str) -> Path:
        return self.path.with_name(f"snapshot-{name}.sqlite3")

    def snapshot(self, name: str) -> None:
        """The app must hold no connection: it closes its own after each request."""
        connection = sqlite3.connect(self.path)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        shutil.copyfile(self.path, self._copy(name))

    def restore(self, name: str) -> None:
        for suffix in ("-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(self._copy(name), self.path)

    def fingerprint(self) -> str:
        connection = sqlite3.connect(self.path)
        digest = hashlib.sha256()
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            if table in VOLATILE_TABLES:
                continue
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
        for row in connection.execute(AUDIT_EVENTS):
            digest.update(repr(row).encode())
        connection.close()
        return digest.hexdigest()

    def marker(self):
        return None

    def changed_since(self, marker) -> bool:
        return True  # copying a small file back costs less than finding out whether it changed

    def restore_changed(self, name: str, changed) -> None:
        self.restore(name)

    def close(self) -> None:
        pass


class PostgresStore:
    def __init__(self, url: str):
        import psycopg2
        self.connection = psycopg2.connect(url)
        self.connection.autocommit = True
        with self.connection.cursor() as cursor:
            # A connection the app left open would make the restore wait for ever; fail instead.
            cursor.execute("SET lock_timeout = '10s'")
        self.tables = self._tables_in_dependency_order()
        self.referenced_by = self._referenced_by()
        self.triggered = set(self._query("SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger "
                                         "WHERE NOT tgisinternal"))
        self._fingerprint_sql = self._build_fingerprint_sql()
        self._hashes_sql = self._table_hashes_sql(self.tables)

    def _tables_in_dependency_order(self) -> list[str]:
        from peewee import sort_models

        from thidua.models import MODELS
        ordered = [m._meta.table_name for m in sort_models(MODELS)]
        present = set(self._query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        present.discard("schema_migration")
        return [t for t in ordered if t in present] + sorted(present - set(ordered))

    def _query(self, sql: str) -> list:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()]

    def _referenced_by(self) -> dict[str, set[str]]:
        """table -> the tables whose foreign keys point at it (their rows go when its rows go)."""
        graph: dict[str, set[str]] = {}
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT confrelid::regclass::text, conrelid::regclass::text FROM pg_constraint "
                           "WHERE contype = 'f' AND connamespace = 'public'::regnamespace")
            for target, source in cursor.fetchall():
                graph.setdefault(target.strip('"'), set()).add(source.strip('"'))
        return graph

    def _table_hashes_sql(self, tables) -> str:
        parts = [f"""SELECT '{t}', md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM "{t}" r"""
                 for t in tables]
        return " UNION ALL ".join(parts)

    def _build_fingerprint_sql(self) -> str:
        parts = [self._table_hashes_sql(t for t in self.tables if t not in VOLATILE_TABLES)]
        parts.append("SELECT 'audit_log', md5(coalesce(string_agg(concat_ws(',', action, object_type, object_id, "
                     "state_before, state_after), '|' ORDER BY id), '')) FROM audit_log "
                     "WHERE object_type NOT IN ('user', 'session', 'auth')")
        return "SELECT md5(string_agg(t || h, '' ORDER BY t)) FROM (" + " UNION ALL ".join(parts) + ") s(t, h)"

    def _table_hashes(self) -> dict[str, str]:
        with self.connection.cursor() as cursor:
            cursor.execute(self._hashes_sql)
            return dict(cursor.fetchall())

    def snapshot(self, name: str) -> None:
        schema = f"snapshot_{name}"
        statements = [f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', f'CREATE SCHEMA "{schema}"']
        statements += [f'CREATE TABLE "{schema}"."{t}" AS SELECT * FROM public."{t}"' for t in self.tables]
        with self.connection.cursor() as cursor:
            cursor.execute("BEGIN")
            for statement in statements:
                cursor.execute(statement)
            cursor.execute("COMMIT")

    def restore(self, name: str, tables=None) -> None:
        """Put back the given tables (all by default) and every table that refers to them."""
        wanted = set(self.tables if tables is None else tables)
        while True:
            grown = wanted | {source for t in wanted for source in self.referenced_by.get(t, ())}
            if grown == wanted:
                break
            wanted = grown
        ordered = [t for t in self.tables if t in wanted]
        guarded = [t for t in ordered if t in self.triggered]
        schema = f"snapshot_{name}"
        with self.connection.cursor() as cursor:
            # DELETE, not TRUNCATE: TRUNCATE makes new files for every table, ten times slower on a small world.
            # The append-only and frozen-row triggers are off for this transaction only (DDL is transactional).
            cursor.execute("BEGIN")
            for t in guarded:
                cursor.execute(f'ALTER TABLE public."{t}" DISABLE TRIGGER USER')
            for t in reversed(ordered):
                cursor.execute(f'DELETE FROM public."{t}"')
            for t in ordered:
                cursor.execute(f'INSERT INTO public."{t}" SELECT * FROM "{schema}"."{t}"')
            for t in guarded:
                cursor.execute(f'ALTER TABLE public."{t}" ENABLE TRIGGER USER')
            cursor.execute("COMMIT")

    def fingerprint(self) -> str:
        return self._query(self._fingerprint_sql)[0]

    def marker(self) -> dict[str, str]:
        return self._table_hashes()

    def changed_since(self, marker: dict[str, str]) -> list[str]:
        """The tables whose rows differ from marker's (the accounts and the audit log included)."""
        now = self._table_hashes()
        return [t for t in self.tables if now.get(t) != marker.get(t)]

    def restore_changed(self, name: str, changed) -> None:
        self.restore(name, changed)

    def close(self) -> None:
        self.connection.close()


def store_for(url: str):
    if url.startswith("sqlite:///"):
        return SqliteStore(Path(url.removeprefix("sqlite:///")))
    return PostgresStore(url)
