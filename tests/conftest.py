"""Shared fixtures: a fresh, migrated database per test on SQLite, and on PostgreSQL
too when TEST_DATABASE_URL is set; the app, a client, and sign-in helpers."""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

# Keep the generated secret key and any instance files out of the checkout.
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="thidua-instance-"))

from thidua import create_app  # noqa: E402
from thidua import migrate as migrate_module  # noqa: E402
from thidua.db import db, open_database  # noqa: E402

def _demo_signing_certificate() -> dict:
    """One self-signed certificate for the whole run: signing a decision needs one (thidua/signing)."""
    from pathlib import Path

    from thidua.signing.certificates import make_demo_certificate
    key, cert = make_demo_certificate(Path(tempfile.mkdtemp(prefix="thidua-signing-")),
                                      "Ban Dân tộc tỉnh Đồng Nai (thử nghiệm)", "Ban Dân tộc tỉnh Đồng Nai", None)
    return {"SIGNING_KEY": str(key), "SIGNING_CERT": str(cert), "SIGNING_PASSPHRASE": ""}


BACKENDS = ["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else [])

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "LOAD_DEMO_DATA": False,
    # Cheap hashing keeps the suite fast; production uses the defaults of config.py.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_KIB": 64,
    # Admins sign in without a second factor here (the many admin tests); tests/web/test_totp.py turns it on.
    "ADMIN_TOTP_REQUIRED": False,
    # Suites and live servers sign in many times from 127.0.0.1; test_sign_in_hardening.py sets a low limit.
    "LOGIN_RATE_LIMIT": "1000 per minute",
    # Aggregates and generated files kept until the next write (thidua/readcache.py): off, since PostgreSQL test
    # databases are emptied between tests; tests/web/test_streaming_exports.py turns it on where it checks it.
    "READ_CACHE": False,
    **_demo_signing_certificate(),
}


def _reset_postgres(url: str) -> None:
    database = open_database(url)
    with database.connection_context():
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")


def _postgres_tables(database) -> list[str]:
    return [t for t in database.get_tables() if t != "schema_migration"]


def _snapshot_seed_rows(database) -> list[tuple[str, list[str], list[tuple]]]:
    """Keep the rows that migrations seed (the catalogue), to restore them after each TRUNCATE."""
    from peewee import sort_models

    from thidua.models import MODELS
    seeds = []
    for model in sort_models(MODELS):
        table = model._meta.table_name
        cursor = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1')
        rows = cursor.fetchall()
        if rows:
            seeds.append((table, [c[0] for c in cursor.description], rows))
    return seeds


def _restore_seed_rows(database, seeds) -> None:
    for table, columns, rows in seeds:
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        database.cursor().executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)
        database.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f'(SELECT MAX(id) FROM "{table}"))')


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory):
    """Migrate one pristine database per backend; yield (name, url or template path)."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("db") / "template.sqlite3"
        database = open_database(f"sqlite:///{template}")
        with database.connection_context():
            migrate_module.apply_all()
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
        yield "sqlite", str(template)
    else:
        url = os.environ["TEST_DATABASE_URL"]
        _reset_postgres(url)
        database = open_database(url)
        with database.connection_context():
            migrate_module.apply_all()
            seeds = _snapshot_seed_rows(database)
        yield "postgres", (url, seeds)


def empty_database_url(backend, tmp_path) -> str:
    """An empty, migrated database of the backend: a copy of the SQLite template, or the PostgreSQL test database
    with every table emptied and the migrations' seed rows put back."""
    name, where = backend
    if name == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(where, path)
        return f"sqlite:///{path}"
    url, seeds = where
    database = open_database(url)
    with database.connection_context():
        tables = ", ".join(f'"{t}"' for t in _postgres_tables(database))
        with database.atomic():
            database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            _restore_seed_rows(database, seeds)
    return url


@pytest.fixture
def database_url(backend, tmp_path):
    """Give each test an empty, migrated database."""
    return empty_database_url(backend, tmp_path)


@pytest.fixture
def app(database_url):
    # No app context stays pushed: requests would share it, and flask-login's cached user with it.
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url})
    yield app
    if not db.is_closed():
        db.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_unit(app):
    from tests.factories import make_unit
    return make_unit


@pytest.fixture
def make_user(app):
    from tests.factories import make_user

    def _make_user(*args, **kwargs):
        with app.app_context():  # hashing reads the app's Argon2 settings
            return make_user(*args, **kwargs)
    return _make_user


@pytest.fixture
def sign_in(client):
    """Sign a user in through the real form; return the response."""
    from tests.factories import DEFAULT_PASSWORD

    def _sign_in(user, password: str = DEFAULT_PASSWORD, the_client=None):
        c = the_client or client
        return c.post("/login", data={"username": user.username, "password": password})
    return _sign_in
