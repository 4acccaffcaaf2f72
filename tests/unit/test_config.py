"""Settings: a secret key is generated once and kept, never a constant in the code."""
from thidua import config


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load(str(tmp_path))["SECRET_KEY"]
    second = config.load(str(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "tu-moi-truong")
    assert config.load(str(tmp_path))["SECRET_KEY"] == "tu-moi-truong"


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.load(str(tmp_path))["DATABASE_URL"] == f"sqlite:///{tmp_path / 'thidua.sqlite3'}"


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(app):
    from thidua.db import db, is_sqlite
    if not is_sqlite():
        return
    with db.connection_context():
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_idle_timeout_and_absolute_limit_are_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "30")
    monkeypatch.setenv("SESSION_ABSOLUTE_HOURS", "48")
    cfg = config.load(str(tmp_path))
    assert cfg["PERMANENT_SESSION_LIFETIME"].total_seconds() == 1800
    assert cfg["SESSION_ABSOLUTE_HOURS"] == 12  # never more than 12 hours
