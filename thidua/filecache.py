"""Generated files (an export, a decision's PDF) kept on disk until the next write anywhere in the app.

The key is the file's own name and arguments plus thidua/readcache.data_version() (the audit chain head, which
every change moves), so a kept file is exactly what generating it again would give. Files live under the
instance folder of each host, written to a temporary name and renamed, so workers never read half a file;
a host that lacks one simply generates it. Used where the benchmark measured seconds of generation
(bench/RESULTS.md): the first download after a change still pays them.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, IO

from flask import current_app

from .readcache import data_version, enabled


def _settings() -> str:
    """The app's plain settings (agency names, signer, paths…): a restart with other settings makes new files."""
    plain = (str, int, float, bool, type(None))
    return repr(sorted((k, v) for k, v in current_app.config.items() if k.isupper() and isinstance(v, plain)))


def _folder(kind: str) -> Path:
    folder = Path(current_app.instance_path) / "cache" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_file(kind: str, key: tuple, build: Callable[[], IO[bytes]]) -> IO[bytes]:
    """An open binary file with build()'s content for this key at the current data version."""
    if not enabled():
        return build()
    folder = _folder(kind)
    slug = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
    version = hashlib.sha256(repr((key, data_version(), _settings())).encode()).hexdigest()[:32]
    path = folder / f"{slug}-{version}"
    try:
        return open(path, "rb")
    except FileNotFoundError:
        pass
    source = build()
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as out:
        source.seek(0)
        while chunk := source.read(1 << 20):
            out.write(chunk)
    source.close()
    os.replace(out.name, path)
    for stale in folder.glob(f"{slug}-*"):  # earlier versions of the same file
        if stale != path:
            stale.unlink(missing_ok=True)
    return open(path, "rb")
