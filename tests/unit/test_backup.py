"""Backup and restore (issue 8, point 10): a round trip on SQLite keeps every row of every table and every file."""
import io
import json
import os
import shutil
import sqlite3

import pytest
from werkzeug.datastructures import FileStorage

from thidua import audit_chain, backup, create_app, roles
from thidua.attachments import service
from thidua.db import db, open_database
from tests.attachment_samples import docx_bytes, pdf_bytes, png_bytes
from tests.conftest import TEST_CONFIG
from tests.factories import make_person, make_unit, make_user

OWNER = "test-owner"


@pytest.fixture
def source(app, tmp_path, database_url):
    """An instance with units, users, people, audit rows and three attached files."""
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite round trip; PostgreSQL has its own test below")
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "source-uploads")
    service.register_owner(OWNER, lambda owner_id, user: True, lambda owner_id, user: True)
    with app.app_context():
        db.connect(reuse_if_open=True)
        unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
        user = make_user(roles.UNIT_STAFF, unit=unit)
        for i in range(3):
            make_person(unit, full_name=f"Điểu Văn Sang {i}", national_id=f"07518500000{i}")
        for name, data in (("Báo cáo thành tích.pdf", pdf_bytes()), ("Biên bản.docx", docx_bytes()),
                           ("Ảnh.png", png_bytes())):
            service.save_upload(FileStorage(io.BytesIO(data), filename=name), OWNER, unit.id, user)
    yield app
    service.OWNERS.pop(OWNER, None)


def _tables(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY 1').fetchall() for n in names}
    finally:
        conn.close()


def _files(root) -> dict[str, bytes]:
    found = {}
    for folder, _dirs, files in os.walk(root):
        for f in files:
            path = os.path.join(folder, f)
            found[os.path.relpath(path, root)] = open(path, "rb").read()
    return found


def _fresh_app(tmp_path, name="restored"):
    target = tmp_path / name
    target.mkdir()
    return create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{target / 'thidua.sqlite3'}",
                       "UPLOAD_FOLDER": str(target / "uploads")}), target


def test_round_trip_keeps_every_row_and_every_file(source, tmp_path, database_url):
    dest = tmp_path / "backup"
    result = source.test_cli_runner().invoke(args=["backup", str(dest)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["database"] == "sqlite" and len(manifest["files"]) == 4  # the database and three files

    restored, target = _fresh_app(tmp_path)
    result = restored.test_cli_runner().invoke(args=["restore", str(dest)])
    assert result.exit_code == 0, result.output

    before = _tables(database_url.split(":///", 1)[1])
    after = _tables(target / "thidua.sqlite3")
    assert before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table
    assert before["person"] and before["attachment"] and before["audit_log"]
    files_before = _files(os.path.join(source.config["UPLOAD_FOLDER"], "files"))
    assert len(files_before) == 3
    assert _files(target / "uploads" / "files") == files_before

    # The restored instance works: its audit chain verifies and it serves the app.
    open_database(restored.config["DATABASE_URL"])
    with db.connection_context():
        assert audit_chain.verify().ok
    open_database(database_url)


def test_restore_refuses_a_non_empty_database(source, tmp_path, database_url):
    dest = tmp_path / "backup"
    backup.backup(source, str(dest))
    # The source instance itself is not empty.
    with pytest.raises(backup.BackupError, match="không trống"):
        backup.restore(source, str(dest))


def test_restore_refuses_a_non_empty_file_store(source, tmp_path):
    dest = tmp_path / "backup"
    backup.backup(source, str(dest))
    restored, target = _fresh_app(tmp_path)
    (target / "uploads" / "files" / "ab").mkdir(parents=True)
    (target / "uploads" / "files" / "ab" / "abc").write_bytes(b"x")
    with pytest.raises(backup.BackupError, match="không trống"):
        backup.restore(restored, str(dest))


def test_restore_checks_every_checksum_before_touching_anything(source, tmp_path):
    dest = tmp_path / "backup"
    backup.backup(source, str(dest))
    manifest = json.loads((dest / "manifest.json").read_text())
    victim = next(name for name in manifest["files"] if name.startswith("files/"))
    (dest / victim).write_bytes(b"corrupted")
    restored, target = _fresh_app(tmp_path)
    result = restored.test_cli_runner().invoke(args=["restore", str(dest)])
    assert result.exit_code != 0 and victim in result.output
    assert not (target / "thidua.sqlite3").exists() or _tables(target / "thidua.sqlite3") == {}


def test_backup_refuses_a_folder_that_holds_something(source, tmp_path):
    dest = tmp_path / "backup"
    dest.mkdir()
    (dest / "old.txt").write_text("x")
    with pytest.raises(backup.BackupError):
        backup.backup(source, str(dest))


def test_a_missing_file_is_named(source, tmp_path):
    dest = tmp_path / "backup"
    backup.backup(source, str(dest))
    shutil.rmtree(dest / "files")
    with pytest.raises(backup.BackupError, match="Thiếu tệp"):
        backup.check(str(dest))


@pytest.mark.skipif(not (os.environ.get("TEST_DATABASE_URL") and shutil.which("pg_dump")
                         and shutil.which("pg_restore")),
                    reason="needs TEST_DATABASE_URL and pg_dump/pg_restore")
def test_postgres_round_trip(tmp_path):
    """pg_dump -Fc into the backup, pg_restore into an empty database (created and dropped here)."""
    import uuid

    from playhouse.db_url import connect

    from thidua import migrate
    url = os.environ["TEST_DATABASE_URL"]
    admin = connect(url)
    names = [f"thidua_bk_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    base = url.rsplit("/", 1)[0]
    with admin.connection_context():
        for name in names:
            admin.execute_sql(f'CREATE DATABASE "{name}"')
    try:
        src_app = create_app({**TEST_CONFIG, "DATABASE_URL": f"{base}/{names[0]}",
                              "UPLOAD_FOLDER": str(tmp_path / "src")})
        open_database(src_app.config["DATABASE_URL"])
        with db.connection_context():
            migrate.apply_all()
            with src_app.app_context():
                make_person(make_unit(), full_name="Điểu Văn Sang")
        db.close()
        backup.backup(src_app, str(tmp_path / "bk"))
        dst_app = create_app({**TEST_CONFIG, "DATABASE_URL": f"{base}/{names[1]}",
                              "UPLOAD_FOLDER": str(tmp_path / "dst")})
        backup.restore(dst_app, str(tmp_path / "bk"))
        open_database(dst_app.config["DATABASE_URL"])
        with db.connection_context():
            assert db.execute_sql("SELECT full_name FROM person").fetchall() == [("Điểu Văn Sang",)]
            assert audit_chain.verify().ok
        db.close()
    finally:
        with admin.connection_context():
            for name in names:
                admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
