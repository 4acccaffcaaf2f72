"""Uploaded import files kept between the preview and the confirmation.

The file itself is the state: it is stored under UPLOAD_FOLDER/<area>/<token>.xlsx with a
small <token>.json beside it (who uploaded it, for which unit, when), and parsed again on
confirmation. Each kind of import has its own area ("imports" for the lists of people,
"history-imports" for past awards), so a token of one can never be confirmed by the other.
No worker process keeps anything in memory, so any worker may answer either step; with
several hosts, UPLOAD_FOLDER must be shared storage.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

LIFETIME_SECONDS = 60 * 60
DEFAULT_AREA = "imports"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class Staged:
    token: str
    path: Path
    user_id: int
    unit_id: int | None  # None: the rows name their own units (the award history import)
    filename: str
    created: float

    @property
    def expires_at(self) -> float:
        return self.created + LIFETIME_SECONDS


def _folder(area: str = DEFAULT_AREA) -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / area
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _paths(token: str, area: str = DEFAULT_AREA) -> tuple[Path, Path]:
    folder = _folder(area)
    return folder / f"{token}.xlsx", folder / f"{token}.json"


def _remove(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass  # another worker cleaned it up first


def purge_expired(now: float | None = None, area: str = DEFAULT_AREA) -> None:
    """Delete the files of previews nobody confirmed in time."""
    now = now or time.time()
    for meta_path in _folder(area).glob("*.json"):
        try:
            created = json.loads(meta_path.read_text())["created"]
        except (OSError, ValueError, KeyError):
            continue
        if now - created > LIFETIME_SECONDS:
            _remove(meta_path.with_suffix(".xlsx"), meta_path)
    # Left behind by a worker that stopped in the middle of an import.
    for claimed in _folder(area).glob("*.claimed-*"):
        try:
            if now - claimed.stat().st_mtime > LIFETIME_SECONDS:
                _remove(claimed)
        except FileNotFoundError:
            pass


def save(stream, user_id: int, unit_id: int | None, filename: str, area: str = DEFAULT_AREA) -> str:
    """Keep an uploaded file for its owner; return the token that names it."""
    purge_expired(area=area)
    token = secrets.token_urlsafe(32)
    data_path, meta_path = _paths(token, area)
    stream.seek(0)
    with open(data_path, "wb") as out:
        while chunk := stream.read(1 << 16):
            out.write(chunk)
    meta = {"user_id": user_id, "unit_id": unit_id, "filename": filename, "created": time.time()}
    # The metadata is written last: a token without it does not exist yet.
    meta_path.write_text(json.dumps(meta, ensure_ascii=False))
    return token


def load(token: str, user_id: int, area: str = DEFAULT_AREA) -> Staged | None:
    """Return the upload named token if it belongs to user_id and has not expired, else None."""
    if not _TOKEN.match(token or ""):
        return None
    data_path, meta_path = _paths(token, area)
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id or not data_path.exists():
        return None  # someone else's upload looks exactly like one that does not exist
    staged = Staged(token, data_path, meta["user_id"], meta.get("unit_id"), meta.get("filename", ""),
                    meta["created"])
    if time.time() > staged.expires_at:
        discard(staged)
        return None
    return staged


def claim(staged: Staged) -> Path | None:
    """Take the file for importing; only one of two simultaneous confirmations gets it."""
    claimed = staged.path.with_name(f"{staged.token}.claimed-{secrets.token_hex(4)}")
    try:
        os.rename(staged.path, claimed)
    except FileNotFoundError:
        return None
    return claimed


def release(staged: Staged, claimed: Path) -> None:
    """Put a claimed file back, after an import that did not go through."""
    os.rename(claimed, staged.path)


def discard(staged: Staged, claimed: Path | None = None) -> None:
    meta_path = staged.path.with_suffix(".json")
    _remove(*(p for p in (claimed, staged.path, meta_path) if p is not None))
