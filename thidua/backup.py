"""Backup and restore of a whole instance: the database and the attached files, with a manifest of checksums.

`flask --app app backup DEST` writes into DEST (a new or empty folder):
  database.sqlite3   SQLite, copied with the online backup API (consistent while the app keeps running), or
  database.dump      PostgreSQL, `pg_dump -Fc` of DATABASE_URL;
  files/...          the attachment storage (UPLOAD_FOLDER/files), copied after the database, so every file the
                     copied database names is there (files are never deleted, only marked removed);
  manifest.json      the SHA-256 and size of every file above, the kind of database, the time (UTC).

`flask --app app restore SRC` checks every checksum first, then refuses unless the target instance is empty (no
table in its database, no file in its storage), then restores the database and the files and checks the files again.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump/pg_restore with fixed arguments, never a shell
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
FILES_DIR = "files"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that must not go on; the message says why, in Vietnamese."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL, else None (PostgreSQL)."""
    if not url.startswith("sqlite"):
        return None
    return Path(url.split(":///", 1)[1])


def postgres_url(url: str) -> str:
    """DATABASE_URL as libpq reads it (peewee's 'postgres+pool://' and 'postgresext://' become 'postgresql://')."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest


def storage_root(app) -> Path:
    """The folder of the local attachment storage (thidua/attachments/storage.py)."""
    return Path(app.config["UPLOAD_FOLDER"]) / "files"


def _walk(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".part-"))


@dataclass
class Summary:
    database: str
    files: int
    path: Path


def backup(app, dest: str) -> Summary:
    """Write a backup of app's database and attached files into dest (created, or empty)."""
    dest_path = Path(dest)
    if dest_path.exists() and any(dest_path.iterdir()):
        raise BackupError(f"Thư mục {dest_path} đã có dữ liệu; hãy chọn một thư mục mới hoặc trống.")
    dest_path.mkdir(parents=True, exist_ok=True)
    url = app.config["DATABASE_URL"]
    source = sqlite_path(url)
    if source is not None:
        db_file = dest_path / SQLITE_FILE
        src = sqlite3.connect(source)
        dst = sqlite3.connect(db_file)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
        kind = "sqlite"
    else:
        db_file = dest_path / PG_FILE
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(db_file), "--dbname", postgres_url(url)], "pg_dump")
        kind = "postgresql"
    root = storage_root(app)
    copied = []
    for path in _walk(root):
        target = dest_path / FILES_DIR / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied.append(target)
    entries = {}
    for path in [db_file, *copied]:
        entries[path.relative_to(dest_path).as_posix()] = {"sha256": sha256_of(path), "size": path.stat().st_size}
    manifest = {"format": FORMAT, "database": kind, "database_file": db_file.name,
                "created_at_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "files": entries}
    (dest_path / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True),
                                      encoding="utf-8")
    return Summary(kind, len(copied), dest_path)


def _run(args: list[str], tool: str) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"Không tìm thấy chương trình {tool} trên máy này (cần cho PostgreSQL).")
    result = subprocess.run(args, capture_output=True, text=True, check=False)  # nosec B603 - no shell
    if result.returncode != 0:
        raise BackupError(f"{tool} báo lỗi: {result.stderr.strip()[:2000]}")


def read_manifest(src: Path) -> dict:
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Không đọc được {MANIFEST} trong {src}: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu có định dạng {manifest.get('format')!r}, không phải {FORMAT}.")
    return manifest


def check(src: str) -> dict:
    """Check every file of a backup against its manifest; return the manifest, or raise naming the bad file."""
    src_path = Path(src)
    manifest = read_manifest(src_path)
    for name, entry in manifest["files"].items():
        path = (src_path / name).resolve()
        if src_path.resolve() not in path.parents:
            raise BackupError(f"Tên tệp không hợp lệ trong manifest: {name}")
        if not path.is_file():
            raise BackupError(f"Thiếu tệp {name} trong bản sao lưu.")
        if sha256_of(path) != entry["sha256"]:
            raise BackupError(f"Tệp {name} không khớp mã băm SHA-256 trong manifest (hỏng hoặc bị sửa).")
    if manifest["database_file"] not in manifest["files"]:
        raise BackupError("Manifest không có tệp cơ sở dữ liệu.")
    return manifest


def _sqlite_tables(path: Path) -> list[str]:
    if not path.exists() or path.stat().st_size == 0:
        return []
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        conn.close()


def _postgres_tables(url: str) -> list[str]:
    from playhouse.db_url import connect
    database = connect(url)
    try:
        database.connect()
        return database.get_tables()
    finally:
        database.close()


def restore(app, src: str) -> Summary:
    """Restore a checked backup into app's instance, which must be empty."""
    src_path = Path(src)
    manifest = check(src)
    url = app.config["DATABASE_URL"]
    target = sqlite_path(url)
    kind = "sqlite" if target is not None else "postgresql"
    if manifest["database"] != kind:
        raise BackupError(f"Bản sao lưu là của {manifest['database']}, còn DATABASE_URL trỏ tới {kind}.")
    tables = _sqlite_tables(target) if target is not None else _postgres_tables(url)
    if tables:
        raise BackupError("Cơ sở dữ liệu đích không trống (đã có bảng: " + ", ".join(sorted(tables)[:5])
                          + "…). Chỉ khôi phục vào một phiên bản mới, trống.")
    root = storage_root(app)
    if _walk(root):
        raise BackupError(f"Kho tệp đích {root} không trống. Chỉ khôi phục vào một phiên bản mới, trống.")
    db_file = src_path / manifest["database_file"]
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        src_conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        dst_conn = sqlite3.connect(target)
        try:
            with dst_conn:
                src_conn.backup(dst_conn)
        finally:
            dst_conn.close()
            src_conn.close()
    else:
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname",
              postgres_url(url), str(db_file)], "pg_restore")
    count = 0
    prefix = FILES_DIR + "/"
    for name, entry in manifest["files"].items():
        if not name.startswith(prefix):
            continue
        destination = root / name[len(prefix):]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src_path / name, destination)
        if sha256_of(destination) != entry["sha256"]:
            raise BackupError(f"Tệp {name} chép sang {destination} không khớp mã băm.")
        count += 1
    return Summary(kind, count, root)
