"""Where attachment bytes live: a small interface, a local folder by default.

A multi-server deployment points UPLOAD_FOLDER at shared storage, or adds a backend here;
nothing else in the app touches the files directly.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from typing import BinaryIO, Protocol

# Stored names are ours (random hex), never the user's; anything else is refused outright.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class Storage(Protocol):
    def put(self, name: str, data: BinaryIO) -> None:
        """Store data under name, all or nothing: a failed put leaves no file behind."""

    def open(self, name: str) -> BinaryIO:
        """Open the stored file for reading; FileNotFoundError if absent."""

    def exists(self, name: str) -> bool:
        """Say whether a file is stored under name."""

    def delete(self, name: str) -> None:
        """Remove the stored file, if present (only to undo a put whose record was not saved)."""


class LocalStorage:
    """Files in a folder of this host (or a shared mount), spread over 256 subfolders."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)

    def _path(self, name: str) -> str:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"invalid stored file name: {name!r}")
        return os.path.join(self.root, name[:2], name)

    def put(self, name: str, data: BinaryIO) -> None:
        """Write to a temporary file in the target folder, fsync, then rename it into place."""
        path = self._path(name)
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        # Same folder, so the rename is atomic; readers see the whole file or none.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(data, out, 1024 * 1024)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        _fsync_folder(folder)

    def open(self, name: str) -> BinaryIO:
        return open(self._path(name), "rb")

    def exists(self, name: str) -> bool:
        return os.path.isfile(self._path(name))

    def delete(self, name: str) -> None:
        try:
            os.unlink(self._path(name))
        except FileNotFoundError:
            pass


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable; some platforms cannot open folders, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _local(app) -> Storage:
    return LocalStorage(os.path.join(app.config["UPLOAD_FOLDER"], "files"))


BACKENDS = {"local": _local}


def get_storage(app) -> Storage:
    """The storage named by the STORAGE_BACKEND setting."""
    backend = app.config.get("STORAGE_BACKEND", "local")
    try:
        return BACKENDS[backend](app)
    except KeyError:
        raise RuntimeError(f"STORAGE_BACKEND={backend!r} is not supported (known: {', '.join(BACKENDS)})") from None
